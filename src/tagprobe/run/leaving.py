"""Ends a page the way a visitor leaving it does, so the tag's pagehide handler runs to its end (the last beacon).

Closing a page gives its pagehide handlers about 500 ms (Chromium's unload timeout), then drops the page with
whatever they had not done: on a loaded machine the tag's handler runs later than that and the page's last
beacon, with everything since the previous upload, is lost. A navigation away waits for the handlers."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Dialog, Page, Request

UPLOADS_IN_FLIGHT_BOUND_S = 5.0
"""An upload still unanswered after this is not waited for: the page is left and the upload may be lost."""
LEFT_FOR = "about:blank"
"""Nothing runs there: tagprobe's snippet and recorders skip pages that are not http(s)."""


def leave(page: Page, timeout_ms: float) -> None:
    """Navigates `page` to about:blank and returns once it has left (its pagehide handlers have run).

    A `beforeunload` prompt ("leave site?", shown once the visitor has clicked) is answered "leave": dismissed,
    as Playwright does by default, it would cancel the navigation. Raises Playwright's errors (a timeout)."""

    def answer(dialog: Dialog) -> None:
        if dialog.type == "beforeunload":
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", answer)
    try:
        page.goto(LEFT_FOR, timeout=timeout_ms)
    finally:
        page.remove_listener("dialog", answer)


class UploadsInFlight:
    """The tag's uploads the browser has sent and not yet seen answered, in one context. Leaving a page aborts
    them, and the tag's last beacon carries only what came after: under load an upload took long enough
    through the egress guard to be cut off this way (its page's sequence number missing)."""

    def __init__(self, context: BrowserContext, upload_url: str) -> None:
        self._upload_url = upload_url
        self._open: set[Request] = set()
        context.on("request", self._started)
        context.on("requestfinished", self._ended)
        context.on("requestfailed", self._ended)

    def _started(self, request: Request) -> None:
        if request.method == "POST" and request.url.startswith(self._upload_url):
            self._open.add(request)

    def _ended(self, request: Request) -> None:
        self._open.discard(request)

    def none(self) -> bool:
        return not self._open
