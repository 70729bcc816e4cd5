"""Records what the browser reports while a scenario runs: console lines, page errors, CSP violations,
tag requests, calls to the tag API, what each page looked like to the tag, and cookie snapshots."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from playwright.sync_api import BrowserContext, ConsoleMessage, WebError

from tagprobe.capture.bounded import BoundedList, clip
from tagprobe.capture.clock import CaptureClock
from tagprobe.capture.limits import CaptureLimits
from tagprobe.capture.records import (
    ConsoleMessage as ConsoleRecord,
)
from tagprobe.capture.records import (
    Cookie,
    CookieSnapshot,
    CspViolation,
    PageEnvironment,
    PageError,
    TagCall,
    TagRequest,
)
from tagprobe.capture.stylesheets import KeptAsset, KeptStylesheet, StylesheetRecorder
from tagprobe.capture.tag_calls import TagCallRecorder

CSP_BINDING = "__tagprobeReportCsp"
CSP_LISTENER = f"""document.addEventListener("securitypolicyviolation", (event) => {{
  try {{
    window.{CSP_BINDING}({{directive: event.effectiveDirective || event.violatedDirective || "",
      blocked: String(event.blockedURI || ""), policy: event.originalPolicy || "", document: event.documentURI || ""}});
  }} catch (error) {{}}
}}, true);"""
ENVIRONMENT_BINDING = "__tagprobeReportPage"
ENVIRONMENT_REPORTER = f"""(() => {{
  if (window.top !== window || !/^https?:$/.test(location.protocol)) return;
  document.addEventListener("DOMContentLoaded", () => {{
    try {{
      const held = Array.from(document.scripts).find((script) =>
        !/^$|^(text|application)\\/(x-)?(java|ecma)script$|^module$/i.test(script.type.trim())
        && /clarity\\.ms\\//.test(script.text + " " + (script.getAttribute("src") || script.getAttribute("data-src") || "")));
      window.{ENVIRONMENT_BINDING}({{url: location.href, gpc: navigator.globalPrivacyControl === true,
        clarity: typeof window.clarity, held: held ? held.outerHTML.slice(0, held.outerHTML.indexOf(">") + 1) : ""}});
    }} catch (error) {{}}
  }}, {{once: true}});
}})();"""
"""Registered before tagprobe's own snippet, so `clarity` is what the page itself defined."""


class BrowserEventRecorder:
    """Listens on one browser context. Playwright calls the listeners on its own thread, hence the lock."""

    def __init__(
        self, clock: CaptureClock, limits: CaptureLimits | None = None, hidden: Sequence[str] = ()
    ) -> None:
        limits = limits or CaptureLimits()
        self._tag_calls = TagCallRecorder(clock, limits.tag_calls, hidden)
        self._stylesheets = StylesheetRecorder(limits.stylesheet_bytes)
        self._clock = clock
        self._lock = threading.Lock()
        self._console = BoundedList[ConsoleRecord](limits.console_messages, "console messages")
        self._page_errors = BoundedList[PageError](limits.page_errors, "page errors")
        self._csp_violations = BoundedList[CspViolation](limits.csp_violations, "CSP violations")
        self._tag_requests = BoundedList[TagRequest](limits.tag_requests, "tag requests")
        self._environments = BoundedList[PageEnvironment](limits.page_environments, "page loads")
        self._cookie_snapshots: list[CookieSnapshot] = []
        self._context: BrowserContext | None = None
        self._pages_opened = 0
        self._popups: list[float] = []

    @property
    def console(self) -> tuple[ConsoleRecord, ...]:
        return self._console.items()

    @property
    def stylesheets(self) -> tuple[KeptStylesheet, ...]:
        return self._stylesheets.kept

    @property
    def stylesheets_left_out(self) -> tuple[str, ...]:
        return self._stylesheets.left_out

    @property
    def stylesheet_assets(self) -> tuple[KeptAsset, ...]:
        return self._stylesheets.assets

    @property
    def page_errors(self) -> tuple[PageError, ...]:
        return self._page_errors.items()

    @property
    def csp_violations(self) -> tuple[CspViolation, ...]:
        return self._csp_violations.items()

    @property
    def tag_requests(self) -> tuple[TagRequest, ...]:
        return self._tag_requests.items()

    @property
    def tag_calls(self) -> tuple[TagCall, ...]:
        return self._tag_calls.calls

    @property
    def page_environments(self) -> tuple[PageEnvironment, ...]:
        return self._environments.items()

    @property
    def cookie_snapshots(self) -> tuple[CookieSnapshot, ...]:
        with self._lock:
            return tuple(self._cookie_snapshots)

    def notes(self) -> tuple[str, ...]:
        """What was left out because a limit was reached."""
        logs = (
            self._console,
            self._page_errors,
            self._csp_violations,
            self._tag_requests,
            self._environments,
        )
        notes = [log.note() for log in logs] + [self._tag_calls.note(), self._stylesheets.note()]
        return tuple(note for note in notes if note is not None)

    def attach(self, context: BrowserContext) -> None:
        context.expose_binding(CSP_BINDING, self._on_csp_violation)
        context.add_init_script(CSP_LISTENER)
        context.expose_binding(ENVIRONMENT_BINDING, self._on_page_environment)
        context.add_init_script(ENVIRONMENT_REPORTER)
        self._tag_calls.attach(context)
        self._stylesheets.attach(context)
        self._context = context
        context.on("console", self._on_console)
        context.on("weberror", self._on_web_error)
        context.on("page", self._on_page)

    def _on_page(self, _page: object) -> None:
        """Every page after the run's own first one was opened by the site (window.open, target=_blank)."""
        with self._lock:
            self._pages_opened += 1
            if self._pages_opened > 1:
                self._popups.append(self._clock.now_ms())

    @property
    def clock_origin_epoch_ms(self) -> float:
        return self._clock.origin_epoch_ms

    @property
    def popups_ms(self) -> tuple[float, ...]:
        with self._lock:
            return tuple(self._popups)

    def on_tag_request(self, kind: str, url: str, answered_status: int) -> None:
        self._tag_requests.append(TagRequest(self._clock.now_ms(), kind, url, answered_status))

    def tag_script_loaded(self) -> bool:
        """True once a page was given the tag script (not an error status): the tag can record pages."""
        return any(
            request.kind == "script" and 200 <= request.answered_status < 300
            for request in self._tag_requests.items()
        )

    def snapshot_cookies(self, context: BrowserContext, step_index: int) -> None:
        cookies = tuple(
            Cookie(
                name=cookie.get("name", ""),
                value=cookie.get("value", ""),
                domain=cookie.get("domain", ""),
                path=cookie.get("path", ""),
                expires=float(cookie.get("expires", -1)),
            )
            for cookie in context.cookies()
        )
        with self._lock:
            self._cookie_snapshots.append(CookieSnapshot(self._clock.now_ms(), step_index, cookies))

    def _on_console(self, message: ConsoleMessage) -> None:
        if self._console.full():
            self._stop_listening_to_console()
            return
        location = message.location
        self._console.append(
            ConsoleRecord(
                self._clock.now_ms(), message.type, clip(message.text), clip(str(location.get("url", "")))
            )
        )

    def _stop_listening_to_console(self) -> None:
        """A page that logs thousands of lines a second would drown the run in console events: once the
        log is full, Playwright is told to stop sending them."""
        self._console.stop_listening()
        if self._context is not None:
            self._context.remove_listener("console", self._on_console)
            self._context = None

    def _on_web_error(self, web_error: WebError) -> None:
        error = web_error.error
        self._page_errors.append(
            PageError(self._clock.now_ms(), clip(error.message), clip(error.stack or ""))
        )

    def _on_csp_violation(self, source: Any, report: Any) -> None:
        if not isinstance(report, dict):
            return
        self._csp_violations.append(
            CspViolation(
                seen_ms=self._clock.now_ms(),
                directive=clip(str(report.get("directive", ""))),
                blocked_url=clip(str(report.get("blocked", ""))),
                policy=clip(str(report.get("policy", ""))),
                document_url=clip(str(report.get("document", ""))),
            )
        )

    def _on_page_environment(self, source: Any, report: Any) -> None:
        if not isinstance(report, dict):
            return
        self._environments.append(
            PageEnvironment(
                seen_ms=self._clock.now_ms(),
                url=clip(str(report.get("url", ""))),
                global_privacy_control=report.get("gpc") is True,
                clarity_type=clip(str(report.get("clarity", "")), 32),
                held_snippet=clip(str(report.get("held", "")), 200),
            )
        )
