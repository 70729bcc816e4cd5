"""Records every call a page makes to `window.clarity`, queued on the snippet's stub or made on the live tag,
with its arguments and the place in the site's scripts that made it."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from typing import Any

from playwright.sync_api import BrowserContext

from tagprobe.capture.bounded import BoundedList, clip
from tagprobe.capture.clock import CaptureClock
from tagprobe.capture.records import CallSite, TagCall

BINDING = "__tagprobeTagCall"
MAX_STRING = 4096
"""Longer string arguments are cut here: still long enough to judge the tag's 255-character limits."""
HIDDEN = "***"
TAG_HOST = re.compile(r"^https?://([^/]+\.)?clarity\.ms(:\d+)?/")
"""Calls made from Clarity's own scripts: the tag replaying its queue, the loader starting it."""
INTERNAL_CALL = "tagprobe.internal"
"""A function argument carrying `Symbol.for(INTERNAL_CALL)` marks a call tagprobe made itself: not recorded."""
STACK_FRAME = re.compile(r"\(?((?:https?|file)://[^\s()]+):(\d+):(\d+)\)?\s*$")

RECORDER = f"""(() => {{
  if (window.top !== window || !/^https?:$/.test(location.protocol)) return;
  const MAX_STRING = {MAX_STRING};
  const plain = (value, depth) => {{
    if (value === null) return null;
    const type = typeof value;
    if (type === "string") return value.length > MAX_STRING ? value.slice(0, MAX_STRING) : value;
    if (type === "boolean") return value;
    if (type === "number") return Number.isFinite(value) ? value : {{"$type": "number", "text": String(value)}};
    if (type !== "object") return {{"$type": type}};
    if (depth > 4) return {{"$type": "object"}};
    if (Array.isArray(value)) return value.slice(0, 50).map((item) => plain(item, depth + 1));
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return {{"$type": Object.prototype.toString.call(value)}};
    const out = {{}};
    for (const key of Object.keys(value).slice(0, 50)) out[key] = plain(value[key], depth + 1);
    return out;
  }};
  const record = (target, args, stack, script) => {{
    if (args.length > 1 && typeof args[1] === "function" && args[1][Symbol.for({json.dumps(INTERNAL_CALL)})]) return;
    try {{
      const method = args.length ? plain(args[0], 0) : {{"$type": "undefined"}};
      const rest = Array.prototype.slice.call(args, 1).map((item) => plain(item, 0));
      window.{BINDING}(JSON.stringify({{method, args: rest, queued: !("v" in target),
        page: location.href, stack, script}}));
    }} catch (error) {{}}
  }};
  let proxied;
  const wrap = (value) => typeof value !== "function" ? value : new Proxy(value, {{
    apply(target, self, args) {{
      record(target, args, String(new Error().stack || ""), "");
      return Reflect.apply(target, self, args);
    }},
  }});
  const takeOver = (value) => {{
    Object.defineProperty(window, "clarity", {{
      configurable: true,
      enumerable: true,
      get() {{ return proxied; }},
      set(next) {{ if (next !== proxied) proxied = wrap(next); }},
    }});
    window.clarity = value;
  }};
  const JS_TYPE = /^$|^module$|^(text|application)\\/(x-)?(java|ecma)script$/;
  // The snippet's shape (its queue stub and its loader), not merely a mention of Clarity (a consent manager's
  // inline settings may name clarity.ms/tag without ever running the snippet).
  const isSnippet = (node) => node.nodeName === "SCRIPT" && !node.src
    && JS_TYPE.test((node.getAttribute("type") || "").trim().toLowerCase())
    && /clarity\\.ms\\/tag/.test(node.textContent || "") && /push\\(arguments\\)/.test(node.textContent || "");
  const watch = new MutationObserver((changes) => check(changes));
  const check = (changes) => {{
    const current = Object.getOwnPropertyDescriptor(window, "clarity");
    if (current && current.configurable && "value" in current) {{
      // Defined while no one watched (a snippet a script inserted runs at once): the calls queued so far are
      // reported with the script that ran last, not where in it they were made.
      const script = document.currentScript ? document.currentScript.src : "";
      for (const args of (current.value && current.value.q) || []) record(current.value, args, "", script);
      takeOver(current.value);
    }} else if (!current && changes.some((change) => Array.from(change.addedNodes).some(isSnippet))) {{
      // The parser hands a script to observers before running it: the snippet defines window.clarity through
      // the setter, and the calls right after it in its script get their call sites.
      takeOver(undefined);
    }}
    if (Object.getOwnPropertyDescriptor(window, "clarity")) watch.disconnect();
  }};
  watch.observe(document, {{childList: true, subtree: true}});
  window.addEventListener("load", () => check([]), {{once: true}});
}})();"""
"""Registered before any page script runs. `window.clarity` becomes a property whose functions are wrapped in a
Proxy that reports each call and passes it on unchanged (properties such as `q` and `v` reach the function),
but only once a snippet is about to define it (the parser shows observers a script before running it) or has
defined it: until then the page sees no `clarity` at all, as without tagprobe, so a site guarding its calls
with `"clarity" in window` behaves as it does for people whose ad blocker stopped the snippet."""


