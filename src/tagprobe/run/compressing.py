"""Counts the gzip compressions running in a page and waits until there is none, so tagprobe never stops the
tag (a step's route change, leaving the page) while one of its uploads is being compressed.

clarity-js 0.8.70 (`src/data/upload.ts`) takes an upload's events out of its buffers, then awaits
`CompressionStream`; a stop meanwhile loses those events and the tag throws "Cannot read properties of null
(reading 'sequence')" (tests/tag/test_upload_race_e2e.py). A visitor can hit that too, but a CI gate must not
flip its verdict on how loaded the machine was when the tag compressed."""

from __future__ import annotations

import json

from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

COMPRESSIONS_EVENT = "tagprobe:compressions"
COMPRESSION_BOUND_MS = 5000.0
"""A compression still running after this is the site's own (a stream never read), not the tag's: go on."""

COUNTING_SCRIPT = f"""(() => {{
  const Native = window.CompressionStream;
  const readableOf = Native && Object.getOwnPropertyDescriptor(Native.prototype, "readable");
  if (typeof Native !== "function" || !readableOf || !readableOf.get) return;
  const timer = window.setTimeout.bind(window);
  let running = 0;
  let waiting = [];
  const readables = new WeakMap();
  const ended = () => {{
    running -= 1;
    // A task later: the reader of the stream (the tag's await) has taken the last chunk by then.
    if (running === 0) timer(() => {{ if (running === 0) waiting.splice(0).forEach((done) => done()); }}, 0);
  }};
  class CompressionStream extends Native {{
    constructor(...args) {{
      super(...args);
      running += 1;
      const passed = new TransformStream();
      readableOf.get.call(this).pipeTo(passed.writable).then(ended, ended);
      readables.set(this, passed.readable);
    }}
    get readable() {{
      return readables.has(this) ? readables.get(this) : readableOf.get.call(this);
    }}
  }}
  window.CompressionStream = CompressionStream;
  document.addEventListener({json.dumps(COMPRESSIONS_EVENT)}, (event) => {{
    if (!event.detail || typeof event.detail !== "object") return;
    event.detail.idle = () => running === 0 ? Promise.resolve() : new Promise((done) => waiting.push(done));
    event.detail.timer = timer;
  }});
}})();"""
"""Wraps the page's `CompressionStream` before any script runs: the same constructor for the page (a subclass,
so `instanceof` and the output are unchanged), whose readable side passes every chunk through and counts the
stream done when it closes, errors or is cancelled. The count is read through an event only tagprobe sends."""

WAIT = """async ({event, boundMs}) => {
  const probe = {};
  document.dispatchEvent(new CustomEvent(event, {detail: probe}));
  if (typeof probe.idle !== "function") return true;
  return await new Promise((resolve) => {
    probe.timer(() => resolve(false), boundMs);
    probe.idle().then(() => resolve(true));
  });
}"""


def count_compressions(context: BrowserContext) -> None:
    """Before any page of the context loads: what `wait_until_compressed` needs."""
    context.add_init_script(COUNTING_SCRIPT)


def wait_until_compressed(page: Page, bound_ms: float = COMPRESSION_BOUND_MS) -> bool:
    """Waits, in the page, until no compression runs, for at most `bound_ms` on the page's clock: whether
    none did by then. A page that navigated or closed meanwhile has none. No Playwright timeout: arm the
    watchdog around it."""
    try:
        return bool(page.evaluate(WAIT, {"event": COMPRESSIONS_EVENT, "boundMs": bound_ms}))
    except PlaywrightError:
        return True
