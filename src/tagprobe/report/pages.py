"""What the report shows for each recorded page: its picture, its clicks (flagged by signals), how far the
visitor scrolled, and a one-line description of every event."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from tagprobe.capture.records import Upload
from tagprobe.decode.events import (
    Change,
    Click,
    Consent,
    Custom,
    Dimensions,
    DomChange,
    Event,
    EventType,
    Input,
    Log,
    Metrics,
    OtherEvent,
    Pointer,
    ScriptError,
    Scroll,
    Unload,
    Variables,
    Viewport,
    Visibility,
    event_name,
)
from tagprobe.decode.session import RecordedPage
from tagprobe.detect.signal import ElementRef, NodeRef, Signal, SignalType
from tagprobe.run.results import StepResult
from tagprobe.urls import without_hash

MAX_EVENT_LOG = 400
"""Events listed per page in results.json and the report; the rest stay in uploads.jsonl."""
CLICK_SIGNALS = frozenset({SignalType.RAGE_CLICK, SignalType.DEAD_CLICK, SignalType.ERROR_CLICK})
TEXT_LIMIT = 60


def page_pictures(
    pages: Sequence[RecordedPage], steps: Sequence[StepResult], uploads: Sequence[Upload]
) -> dict[int, StepResult]:
    """Each page's picture: the last step picture showing its URL (hash ignored), taken before the next page's
    first upload arrived, so that two visits of one URL each get their own picture."""
    first_upload = {page.number: _first_upload_ms(page, uploads) for page in pages}
    pictures: dict[int, StepResult] = {}
    for position, page in enumerate(pages):
        ends = first_upload[pages[position + 1].number] if position + 1 < len(pages) else math.inf
        showing = [
            step for step in steps if step.screenshot and without_hash(step.url) == without_hash(page.url)
        ]
        before_next = [step for step in showing if step.started_ms < ends]
        if showing:
            pictures[page.number] = (before_next or showing)[-1]
    return pictures


def _first_upload_ms(page: RecordedPage, uploads: Sequence[Upload]) -> float:
    times = [uploads[upload.index].received_ms for upload in page.uploads if upload.index < len(uploads)]
    return min(times, default=math.inf)


def element_label(click: Click) -> str:
    """`button#buy`, `div.product-art.art-1`: the clicked element as the detector names it."""
    return str(NodeRef(click.tag or "element", click.element_id, click.class_name))


def _same_element(click: Click, element: ElementRef) -> bool:
    if element.hash and click.hash:
        return element.hash == click.hash
    return (click.tag, click.element_id, click.class_name) == (
        element.tag.lower(),
        element.id,
        element.class_name,
    )


def _distance_ms(time: int, signal: Signal) -> int:
    """0 inside the signal's span (first click to last), else how far outside it."""
    end = signal.time_ms + max(signal.duration_ms, 0)
    return max(signal.time_ms - time, time - end, 0)


def click_signals(clicks: Sequence[Click], signals: Sequence[Signal]) -> dict[int, list[str]]:
    """Which clicks each click signal is about: the `count` clicks on its element closest to its time span."""
    flagged: dict[int, list[str]] = {}
    for signal in signals:
        if signal.type not in CLICK_SIGNALS:
            continue
        indexes = range(len(clicks))
        on_element = [
            i for i in indexes if signal.element is None or _same_element(clicks[i], signal.element)
        ]
        candidates = on_element or list(indexes)
        closest = sorted(candidates, key=lambda i: _distance_ms(clicks[i].time, signal))[
            : max(signal.count, 1)
        ]
        for index in closest:
            flagged.setdefault(index, []).append(signal.type.value)
    return flagged


def clicks_facts(page: RecordedPage, signals: Sequence[Signal]) -> list[dict[str, Any]]:
    clicks = page.of_type(Click)
    flagged = click_signals(clicks, [signal for signal in signals if signal.page_number == page.number])
    return [
        {
            "time": click.time,
            "x": click.x,
            "y": click.y,
            "element": element_label(click),
            "text": click.text[:TEXT_LIMIT],
            "signals": flagged.get(index, []),
        }
        for index, click in enumerate(clicks)
    ]


def scroll_facts(page: RecordedPage) -> dict[str, Any] | None:
    """How far down the visitor saw: the deepest scroll plus the viewport height, or the deepest click when
    that is lower (a click proves its spot was on screen), against the document height."""
    sizes = page.of_type(Viewport)
    documents = [size for size in sizes if size.type == EventType.DOCUMENT and size.height > 0]
    viewports = [size for size in sizes if size.type == EventType.RESIZE and size.height > 0]
    if not documents or not viewports:
        return None
    document = max(documents, key=lambda size: size.height)
    viewport = viewports[-1]
    deepest = max((scroll.y for scroll in page.of_type(Scroll)), default=0)
    deepest_click = max((click.y for click in page.of_type(Click)), default=0)
    reached = min(document.height, max(deepest + viewport.height, deepest_click))
    return {
        "max_y": deepest,
        "viewport": [viewport.width, viewport.height],
        "document": [document.width, document.height],
        "reached": reached,
        "percent": round(100 * reached / document.height, 1),
    }


def describe_event(event: Event) -> str:
    """One line a person can scan; the full event is in uploads.jsonl."""
    match event:
        case Click():
            label = element_label(event)
            text = f" “{event.text[:TEXT_LIMIT]}”" if event.text else ""
            return f"{label}{text} at ({event.x}, {event.y})"
        case Scroll() | Pointer():
            return f"({event.x}, {event.y})"
        case Input():
            return f"node {event.target}: {event.value[:TEXT_LIMIT]}"
        case Change():
            return f"node {event.target} ({event.input_type}): {event.value[:TEXT_LIMIT]}"
        case Custom():
            return event.key if event.value is None else f"{event.key} = {event.value}"
        case Variables():
            return ", ".join(f"{key} = {' | '.join(values)}" for key, values in event.values.items())
        case Dimensions():
            return ", ".join(
                f"{key}: {' | '.join(values)[:TEXT_LIMIT]}" for key, values in event.values.items()
            )
        case Metrics():
            return f"{len(event.values)} metrics"
        case Consent():
            analytics = "granted" if event.analytics_granted else "denied"
            return f"analytics {analytics}, ads {'granted' if event.ad_granted else 'denied'}"
        case ScriptError():
            return f"{event.message} (line {event.line})"
        case Log():
            return f"{event.name}: {event.message}"
        case DomChange():
            return f"{len(event.nodes)} nodes"
        case Visibility():
            return "visible" if event.visible else "hidden"
        case Unload():
            return event.name
        case Viewport():
            return f"{event.width}x{event.height}"
        case OtherEvent():
            return event.group
    return ""


def event_log(events: Sequence[Event]) -> list[dict[str, Any]]:
    return [
        {
            "time": event.time,
            "type": event.type,
            "name": event_name(event.type),
            "summary": describe_event(event),
        }
        for event in events[:MAX_EVENT_LOG]
    ]


def page_facts(page: RecordedPage, signals: Sequence[Signal]) -> dict[str, Any]:
    counts: Mapping[str, int] = Counter(event_name(event.type) for event in page.events)
    return {
        "clicks": clicks_facts(page, signals),
        "scroll": scroll_facts(page),
        "event_types": dict(sorted(counts.items())),
        "event_log": event_log(page.events),
        "event_log_truncated": len(page.events) > MAX_EVENT_LOG,
    }
