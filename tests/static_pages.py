"""A loopback site serving a few fixed files, for end-to-end tests that need a page written for the test."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread
from types import MappingProxyType, TracebackType
from typing import Any, ClassVar, Self

from tagprobe.capture.loopback import LoopbackServer, QuietHandler

OFFICIAL_SNIPPET = """(function(c,l,a,r,i,t,y){
    c[a]=c[a]||function(){(c[a].q=c[a].q||[]).push(arguments)};
    t=l.createElement(r);t.async=1;t.src="https://www.clarity.ms/tag/"+i;
    y=l.getElementsByTagName(r)[0];y.parentNode.insertBefore(t,y);
})(window, document, "clarity", "script", "static0001");"""
"""Clarity's snippet as its install page gives it (the project id is a stand-in)."""


def html_page(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head><title>Test page</title>{head}</head><body>{body}</body></html>"


class LoopbackSite:
    """A site served on 127.0.0.1 by one request handler class while in a `with` block."""

    def __init__(self, handler: type[QuietHandler]) -> None:
        self._server = LoopbackServer(handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.port}"

    def __enter__(self) -> Self:
        self._server.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._server.stop()


class StaticPages(LoopbackSite):
    """`StaticPages({"/": html, "/app.js": js})` serves those files on 127.0.0.1 while in a `with` block."""

    def __init__(self, files: Mapping[str, str | bytes]) -> None:
        super().__init__(type("StaticPagesHandler", (_Handler,), {"files": MappingProxyType(dict(files))}))


class _Handler(QuietHandler):
    files: ClassVar[Mapping[str, str | bytes]] = {}
    kinds: ClassVar[Mapping[str, str]] = {
        ".js": "application/javascript",
        ".css": "text/css; charset=utf-8",
        ".png": "image/png",
        ".woff2": "font/woff2",
    }

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        body = self.files.get(path)
        if body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = body.encode() if isinstance(body, str) else body
        kind = self.kinds.get(Path(path).suffix, "text/html; charset=utf-8")
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _QuietFolderHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


@contextmanager
def served_folder(folder: Path) -> Iterator[str]:
    """Serves the files of `folder` on 127.0.0.1 while in a `with` block; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietFolderHandler, directory=str(folder)))
    thread = Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
