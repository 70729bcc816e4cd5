"""Keeps the stylesheets the site's pages loaded (linked and `@import`ed) and the fonts and images those sheets
use, up to a byte cap, so the report's replay can look like the page did: clarity-js records the `<link>`,
never the sheet it points to, nor what the sheet points to."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin

from playwright.sync_api import BrowserContext, Request, Response
from playwright.sync_api import Error as PlaywrightError

STYLESHEET_RESOURCE = "stylesheet"
ASSET_RESOURCES = frozenset({"font", "image"})
CSS_REFERENCE = re.compile(
    r"""url\(\s*(?P<quote>['"]?)(?P<url>.*?)(?P=quote)\s*\)|@import\s+(?P<iquote>['"])(?P<import>.*?)(?P=iquote)""",
    re.IGNORECASE | re.DOTALL,
)
"""A `url(...)` or an `@import "..."` in a stylesheet."""
MAX_WAITING = 500
"""Fonts and images seen before a sheet naming them was read (reading a body lets other events run)."""


def css_references(text: str, sheet_url: str) -> set[str]:
    """The absolute URLs (without fragment) a stylesheet refers to; data: URLs are no reference."""
    found = set()
    for match in CSS_REFERENCE.finditer(text):
        reference = (match.group("url") if match.group("url") is not None else match.group("import")).strip()
        if reference and not reference.lower().startswith("data:"):
            found.add(urldefrag(urljoin(sheet_url, reference)).url)
    return found


@dataclass(frozen=True, slots=True)
class KeptStylesheet:
    url: str
    text: str
    """The response body as the browser received it (decoded as UTF-8); redacted only when a report shows it."""


@dataclass(frozen=True, slots=True)
class KeptAsset:
    """A font or image a kept stylesheet refers to, as the browser received it."""

    url: str
    content_type: str
    body: bytes


class StylesheetRecorder:
    """Listens to the context's responses; reads a body on Playwright's side, never holding the page. Keeps
    each stylesheet, and each font or image whose URL a kept sheet refers to (a sheet arrives before what it
    uses); an `<img>`'s picture is not kept. Each URL is kept once; one that would take the total past
    `limit_bytes` is named, not kept.

    Only finished requests are read: their body is all there, so reading waits on nothing (a body that never
    finishes arriving is never read), and one whose Content-Length is past what is left is not read at all."""

    def __init__(self, limit_bytes: int) -> None:
        self._limit = limit_bytes
        self._kept: dict[str, KeptStylesheet] = {}
        self._assets: dict[str, KeptAsset] = {}
        self._referenced: set[str] = set()
        self._waiting: dict[str, Response] = {}
        self._left_out: dict[str, int] = {}
        self._bytes = 0
        self._lock = threading.Lock()

    def attach(self, context: BrowserContext) -> None:
        context.on("requestfinished", self._on_finished)

    @property
    def kept(self) -> tuple[KeptStylesheet, ...]:
        with self._lock:
            return tuple(self._kept.values())

    @property
    def assets(self) -> tuple[KeptAsset, ...]:
        with self._lock:
            return tuple(self._assets.values())

    @property
    def left_out(self) -> tuple[str, ...]:
        """The URLs of the sheets, fonts and images not kept because the cap was reached."""
        with self._lock:
            return tuple(self._left_out)

    def note(self) -> str | None:
        with self._lock:
            if not self._left_out:
                return None
            return (
                f"{len(self._left_out)} stylesheets, fonts or images ({sum(self._left_out.values()) // 1024} kB) "
                f"were not kept for the replay: past the {self._limit // 1024} kB a scenario keeps"
            )

    def _wanted(self, response: Response) -> bool:
        kind = response.request.resource_type
        if kind != STYLESHEET_RESOURCE and kind not in ASSET_RESOURCES:
            return False
        if not 200 <= response.status < 300 or not response.url.startswith(("http:", "https:")):
            return False
        url = urldefrag(response.url).url
        with self._lock:
            if url in self._kept or url in self._assets or url in self._left_out:
                return False
            if kind == STYLESHEET_RESOURCE or url in self._referenced:
                return True
            if len(self._waiting) < MAX_WAITING:
                self._waiting[url] = response
            return False

    def _on_finished(self, request: Request) -> None:
        try:
            response = request.response()
        except PlaywrightError:
            return
        if response is not None:
            self._on_response(response)

    def _on_response(self, response: Response) -> None:
        if self._wanted(response):
            for now_referenced in self._keep(response):
                self._keep(now_referenced)

    def _keep(self, response: Response) -> list[Response]:
        """Keeps one response within the cap; returns the waiting fonts and images a kept sheet names."""
        url = urldefrag(response.url).url
        announced = _content_length(response.headers)
        with self._lock:
            if announced is not None and self._bytes + announced > self._limit:
                self._left_out.setdefault(url, announced)
                return []
        try:
            body = response.body()
        except PlaywrightError:
            return []
        with self._lock:
            if url in self._kept or url in self._assets or url in self._left_out:
                return []
            if self._bytes + len(body) > self._limit:
                self._left_out[url] = len(body)
                return []
            self._bytes += len(body)
            if response.request.resource_type != STYLESHEET_RESOURCE:
                content_type = response.headers.get("content-type", "").split(";")[0].strip()
                self._assets[url] = KeptAsset(response.url, content_type or "application/octet-stream", body)
                return []
            text = body.decode("utf-8", errors="replace")
            self._kept[url] = KeptStylesheet(response.url, text)
            named = css_references(text, response.url)
            self._referenced |= named
            return [self._waiting.pop(each) for each in named if each in self._waiting]


def _content_length(headers: dict[str, str]) -> int | None:
    try:
        return max(int(headers.get("content-length", "")), 0)
    except ValueError:
        return None
