"""A local HTTP server for the Probe Shop demo site."""

from __future__ import annotations

import contextlib
import ssl
import threading
from collections.abc import Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import unquote, urlsplit

from tagprobe.demo.assets import Asset, load_assets
from tagprobe.demo.defects import get_defect
from tagprobe.demo.page import PageSettings

SPA_ENTRY_PATH = "/index.html"
CSP_BLOCKING_CLARITY = "script-src 'self' 'unsafe-inline'"
_NOT_FOUND = Asset(body=b"Not found\n", content_type="text/plain; charset=utf-8")


def select_asset(assets: Mapping[str, Asset], request_target: str) -> Asset | None:
    """Return the asset for a request, falling back to the SPA entry page for route-like paths."""
    path = unquote(urlsplit(request_target).path)
    last_segment = path.rsplit("/", 1)[-1]
    if "." not in last_segment:
        return assets[SPA_ENTRY_PATH]
    return assets.get(path)


class _ShopHTTPServer(ThreadingHTTPServer):
    def __init__(
        self, address: tuple[str, int], assets: Mapping[str, Asset], html_headers: Mapping[str, str]
    ) -> None:
        self.assets = assets
        self.html_headers = html_headers
        super().__init__(address, _ShopRequestHandler)


class _ShopRequestHandler(BaseHTTPRequestHandler):
    server_version = "ProbeShop/1.0"

    def handle(self) -> None:
        with contextlib.suppress(ConnectionError):
            super().handle()

    def do_GET(self) -> None:
        self._respond(include_body=True)

    def do_HEAD(self) -> None:
        self._respond(include_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: the demo runs inside test and CLI sessions."""

    def _respond(self, *, include_body: bool) -> None:
        assert isinstance(self.server, _ShopHTTPServer)
        asset = select_asset(self.server.assets, self.path)
        self.send_response(HTTPStatus.OK if asset else HTTPStatus.NOT_FOUND)
        asset = asset or _NOT_FOUND
        self.send_header("Content-Type", asset.content_type)
        self.send_header("Content-Length", str(len(asset.body)))
        self.send_header("Cache-Control", "no-store")
        if asset.is_html:
            for name, value in self.server.html_headers.items():
                self.send_header(name, value)
        self.end_headers()
        if include_body:
            self.wfile.write(asset.body)


class DemoSite:
    """Serves the Probe Shop, optionally with one named defect, on a local port."""

    def __init__(
        self,
        defect: str | None = None,
        *,
        site_tag: bool = True,
        project_id: str = "tpdemo0001",
        host: str = "127.0.0.1",
        port: int = 0,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self._defect = None if defect is None else get_defect(defect).name
        self._assets = load_assets(
            PageSettings(defect=self._defect, site_tag=site_tag, project_id=project_id)
        )
        self._html_headers = (
            {"Content-Security-Policy": CSP_BLOCKING_CLARITY} if self._defect == "csp-block" else {}
        )
        self._address = (host, port)
        self._tls = tls
        self._server: _ShopHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def defect(self) -> str | None:
        return self._defect

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("DemoSite is not running; call start() or use it as a context manager")
        host, port = self._server.server_address[:2]
        return f"{'https' if self._tls else 'http'}://{host!s}:{port}"

    def start(self) -> None:
        if self._server is not None:
            raise RuntimeError("DemoSite is already running")
        server = _ShopHTTPServer(self._address, self._assets, self._html_headers)
        if self._tls is not None:
            server.socket = self._tls.wrap_socket(server.socket, server_side=True)
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"probe-shop-{server.server_address[1]}",
            daemon=True,
        )
        thread.start()
        self._server, self._thread = server, thread

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self._server = self._thread = None
        server.shutdown()
        server.server_close()
        thread.join()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
