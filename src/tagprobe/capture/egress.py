"""The egress guard: a proxy that every non-local request of the browser goes to, and that forwards nothing.

One host is answered rather than refused: the tag's upload host, tunnelled into the collector on this machine.

Playwright routes do not see beacons fired on pagehide, so routing alone cannot promise that no byte
reaches Clarity; a proxy sees every request the browser makes that is not to loopback."""

from __future__ import annotations

from urllib.parse import urlsplit

from tagprobe.capture.allowed_hosts import allowed_hosts as checked_hosts
from tagprobe.capture.bounded import BoundedList
from tagprobe.capture.clock import CaptureClock
from tagprobe.capture.collector import UPLOAD_HOST, UploadCollector
from tagprobe.capture.http_body import read_body
from tagprobe.capture.limits import MIB, CaptureLimits
from tagprobe.capture.loopback import LoopbackServer, QuietHandler
from tagprobe.capture.records import EgressAttempt
from tagprobe.capture.tls import server_tls_context

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
REFUSED = 403
MAX_READ_BYTES = MIB
"""A body the browser hands the guard is read (to count it) and dropped; past this the connection is cut."""


def target_host(target: str) -> str:
    """The host of a proxy target: `host:443` for CONNECT, an absolute URL for plain HTTP."""
    if "://" in target:
        return (urlsplit(target).hostname or "").lower()
    return target.rsplit(":", 1)[0].strip("[]").lower()


class EgressGuard(LoopbackServer):
    """Refuses and records every request that tries to leave the machine."""

    def __init__(
        self,
        clock: CaptureClock,
        allowed_hosts: tuple[str, ...] = (),
        limits: CaptureLimits | None = None,
        collector: UploadCollector | None = None,
    ) -> None:
        self._clock = clock
        self._allowed_hosts = checked_hosts(allowed_hosts)
        self._collector = collector
        self._attempts = BoundedList[EgressAttempt](
            (limits or CaptureLimits()).egress_attempts, "refused egress attempts"
        )
        super().__init__(self._make_handler())

    def proxy_settings(self) -> dict[str, str]:
        """Playwright's `proxy` option: loopback and explicitly allowed hosts go direct, the rest comes here."""
        return {
            "server": f"http://127.0.0.1:{self.port}",
            "bypass": ",".join((*LOOPBACK_HOSTS, *self._allowed_hosts)),
        }

    def attempts(self) -> tuple[EgressAttempt, ...]:
        return self._attempts.items()

    def note(self) -> str | None:
        return self._attempts.note()

    def record_refused(self, method: str, target: str) -> None:
        """An attempt the browser was stopped from making itself (e.g. WebRTC, see `webrtc.py`), recorded
        with the ones this proxy refused."""
        self._record(method, target, 0)

    def _record(self, method: str, target: str, body_bytes: int) -> None:
        self._attempts.append(EgressAttempt(self._clock.now_ms(), method, target, REFUSED, body_bytes))

    def _make_handler(self) -> type[QuietHandler]:
        guard = self

        class RefusingProxyHandler(QuietHandler):
            def do_CONNECT(self) -> None:
                if guard._collector is None or self.path != f"{UPLOAD_HOST}:443":
                    self._refuse()
                    return
                self.send_response(200, "Connection established")
                self.end_headers()
                self.close_connection = True
                tls = server_tls_context(UPLOAD_HOST)
                with tls.wrap_socket(self.connection, server_side=True) as secured:
                    guard._collector.serve_connection(secured, self.client_address)

            def _refuse(self) -> None:
                guard._record(self.command, self.path, self._offered_body_bytes())
                self.close_connection = True
                self.send_response(REFUSED, "Blocked by tagprobe: no request leaves this machine")
                self.send_header("Content-Length", "0")
                self.send_header("Connection", "close")
                self.end_headers()

            def _offered_body_bytes(self) -> int:
                if self.command == "CONNECT":
                    return 0
                body = read_body(self.rfile, self.headers, MAX_READ_BYTES)
                if body.refusal is None:
                    return len(body.data)
                announced = str(self.headers.get("Content-Length") or "0").strip()
                return int(announced) if announced.isdigit() else 0

            do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = do_OPTIONS = do_PATCH = _refuse

        return RefusingProxyHandler
