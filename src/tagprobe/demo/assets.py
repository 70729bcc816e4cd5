"""Loads the shop's static files and renders its HTML pages."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import PurePosixPath
from types import MappingProxyType

from tagprobe.demo.page import PageSettings, render_page

HTML_CONTENT_TYPE = "text/html; charset=utf-8"

CONTENT_TYPES: Mapping[str, str] = MappingProxyType(
    {
        ".html": HTML_CONTENT_TYPE,
        ".js": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".ico": "image/x-icon",
        ".txt": "text/plain; charset=utf-8",
    }
)


@dataclass(frozen=True, slots=True)
class Asset:
    body: bytes
    content_type: str

    @property
    def is_html(self) -> bool:
        return self.content_type == HTML_CONTENT_TYPE


def content_type_for(filename: str) -> str:
    return CONTENT_TYPES.get(PurePosixPath(filename).suffix.lower(), "application/octet-stream")


def load_assets(settings: PageSettings) -> Mapping[str, Asset]:
    """Map each URL path ("/app.js") to its response; HTML files are rendered for `settings`."""
    assets: dict[str, Asset] = {}
    for url_path, resource in _site_files(files("tagprobe.demo") / "site", "/"):
        content_type = content_type_for(resource.name)
        body = resource.read_bytes()
        if content_type == HTML_CONTENT_TYPE:
            body = render_page(body.decode("utf-8"), settings).encode("utf-8")
        assets[url_path] = Asset(body=body, content_type=content_type)
    return MappingProxyType(assets)


def _site_files(directory: Traversable, url_prefix: str) -> Iterator[tuple[str, Traversable]]:
    for entry in directory.iterdir():
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _site_files(entry, f"{url_prefix}{entry.name}/")
        elif entry.is_file():
            yield f"{url_prefix}{entry.name}", entry
