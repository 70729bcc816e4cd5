"""Runs every signal detector over a decoded session."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tagprobe.decode.session import RecordedSession
from tagprobe.detect import dead, error_click, excessive_scroll, form_abandonment, js_error, quick_back, rage
from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.dead import UnjudgedClick
from tagprobe.detect.live import NO_LIVE_FACTS, LiveFacts
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
    form_abandonment.detect,
)
TYPE_ORDER = {kind: index for index, kind in enumerate(SignalType)}


@dataclass(frozen=True, slots=True)
class Detection:
    signals: tuple[Signal, ...]
    """Every signal of every page, in page order, then time order."""
    unjudged: tuple[UnjudgedClick, ...] = ()
    """Candidate clicks whose dead-click window the recording does not cover."""


def detect(session: RecordedSession, config: DetectorConfig, live: LiveFacts = NO_LIVE_FACTS) -> Detection:
    timeline = build_session_timeline(session.pages, config, live)
    signals = [signal for detector in DETECTORS for signal in detector(timeline, config)]
    ordered = sorted(
        signals, key=lambda signal: (signal.page_number, signal.time_ms, TYPE_ORDER[signal.type])
    )
    return Detection(tuple(ordered), tuple(dead.unjudged(timeline, config)))


def detect_signals(
    session: RecordedSession, config: DetectorConfig, live: LiveFacts = NO_LIVE_FACTS
) -> tuple[Signal, ...]:
    return detect(session, config, live).signals
