"""The egress guard: a proxy that every non-local request of the browser goes to, and that forwards nothing.

Playwright routes do not see beacons fired on pagehide, so routing alone cannot promise that no byte
reaches Clarity; a proxy sees every request the browser makes that is not to loopback."""

from __future__ import annotations

import threading

from tagprobe.capture.clock import CaptureClock
from tagprobe.capture.loopback import LoopbackServer, QuietHandler
from tagprobe.capture.records import EgressAttempt

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")


class EgressGuard(LoopbackServer):
    """Refuses and records every request that tries to leave the machine."""

    def __init__(self, clock: CaptureClock, allowed_hosts: tuple[str, ...] = ()) -> None:
        self._clock = clock
        self._allowed_hosts = allowed_hosts
        self._attempts: list[EgressAttempt] = []
        self._changed = threading.Condition()
        super().__init__(self._make_handler())

    def proxy_settings(self) -> dict[str, str]:
        """Playwright's `proxy` option: loopback and explicitly allowed hosts go direct, the rest comes here."""
        return {
            "server": f"http://127.0.0.1:{self.port}",
            "bypass": ",".join((*LOOPBACK_HOSTS, *self._allowed_hosts)),
        }

    def attempts(self) -> tuple[EgressAttempt, ...]:
        with self._changed:
            return tuple(self._attempts)

    def wait_for_attempt(self, target: str, timeout_s: float) -> bool:
        """True once a request for `target` (e.g. `x.clarity.ms:443`) was refused."""
        with self._changed:
            return self._changed.wait_for(
                lambda: any(attempt.target == target for attempt in self._attempts), timeout=timeout_s
            )

    def _record(self, method: str, target: str) -> None:
        with self._changed:
            self._attempts.append(EgressAttempt(self._clock.now_ms(), method, target))
            self._changed.notify_all()

    def _make_handler(self) -> type[QuietHandler]:
        guard = self

        class RefusingProxyHandler(QuietHandler):
            def _refuse(self) -> None:
                guard._record(self.command, self.path)
                self.close_connection = True
                self.send_response(403, "Blocked by tagprobe: no request leaves this machine")
                self.send_header("Content-Length", "0")
                self.send_header("Connection", "close")
                self.end_headers()

            do_CONNECT = do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = do_OPTIONS = do_PATCH = _refuse

        return RefusingProxyHandler
