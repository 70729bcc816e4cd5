"""tagprobe waits, before each step and before leaving a page, until the tag has compressed its upload: a step
that changes the route while an upload is being compressed would otherwise lose its events (clarity-js 0.8.70,
tests/tag/test_upload_race_e2e.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import RunYaml

pytestmark = pytest.mark.e2e

HELD_COMPRESSION = """
(() => {
  const Native = window.CompressionStream;
  window.heldCompressions = 0;
  window.holdNextCompression = false;
  window.CompressionStream = function (format) {
    const inner = new Native(format);
    if (!window.holdNextCompression) return inner;
    window.holdNextCompression = false;
    window.heldCompressions += 1;
    let first = true;
    const held = new TransformStream({
      async transform(chunk, controller) {
        if (first) await new Promise((done) => setTimeout(done, 1000));
        first = false;
        controller.enqueue(chunk);
      },
    });
    held.readable.pipeTo(inner.writable);
    return {writable: held.writable, readable: inner.readable};
  };
})();
"""
"""Installed before the tag starts: the compression made after `holdNextCompression` is set takes its input a
second late, as one on a loaded machine does."""

SCENARIO = """
name: a route change step while an upload is compressed
url: /
tag: {config: {delay: 100, restart: 2000}}
steps:
  - click: "#consent-accept"
  - wait_for: {uploads: 1}
  - evaluate: |
      window.holdNextCompression = true;
      window.clarity("event", "sent_while_compressing");
  - evaluate: >-
      new Promise((done) => { const poll = setInterval(() => { if (window.heldCompressions > 0)
      { clearInterval(poll); done(); } }, 5); })
  - click: "#nav-cart"
  - wait_for: {url: /cart}
"""
"""The event is queued in the task that holds the next compression up, so that compression is the upload
carrying it; the click that changes the route is the step right after it started."""


def test_a_step_waits_for_the_upload_being_compressed(run_yaml: RunYaml, tmp_path: Path) -> None:
    script = tmp_path / "held-compression.js"
    script.write_text(HELD_COMPRESSION, encoding="utf-8")
    outcome = run_yaml(SCENARIO, slug="compression-wait", init_scripts=(script,))
    assert {result.status.value for result in outcome.record.steps} == {"passed"}
    uploads = outcome.record.capture.uploads
    assert any("sent_while_compressing" in upload.payload for upload in uploads)
    messages = [error.message for error in outcome.record.capture.page_errors]
    assert "Cannot read properties of null (reading 'sequence')" not in messages
    first_page = sorted(
        upload.envelope.sequence for upload in uploads if upload.envelope and upload.envelope.page_num == 1
    )
    assert first_page == list(range(1, len(first_page) + 1)), "no upload of the first page is missing"


LAST_STEP = """
name: the page is left while an upload is compressed
url: /
tag: {config: {delay: 100}}
steps:
  - click: "#consent-accept"
  - wait_for: {uploads: 1}
  - evaluate: |
      window.holdNextCompression = true;
      window.clarity("event", "sent_while_compressing");
  - evaluate: >-
      new Promise((done) => { const poll = setInterval(() => { if (window.heldCompressions > 0)
      { clearInterval(poll); done(); } }, 5); })
"""
"""The run leaves the page (for about:blank) right after the step during which that compression started."""


def test_the_page_is_left_once_the_upload_is_compressed(run_yaml: RunYaml, tmp_path: Path) -> None:
    script = tmp_path / "held-compression.js"
    script.write_text(HELD_COMPRESSION, encoding="utf-8")
    outcome = run_yaml(LAST_STEP, slug="compression-leave", init_scripts=(script,))
    assert {result.status.value for result in outcome.record.steps} == {"passed"}
    assert any("sent_while_compressing" in upload.payload for upload in outcome.record.capture.uploads)
    messages = [error.message for error in outcome.record.capture.page_errors]
    assert "Cannot read properties of null (reading 'sequence')" not in messages
