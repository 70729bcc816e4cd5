"""One monotonic clock per capture, so that uploads, cookies and console lines share a time axis."""

from __future__ import annotations

import time


class CaptureClock:
    def __init__(self) -> None:
        self._origin = time.monotonic()
        self.origin_epoch_ms = time.time() * 1000
        """The wall-clock time (epoch ms) of this clock's zero: how its times meet the tag's page starts."""

    def now_ms(self) -> float:
        return round((time.monotonic() - self._origin) * 1000, 1)
