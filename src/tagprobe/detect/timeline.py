"""One pass over a page's events: its clicks (with the element and kind), the page's reactions, selections,
scrolls and script errors, and when the page started and ended; what every detector reads."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from tagprobe.decode.events import (
    Click,
    DomChange,
    EventType,
    Input,
    Metrics,
    OtherEvent,
    Pointer,
    ScriptError,
    Scroll,
    Visibility,
)
from tagprobe.decode.session import RecordedPage
from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.dom import DomTracker
from tagprobe.detect.signal import ElementRef
from tagprobe.detect.targets import TargetKind, classify

LEFT_BUTTON = 0
SELECTION_RANGE = ("start", "startOffset", "end", "endOffset")
CLIENT_TIMESTAMP_METRIC = 0
"""Metric 0: the wall-clock time (epoch ms) the tag started on the page: pages share no other clock."""


@dataclass(frozen=True, slots=True)
class ClickedElement:
    click: Click
    element: ElementRef
    kind: TargetKind
    pressed_ms: int
    """When the press that ended in this click began: a menu that opens on mousedown reacts before the click."""

    @property
    def time(self) -> int:
        return self.click.time


@dataclass(frozen=True, slots=True)
class Reactions:
    """Sorted times of what the page did that a visitor sees, with a word for each."""

    times: tuple[int, ...]
    kinds: tuple[str, ...]

    def first_between(self, start: int, end: int) -> tuple[int, str] | None:
        """The first reaction at or after `start` and at or before `end`."""
        index = bisect_left(self.times, start)
        if index < len(self.times) and self.times[index] <= end:
            return self.times[index], self.kinds[index]
        return None


@dataclass(frozen=True, slots=True)
class PageTimeline:
    page: RecordedPage
    clicks: tuple[ClickedElement, ...]
    """Left-button clicks (trusted ones only unless the config says otherwise), in time order."""
    reactions: Reactions
    selections: tuple[int, ...]
    double_clicks: tuple[int, ...]
    scrolls: tuple[Scroll, ...]
    errors: tuple[ScriptError, ...]
    started_epoch_ms: int | None
    ended_ms: int | None
    """When the page's last upload (end=1) closed it; None when the recording stopped without one."""
    observed_ms: int
    """The last moment any upload of the page covers."""

    @property
    def number(self) -> int:
        return self.page.number

    @property
    def url(self) -> str:
        return self.page.url

    def count_between(self, times: tuple[int, ...], start: int, end: int) -> int:
        """How many of the sorted `times` fall between `start` and `end`, both included."""
        return max(bisect_right(times, end) - bisect_left(times, start), 0)


def build_timeline(page: RecordedPage, config: DetectorConfig) -> PageTimeline:
    dom = DomTracker()
    clicks: list[ClickedElement] = []
    reaction_times: list[int] = []
    reaction_kinds: list[str] = []
    selections: list[int] = []
    double_clicks: list[int] = []
    scrolls: list[Scroll] = []
    errors: list[ScriptError] = []
    started: int | None = None
    selected: tuple[object, ...] | None = None
    last_press = last_click = -1
    visible: bool | None = None

    def react(time: int, kind: str) -> None:
        reaction_times.append(time)
        reaction_kinds.append(kind)

    for event in page.events:
        if isinstance(event, Pointer):
            if event.type in (EventType.MOUSE_DOWN, EventType.TOUCH_START):
                last_press = event.time
            elif event.type == EventType.DOUBLE_CLICK:
                double_clicks.append(event.time)
        elif isinstance(event, DomChange):
            dom.apply(event)
            if event.type == EventType.MUTATION and not (
                config.ambient and all(dom.inside_any(node.id, config.ambient) for node in event.nodes)
            ):
                react(event.time, "DOM change")
        elif isinstance(event, Scroll):
            scrolls.append(event)
            react(event.time, "scroll")
        elif isinstance(event, Click):
            if (
                event.type == EventType.CLICK
                and event.button == LEFT_BUTTON
                and (event.trusted or not config.trusted_clicks_only)
            ):
                pressed = last_press if last_press > last_click and last_press <= event.time else event.time
                kind = classify(event, dom.lineage(event.target))
                clicks.append(ClickedElement(event, dom.describe(event), kind, pressed))
                last_click = event.time
        elif isinstance(event, Input):
            # Typing after the click (it put the caret somewhere). Not Change: a field fires that on blur,
            # when the click lands elsewhere, so it is no answer to the click.
            react(event.time, "typing")
        elif isinstance(event, Visibility):
            if visible is not None and event.visible != visible:
                react(event.time, "visibility change")
            visible = event.visible
        elif isinstance(event, ScriptError):
            errors.append(event)
        elif (
            isinstance(event, OtherEvent)
            and event.type == EventType.SELECTION
            and isinstance(event.data, dict)
        ):
            # The tag re-sends an unchanged range (when a new gesture starts, or a click brushes an old
            # selection): only a different range is a change.
            selection = tuple(event.data.get(key) for key in SELECTION_RANGE)
            if selection != selected:
                selections.append(event.time)
            selected = selection
        elif isinstance(event, Metrics) and started is None and CLIENT_TIMESTAMP_METRIC in event.values:
            started = int(event.values[CLIENT_TIMESTAMP_METRIC])

    ends = [upload.envelope.start + upload.envelope.duration for upload in page.uploads]
    ended = max(
        (end for end, upload in zip(ends, page.uploads, strict=True) if upload.envelope.end), default=None
    )
    return PageTimeline(
        page=page,
        clicks=tuple(clicks),
        reactions=Reactions(tuple(reaction_times), tuple(reaction_kinds)),
        selections=tuple(selections),
        double_clicks=tuple(double_clicks),
        scrolls=tuple(scrolls),
        errors=tuple(errors),
        started_epoch_ms=started,
        ended_ms=ended,
        observed_ms=max(ends, default=0),
    )


@dataclass(frozen=True, slots=True)
class SessionTimeline:
    pages: tuple[PageTimeline, ...]
    page_starts: tuple[int, ...]
    """Sorted wall-clock starts (epoch ms) of the pages that reported one."""

    @staticmethod
    def of(pages: tuple[PageTimeline, ...]) -> SessionTimeline:
        starts = sorted(page.started_epoch_ms for page in pages if page.started_epoch_ms is not None)
        return SessionTimeline(pages, tuple(starts))

    def page_started_between(self, page: PageTimeline, start_ms: int, end_ms: int) -> bool:
        """Whether another page started after `start_ms` and by `end_ms`, both in `page`'s own time.

        Without a start time for `page`, any later page in the session counts (the order is all there is)."""
        if page.started_epoch_ms is None:
            return page.number < len(self.pages)
        low, high = page.started_epoch_ms + start_ms, page.started_epoch_ms + end_ms
        return bisect_right(self.page_starts, high) - bisect_right(self.page_starts, low) > 0


def build_session_timeline(pages: tuple[RecordedPage, ...], config: DetectorConfig) -> SessionTimeline:
    return SessionTimeline.of(tuple(build_timeline(page, config) for page in pages))
