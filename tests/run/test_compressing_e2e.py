"""A step that stops the tag (a route change) and the run leaving the page never cost an upload, however slow
the machine compresses (clarity-js 0.8.70 loses one being compressed: tests/tag/test_upload_race_e2e.py); the
tag sends its uploads uncompressed, and the page's own compression is left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tagprobe.run.compressing import REFUSAL, TAG_SCRIPT_PREFIX, send_uploads_uncompressed
from tests.conftest import RunYaml

pytestmark = pytest.mark.e2e

SLOW_COMPRESSION = """
(() => {
  const Page = window.CompressionStream;
  window.compressionsAsked = 0;
  window.slowNextCompression = false;
  window.CompressionStream = function (format) {
    const slow = window.slowNextCompression;
    if (slow) window.compressionsAsked += 1;
    const inner = new Page(format);
    if (!slow) return inner;
    window.slowNextCompression = false;
    let first = true;
    const late = new TransformStream({
      async transform(chunk, controller) {
        if (first) await new Promise((done) => setTimeout(done, 1000));
        first = false;
        controller.enqueue(chunk);
      },
    });
    late.readable.pipeTo(inner.writable);
    return {writable: late.writable, readable: inner.readable};
  };
})();
"""
"""Installed after tagprobe's scripts, on the page's `CompressionStream` as a site sees it: the compression the
tag asks for once `slowNextCompression` is set takes its input a second late, as on a loaded machine."""

ASK_THEN_WAIT = """
  - evaluate: |
      window.slowNextCompression = true;
      window.clarity("event", "sent_while_compressing");
  - evaluate: >-
      new Promise((done) => { const poll = setInterval(() => { if (window.compressionsAsked > 0)
      { clearInterval(poll); done(); } }, 5); })
"""
"""The event is queued in the task that slows the next compression, so that compression is the upload carrying
it. Without tagprobe's hold, the step after these stops the tag inside that second and the event is lost."""

ROUTE_CHANGE = f"""
name: a route change step while an upload is compressed
url: /
tag: {{config: {{delay: 100, restart: 2000}}}}
steps:
  - click: "#consent-accept"
  - wait_for: {{uploads: 1}}
{ASK_THEN_WAIT}
  - click: "#nav-cart"
  - wait_for: {{url: /cart}}
"""

LAST_STEP = f"""
name: the page is left while an upload is compressed
url: /
tag: {{config: {{delay: 100}}}}
steps:
  - click: "#consent-accept"
  - wait_for: {{uploads: 1}}
{ASK_THEN_WAIT}
"""


@pytest.mark.parametrize("text", [ROUTE_CHANGE, LAST_STEP], ids=["route-change", "leaving"])
def test_no_upload_is_lost_to_a_stop_while_the_tag_compresses(
    run_yaml: RunYaml, tmp_path: Path, text: str
) -> None:
    script = tmp_path / "slow-compression.js"
    script.write_text(SLOW_COMPRESSION, encoding="utf-8")
    outcome = run_yaml(text, slug="compression-hold", init_scripts=(script,))
    assert {result.status.value for result in outcome.record.steps} == {"passed"}
    uploads = outcome.record.capture.uploads
    assert any("sent_while_compressing" in upload.payload for upload in uploads)
    messages = [error.message for error in outcome.record.capture.page_errors]
    assert "Cannot read properties of null (reading 'sequence')" not in messages
    first_page = sorted(
        upload.envelope.sequence for upload in uploads if upload.envelope and upload.envelope.page_num == 1
    )
    assert first_page == list(range(1, len(first_page) + 1)), "no upload of the first page is missing"


SITE_COMPRESSES = """async () => {
  const stream = new CompressionStream("gzip");
  const zipped = new Blob(["hello ".repeat(1000)]).stream().pipeThrough(stream);
  const bytes = new Uint8Array(await new Response(zipped).arrayBuffer());
  const back = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
  let refused = "";
  try { new CompressionStream("zip"); } catch (error) { refused = error.name; }
  return {
    subclass: stream instanceof CompressionStream,
    name: CompressionStream.name,
    roundTrip: back === "hello ".repeat(1000),
    gzip: bytes[0] === 0x1f && bytes[1] === 0x8b,
    refused,
    keys: Object.keys(stream).length,
  };
}"""

TAG_COMPRESSES = """
try { new CompressionStream("gzip"); window.tagStream = "made"; } catch (error) { window.tagStream = error.message; }
"""


def test_only_the_tag_is_refused_a_compression_stream(real_browser: Browser) -> None:
    context = real_browser.new_context()
    try:
        send_uploads_uncompressed(context)
        page = context.new_page()
        page.goto("about:blank")
        page.evaluate("Error.stackTraceLimit = 0")
        assert page.evaluate(SITE_COMPRESSES) == {
            "subclass": True,
            "name": "CompressionStream",
            "roundTrip": True,
            "gzip": True,
            "refused": "TypeError",
            "keys": 0,
        }
        page.route(
            TAG_SCRIPT_PREFIX + "**",
            lambda route: route.fulfill(status=200, content_type="text/javascript", body=TAG_COMPRESSES),
        )
        page.add_script_tag(url=TAG_SCRIPT_PREFIX + "0.0.0/clarity.js")
        assert page.evaluate("window.tagStream") == REFUSAL
        assert page.evaluate("Error.stackTraceLimit") == 0, "the page's own setting is left as it was"
    finally:
        context.close()
