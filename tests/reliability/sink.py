"""A stand-in for the internet: the reliability browser resolves every non-local host name to this listener,
so a request that got past the egress guard would land here. It counts connections and bytes, nothing more."""

from __future__ import annotations

import socket
import socketserver
import threading

READ_LIMIT = 1024 * 1024
READ_TIMEOUT_S = 2


class InternetSink:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reached = threading.Event()
        self.connections = 0
        self.bytes_received = 0
        sink = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                connection: socket.socket = self.request
                connection.settimeout(READ_TIMEOUT_S)
                received = 0
                try:
                    while received < READ_LIMIT and (chunk := connection.recv(65536)):
                        received += len(chunk)
                except OSError:
                    pass
                with sink._lock:
                    sink.connections += 1
                    sink.bytes_received += received
                sink._reached.set()

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reached(self) -> tuple[int, int]:
        with self._lock:
            return self.connections, self.bytes_received

    def wait_until_reached(self, timeout_s: float) -> bool:
        return self._reached.wait(timeout_s)
