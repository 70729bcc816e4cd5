"""Keeps the tag from losing an upload to a stop: the tag's uploads go out uncompressed, in the task that made
them, so none is ever waiting on its compression when the tag stops.

clarity-js 0.8.70 (`src/data/upload.ts`) takes an upload's events out of its buffers, then awaits
`compress()`; a stop meanwhile (a route change, pagehide) loses those events and the tag throws "Cannot read
properties of null (reading 'sequence')" (tests/tag/test_upload_race_e2e.py). A visitor can hit that too, but
a CI gate must not flip its verdict on how loaded the machine was while the tag compressed.

Waiting for the compression to end before each step and before leaving is not enough: the tag can start the
next one between that wait and the step (seen under `make flake LOAD=2`). So the page refuses the tag a
`CompressionStream`; `compress()` catches that and returns null, and the tag sends the text, as it does on a
browser without `CompressionStream` and for every retry: the same payload, decoded the same way."""

from __future__ import annotations

import json

from playwright.sync_api import BrowserContext

from tagprobe.tag.scripts import SCRIPT_URL_TEMPLATE

TAG_SCRIPT_PREFIX = SCRIPT_URL_TEMPLATE.split("{version}", 1)[0]
"""Every tag tagprobe runs is served from here (`tag/install.py`), so its frames name the stream's caller."""
REFUSAL = "tagprobe sends the tag's uploads uncompressed"

UNCOMPRESSED_SCRIPT = f"""(() => {{
  const Native = window.CompressionStream;
  if (typeof Native !== "function") return;
  const NativeError = Error, tagPrefix = {json.dumps(TAG_SCRIPT_PREFIX)};
  const calledByTheTag = () => {{
    const limit = NativeError.stackTraceLimit;
    NativeError.stackTraceLimit = 12;
    try {{ return String(new NativeError().stack).includes(tagPrefix); }}
    finally {{ NativeError.stackTraceLimit = limit; }}
  }};
  class CompressionStream extends Native {{
    constructor(...args) {{
      if (calledByTheTag()) throw new TypeError({json.dumps(REFUSAL)});
      super(...args);
    }}
  }}
  window.CompressionStream = CompressionStream;
}})();"""
"""Replaces the page's `CompressionStream` before any script runs with a subclass (so `instanceof`, the name
and the output are unchanged for the site's own streams) that throws when a frame of the caller's stack is the
tag's script. The stack is read at a fixed depth: a site may have set `Error.stackTraceLimit` to 0."""


def send_uploads_uncompressed(context: BrowserContext) -> None:
    """Before any page of the context loads."""
    context.add_init_script(UNCOMPRESSED_SCRIPT)
