"""Runs every signal detector over a decoded session."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from tagprobe.decode.session import RecordedSession
from tagprobe.detect import dead, error_click, excessive_scroll, js_error, quick_back, rage
from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.signal import Signal, SignalType
from tagprobe.detect.timeline import SessionTimeline, build_session_timeline

Detector = Callable[[SessionTimeline, DetectorConfig], Iterator[Signal]]

DETECTORS: tuple[Detector, ...] = (
    rage.detect,
    dead.detect,
    error_click.detect,
    quick_back.detect,
    excessive_scroll.detect,
    js_error.detect,
)
TYPE_ORDER = {kind: index for index, kind in enumerate(SignalType)}


def detect_signals(session: RecordedSession, config: DetectorConfig) -> tuple[Signal, ...]:
    """Every signal of every page, in page order, then time order."""
    timeline = build_session_timeline(session.pages, config)
    signals = [signal for detector in DETECTORS for signal in detector(timeline, config)]
    return tuple(
        sorted(signals, key=lambda signal: (signal.page_number, signal.time_ms, TYPE_ORDER[signal.type]))
    )
