"""Runs every signal detector over a decoded session."""

from __future__ import annotations

from tagprobe.decode.session import RecordedSession
from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.signal import Signal


def detect_signals(session: RecordedSession, config: DetectorConfig) -> tuple[Signal, ...]:
    return ()
