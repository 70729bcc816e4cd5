"""Records what the browser reports while a scenario runs: console lines, page errors, CSP violations,
tag requests and cookie snapshots."""

from __future__ import annotations

import threading
from typing import Any

from playwright.sync_api import BrowserContext, ConsoleMessage, WebError

from tagprobe.capture.clock import CaptureClock
from tagprobe.capture.records import (
    ConsoleMessage as ConsoleRecord,
)
from tagprobe.capture.records import (
    Cookie,
    CookieSnapshot,
    CspViolation,
    PageError,
    TagRequest,
)

CSP_BINDING = "__tagprobeReportCsp"
CSP_LISTENER = f"""document.addEventListener("securitypolicyviolation", (event) => {{
  try {{
    window.{CSP_BINDING}({{directive: event.effectiveDirective || event.violatedDirective || "",
      blocked: String(event.blockedURI || ""), policy: event.originalPolicy || "", document: event.documentURI || ""}});
  }} catch (error) {{}}
}}, true);"""


class BrowserEventRecorder:
    """Listens on one browser context. Playwright calls the listeners on its own thread, hence the lock."""

    def __init__(self, clock: CaptureClock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self.console: list[ConsoleRecord] = []
        self.page_errors: list[PageError] = []
        self.csp_violations: list[CspViolation] = []
        self.tag_requests: list[TagRequest] = []
        self.cookie_snapshots: list[CookieSnapshot] = []

    def attach(self, context: BrowserContext) -> None:
        context.expose_binding(CSP_BINDING, self._on_csp_violation)
        context.add_init_script(CSP_LISTENER)
        context.on("console", self._on_console)
        context.on("weberror", self._on_web_error)

    def on_tag_request(self, kind: str, url: str) -> None:
        with self._lock:
            self.tag_requests.append(TagRequest(self._clock.now_ms(), kind, url))

    def tag_script_requested(self) -> bool:
        with self._lock:
            return any(request.kind == "script" for request in self.tag_requests)

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
            self.cookie_snapshots.append(CookieSnapshot(self._clock.now_ms(), step_index, cookies))

    def _on_console(self, message: ConsoleMessage) -> None:
        location = message.location
        with self._lock:
            self.console.append(
                ConsoleRecord(self._clock.now_ms(), message.type, message.text, str(location.get("url", "")))
            )

    def _on_web_error(self, web_error: WebError) -> None:
        error = web_error.error
        with self._lock:
            self.page_errors.append(PageError(self._clock.now_ms(), error.message, error.stack or ""))

    def _on_csp_violation(self, source: Any, report: dict[str, str]) -> None:
        with self._lock:
            self.csp_violations.append(
                CspViolation(
                    seen_ms=self._clock.now_ms(),
                    directive=str(report.get("directive", "")),
                    blocked_url=str(report.get("blocked", "")),
                    policy=str(report.get("policy", "")),
                    document_url=str(report.get("document", "")),
                )
            )