def call_sites(stack: str) -> list[CallSite]:
    """The frames of a V8 stack that name a script, innermost first (the recorder's own frames name none)."""
    sites = []
    for line in stack.splitlines()[1:]:
        match = STACK_FRAME.search(line.strip())
        if match:
            sites.append(CallSite(match.group(1), int(match.group(2)), int(match.group(3))))
    return sites


def call_site(stack: str) -> CallSite | None:
    """The innermost frame of a V8 stack that names a script."""
    sites = call_sites(stack)
    return sites[0] if sites else None


def hide(value: Any, hidden: Sequence[str]) -> Any:
    """`value` with every hidden value inside its strings replaced by `***`."""
    if isinstance(value, str):
        for secret in hidden:
            value = value.replace(secret, HIDDEN)
        return value
    if isinstance(value, list):
        return [hide(item, hidden) for item in value]
    if isinstance(value, dict):
        return {hide(key, hidden): hide(item, hidden) for key, item in value.items()}
    return value


def parse_call(report: str, called_ms: float, hidden: Sequence[str]) -> TagCall | None:
    """The call a page reported, or None when Clarity's own scripts made it (a replay of the queue, the loader's
    `start`). A call queued before the recorder took over has no stack, only the script that ran last."""
    try:
        data = json.loads(report)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    sites = call_sites(str(data.get("stack", "")))
    site = sites[0] if sites else None
    script = site.script_url if site is not None else str(data.get("script", ""))
    if TAG_HOST.match(script):
        return None
    method = data.get("method")
    raw_arguments = data.get("args")
    arguments: list[Any] = raw_arguments if isinstance(raw_arguments, list) else []
    identify_hash = None
    if method == "identify" and arguments and isinstance(arguments[0], str):
        identify_hash = hashlib.sha256(arguments[0].encode()).hexdigest()
    return TagCall(
        called_ms=called_ms,
        method=clip(hide(method, hidden) if isinstance(method, str) else json.dumps(method), 256),
        arguments=tuple(hide(argument, hidden) for argument in arguments),
        page_url=clip(str(data.get("page", ""))),
        queued=data.get("queued") is True,
        site=site,
        identify_hash=identify_hash,
        caller=sites[1] if len(sites) > 1 else None,
    )


class TagCallRecorder:
    """Collects the calls of one browser context. Playwright calls the binding on its own thread."""

    def __init__(self, clock: CaptureClock, limit: int, hidden: Sequence[str] = ()) -> None:
        self._clock = clock
        self._hidden = tuple(value for value in hidden if value)
        self._calls = BoundedList[TagCall](limit, "tag API calls")

    @property
    def calls(self) -> tuple[TagCall, ...]:
        return self._calls.items()

    def note(self) -> str | None:
        return self._calls.note()

    def attach(self, context: BrowserContext) -> None:
        context.expose_binding(BINDING, self._on_call)
        context.add_init_script(RECORDER)

    def _on_call(self, source: Any, report: Any) -> None:
        if not isinstance(report, str) or len(report) > 1024 * 1024:
            return
        call = parse_call(report, self._clock.now_ms(), self._hidden)
        if call is not None:
            self._calls.append(call)
