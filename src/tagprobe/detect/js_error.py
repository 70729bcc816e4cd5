"""js_error: the uncaught script errors the tag reported (window `error` only), one signal per distinct message
on a page, counting its occurrences."""

from __future__ import annotations

from collections.abc import Iterator

from tagprobe.decode.events import ScriptError
from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.signal import Signal, SignalType
from tagprobe.detect.timeline import SessionTimeline


def where(error: ScriptError) -> str:
    return f"{error.source or 'inline'}:{error.line}:{error.column}"


def times(errors: list[ScriptError]) -> str:
    """How often and over how long, from the page's start (the tag reports at most 5 of one message)."""
    if len(errors) == 1:
        return f"once, at {errors[0].time / 1000:.1f} s"
    return f"{len(errors)} times between {errors[0].time / 1000:.1f} s and {errors[-1].time / 1000:.1f} s"


def detect(session: SessionTimeline, config: DetectorConfig) -> Iterator[Signal]:
    for page in session.pages:
        by_message: dict[str, list[ScriptError]] = {}
        for error in page.errors:
            by_message.setdefault(error.message, []).append(error)
        for message, errors in by_message.items():
            first = errors[0]
            yield Signal(
                SignalType.JS_ERROR, page.number, page.url, first.time, len(errors),
                f"{message} at {where(first)}, {times(errors)}", None, errors[-1].time - first.time,
            )  # fmt: skip
