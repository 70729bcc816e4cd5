"""Keeps the stylesheets the site's pages loaded (linked and `@import`ed), up to a byte cap, so the report's
replay can look like the page did: clarity-js records the `<link>`, never the sheet it points to."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from playwright.sync_api import BrowserContext, Response
from playwright.sync_api import Error as PlaywrightError

STYLESHEET_RESOURCE = "stylesheet"


@dataclass(frozen=True, slots=True)
class KeptStylesheet:
    url: str
    text: str
    """The response body as the browser received it (decoded as UTF-8); redacted only when a report shows it."""


class StylesheetRecorder:
    """Listens to the context's responses; reads a stylesheet's body on Playwright's side, never holding the
    page. Each URL is kept once; a sheet that would take the total past `limit_bytes` is named, not kept."""

    def __init__(self, limit_bytes: int) -> None:
        self._limit = limit_bytes
        self._kept: dict[str, KeptStylesheet] = {}
        self._left_out: dict[str, int] = {}
        self._bytes = 0
        self._lock = threading.Lock()

    def attach(self, context: BrowserContext) -> None:
        context.on("response", self._on_response)

    @property
    def kept(self) -> tuple[KeptStylesheet, ...]:
        with self._lock:
            return tuple(self._kept.values())

    @property
    def left_out(self) -> tuple[str, ...]:
        """The URLs of the sheets not kept because the cap was reached."""
        with self._lock:
            return tuple(self._left_out)

    def note(self) -> str | None:
        with self._lock:
            if not self._left_out:
                return None
            return (
                f"{len(self._left_out)} stylesheets ({sum(self._left_out.values()) // 1024} kB) were not kept for "
                f"the replay: past the {self._limit // 1024} kB a scenario keeps"
            )

    def _on_response(self, response: Response) -> None:
        if response.request.resource_type != STYLESHEET_RESOURCE or not 200 <= response.status < 300:
            return
        url = response.url
        if not url.startswith(("http:", "https:")):
            return
        with self._lock:
            if url in self._kept or url in self._left_out:
                return
        try:
            body = response.body()
        except PlaywrightError:
            return
        with self._lock:
            if url in self._kept or url in self._left_out:
                return
            if self._bytes + len(body) > self._limit:
                self._left_out[url] = len(body)
                return
            self._bytes += len(body)
            self._kept[url] = KeptStylesheet(url, body.decode("utf-8", errors="replace"))
