"""A stand-in for everything outside this machine, on a second loopback address: the sealed-browser tests map
every non-local host name there, so anything that gets past tagprobe's locks shows up as a TCP connection or
a UDP packet. Plus a tiny site that can listen on any loopback address (the allowed host's stand-in)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self

OUTSIDE_ADDRESS = "127.0.0.2"
READ_TIMEOUT_S = 2


class OutsideWorld:
    """TCP and UDP listeners on the same port of 127.0.0.2, counting connections and packets."""

    def __init__(self, address: str = OUTSIDE_ADDRESS) -> None:
        self.address = address
        self._lock = threading.Lock()
        self.connections = 0
        self.packets = 0
        self.first_bytes: list[bytes] = []
        """What each connection and packet began with, to name the culprit when something arrives."""
        self._udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._udp.bind((address, 0))
        self.port = int(self._udp.getsockname()[1])
        self._tcp = socket.create_server((address, self.port))
        self._udp.settimeout(0.2)
        self._tcp.settimeout(0.2)
        self._stopping = threading.Event()
        self._threads = [
            threading.Thread(target=self._accept, daemon=True),
            threading.Thread(target=self._receive, daemon=True),
        ]

    def reached(self) -> tuple[int, int]:
        """(TCP connections, UDP packets) so far."""
        with self._lock:
            return self.connections, self.packets

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                connection, _ = self._tcp.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
            threading.Thread(target=self._peek, args=(connection,), daemon=True).start()

    def _peek(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(READ_TIMEOUT_S)
            try:
                data = connection.recv(200)
            except OSError:
                data = b"(nothing)"
        with self._lock:
            self.first_bytes.append(data)

    def _receive(self) -> None:
        while not self._stopping.is_set():
            try:
                data, _ = self._udp.recvfrom(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.packets += 1
                self.first_bytes.append(data[:200])

    def __enter__(self) -> Self:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=5)
        self._tcp.close()
        self._udp.close()


class PageSite:
    """Serves one page (made by `render(host_header)`) on `address`, counting the requests it answers."""

    def __init__(self, address: str, render: Callable[[], str]) -> None:
        self.requests = 0
        site = self

        class Handler(BaseHTTPRequestHandler):
            timeout = READ_TIMEOUT_S

            def do_GET(self) -> None:
                site.requests += 1
                body = render().encode("utf-8") if self.path.split("?")[0] == "/" else b"not here"
                self.send_response(200 if self.path.split("?")[0] == "/" else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return

        self._server = ThreadingHTTPServer((address, 0), Handler)
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
