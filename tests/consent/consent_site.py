"""A loopback site with a real consent manager (vanilla-cookieconsent from npm) in front of the official
Clarity snippet: its script-blocking install, its callback install, and Google Consent Mode (with the
stand-in for Google's consent state in site/gcm-standin.js)."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

from tagprobe.assets import pinned_builds
from tagprobe.capture.loopback import QuietHandler
from tests.static_pages import LoopbackSite

SITE = Path(__file__).parent / "site"
CMP_PREFIX = "/cookieconsent/"


def cmp_dist() -> Path:
    return pinned_builds().node_modules / "vanilla-cookieconsent" / "dist"


def _file_for(path: str) -> Path | None:
    if path.startswith(CMP_PREFIX):
        folder, name = cmp_dist(), path.removeprefix(CMP_PREFIX)
    else:
        folder, name = SITE, path.lstrip("/") or "index.html"
    candidate = (folder / name).resolve()
    return candidate if candidate.is_file() and candidate.is_relative_to(folder.resolve()) else None


class _Handler(QuietHandler):
    def do_GET(self) -> None:
        file = _file_for(urlsplit(self.path).path)
        body = file.read_bytes() if file else b"not found"
        kind = (mimetypes.guess_type(file.name)[0] if file else None) or "text/plain"
        self.send_response(200 if file else 404)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


class ConsentSite(LoopbackSite):
    def __init__(self) -> None:
        super().__init__(_Handler)
