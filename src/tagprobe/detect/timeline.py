"""One pass over a page's events: its clicks (with the element and kind), the page's reactions, selections,
scrolls and script errors, and when the page started and ended; what every detector reads.

A page is what the tag calls one; a move to or from an empty hash (`href="#"`) makes the tag end its page and
start another in the same document (no Unload, the same navigation timing). `SessionTimeline.continuation`
tells such a restart from a navigation, so the detector reads it as the same page going on."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

from tagprobe.decode.events import (
    Change,
    Click,
    DomChange,
    EventType,
    Input,
    Metrics,
    OtherEvent,
    Pointer,
    ScriptError,
    Scroll,
    Unload,
    Visibility,
)
from tagprobe.decode.session import RecordedPage
from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.dom import DomTracker
from tagprobe.detect.live import NO_LIVE_FACTS, LiveFacts
from tagprobe.detect.signal import ElementRef
from tagprobe.detect.targets import TargetKind, classify, leaves_no_trace

Timed = TypeVar("Timed", Scroll, ScriptError, "FieldTouch")
NO_FORM = -1
"""The form id of fields that are neither in a <form> nor inside an element with an id."""
START_SCROLL_MS = 100
"""A scroll the tag reports this early on a page is the position it started at, not a visitor's scrolling."""
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
    leaves_no_trace: bool = False
    """A new-tab or download link: what it does happens outside this page's recording."""
    form_id: int = NO_FORM
    """The node id of the form the clicked element is in (see DomTracker.form_of)."""

    @property
    def time(self) -> int:
        return self.click.time


@dataclass(frozen=True, slots=True)
class FieldTouch:
    """A visitor touching a form field: a click into it, typing, a change."""

    time: int
    field_id: int
    field: ElementRef
    form_id: int
    form: str
    """`form#signup`, `div#contact`, or "the page's fields"."""


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
    unloaded: bool = False
    """The document went away (the tag's Unload event): a navigation, a reload or a closed tab."""
    navigation_timing: str = ""
    """The document's PerformanceNavigationTiming as the tag sent it: the same in a same-document restart."""
    actions: tuple[int, ...] = ()
    """When the live run's scripted actions began, on this page's clock (none for saved uploads)."""
    popups: tuple[int, ...] = ()
    """When the live run saw a window open (Playwright's event, which comes late on a loaded machine)."""
    field_touches: tuple[FieldTouch, ...] = ()
    submits: tuple[tuple[int, int], ...] = ()
    """(time, form node id) of each Submit event."""
    removed: Mapping[int, int] = field(default_factory=dict)
    """node id -> when the tag reported it removed from the DOM (the last time)."""

    @property
    def recorded_until(self) -> int:
        return self.ended_ms if self.ended_ms is not None else self.observed_ms

    def scroll_at_start(self) -> int:
        """The page's vertical scroll when the tag started: it reports a position only when it is not 0."""
        first = self.scrolls[0] if self.scrolls else None
        return first.y if first is not None and first.time <= START_SCROLL_MS else 0

    def scroll_at_end(self) -> int:
        return self.scrolls[-1].y if self.scrolls else 0

    def next_action_after(self, time_ms: int) -> int | None:
        index = bisect_right(self.actions, time_ms)
        return self.actions[index] if index < len(self.actions) else None

    @property
    def number(self) -> int:
        return self.page.number

    @property
    def url(self) -> str:
        return self.page.url

    def count_between(self, times: tuple[int, ...], start: int, end: int) -> int:
        """How many of the sorted `times` fall between `start` and `end`, both included."""
        return max(bisect_right(times, end) - bisect_left(times, start), 0)


def build_timeline(
    page: RecordedPage, config: DetectorConfig, live: LiveFacts = NO_LIVE_FACTS
) -> PageTimeline:
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
    unloaded = False
    navigation_timing = ""
    touches: list[FieldTouch] = []
    submits: list[tuple[int, int]] = []
    removed: dict[int, int] = {}

    def touch(time: int, node_id: int) -> None:
        form = dom.form_of(node_id)
        form_id, form_name = (form[0], str(form[1])) if form is not None else (NO_FORM, "the page's fields")
        touches.append(FieldTouch(time, node_id, dom.describe_node(node_id), form_id, form_name))

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
            removed.update(
                (node.id, event.time) for node in event.nodes if node.parent is None and node.id in dom
            )
            dom.apply(event)
            if event.type == EventType.MUTATION and not (
                config.ambient and all(dom.inside_any(node.id, config.ambient) for node in event.nodes)
            ):
                react(event.time, "DOM change")
        elif isinstance(event, Scroll):
            if scrolls or event.time > START_SCROLL_MS:
                react(event.time, "scroll")
            scrolls.append(event)
        elif isinstance(event, Click):
            if (
                event.type == EventType.CLICK
                and event.button == LEFT_BUTTON
                and (event.trusted or not config.trusted_clicks_only)
            ):
                pressed = last_press if last_press > last_click and last_press <= event.time else event.time
                lineage = dom.lineage(event.target)
                kind = classify(event, lineage)
                form = dom.form_of(event.target)
                clicks.append(
                    ClickedElement(
                        event, dom.describe(event), kind, pressed, leaves_no_trace(event, lineage),
                        form[0] if form is not None else NO_FORM,
                    )
                )  # fmt: skip
                if kind is TargetKind.INPUT:
                    touch(event.time, event.target)
                last_click = event.time
        elif isinstance(event, Input):
            # Typing after the click (it put the caret somewhere). Not Change: a field fires that on blur,
            # when the click lands elsewhere, so it is no answer to the click.
            react(event.time, "typing")
            touch(event.time, event.target)
        elif isinstance(event, Change):
            touch(event.time, event.target)
        elif isinstance(event, Visibility):
            if visible is not None and event.visible != visible:
                react(event.time, "visibility change")
            visible = event.visible
        elif isinstance(event, ScriptError):
            errors.append(event)
        elif isinstance(event, Unload):
            unloaded = True
        elif (
            isinstance(event, OtherEvent) and event.type == EventType.SUBMIT and isinstance(event.data, dict)
        ):
            target = event.data.get("target")
            if isinstance(target, int):
                submits.append((event.time, target))
        elif isinstance(event, OtherEvent) and event.type == EventType.NAVIGATION and not navigation_timing:
            navigation_timing = (
                repr(sorted(event.data.items())) if isinstance(event.data, dict) else repr(event.data)
            )
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
        unloaded=unloaded,
        navigation_timing=navigation_timing,
        actions=live.in_page_time(live.action_starts_epoch_ms, page.number, started),
        popups=live.in_page_time(live.popups_epoch_ms, page.number, started),
        field_touches=tuple(touches),
        submits=tuple(submits),
        removed=removed,
    )


@dataclass(frozen=True, slots=True)
class SessionTimeline:
    pages: tuple[PageTimeline, ...]
    page_starts: tuple[int, ...]
    """Sorted wall-clock starts (epoch ms) of the pages that reported one."""
    grace_ms: int = 2000

    @staticmethod
    def of(pages: tuple[PageTimeline, ...], grace_ms: int = 2000) -> SessionTimeline:
        starts = sorted(page.started_epoch_ms for page in pages if page.started_epoch_ms is not None)
        return SessionTimeline(pages, tuple(starts), grace_ms)

    def page_started_between(self, page: PageTimeline, start_ms: int, end_ms: int) -> bool:
        """Whether another page started after `start_ms` and by `end_ms`, both in `page`'s own time.

        Without a start time for `page`, any later page in the session counts (the order is all there is)."""
        if page.started_epoch_ms is None:
            return page.number < len(self.pages)
        low, high = page.started_epoch_ms + start_ms, page.started_epoch_ms + end_ms
        successor = self.successor(page)
        skip = successor.started_epoch_ms if successor is not None else None
        starts = self.page_starts
        between = starts[bisect_right(starts, low) : bisect_right(starts, high)]
        return any(start != skip for start in between)

    def successor(self, page: PageTimeline) -> PageTimeline | None:
        """The page this one's tab went on to when it ended: the one starting closest to its end, within the
        grace. Page starts (Metric 0) come from the tag's start-up, which lags by up to a few hundred ms on a
        loaded machine, so a successor can seem to start before the end; the end, on the page's own clock,
        is what says when it navigated."""
        if page.ended_ms is None or page.started_epoch_ms is None:
            return None
        ended = page.started_epoch_ms + page.ended_ms
        near = [
            other
            for other in self.pages
            if other.started_epoch_ms is not None
            and other.started_epoch_ms > page.started_epoch_ms
            and abs(other.started_epoch_ms - ended) <= self.grace_ms
        ]
        return min(near, key=lambda other: abs((other.started_epoch_ms or 0) - ended), default=None)

    def continuation(self, page: PageTimeline) -> PageTimeline | None:
        """The page the tag started in the same document when it ended this one without an Unload (a move to
        or from an empty hash): same address without the hash, same navigation timing, started within the
        grace. Any other page that follows is a navigation or a new tab."""
        if page.unloaded or page.ended_ms is None or page.started_epoch_ms is None:
            return None
        ended_epoch = page.started_epoch_ms + page.ended_ms
        after = [
            other
            for other in self.pages
            if other.started_epoch_ms is not None and other.started_epoch_ms >= ended_epoch
        ]
        following = min(after, key=lambda other: other.started_epoch_ms or 0, default=None)
        if (
            following is not None
            and following.started_epoch_ms is not None
            and ended_epoch <= following.started_epoch_ms <= ended_epoch + self.grace_ms
            and following.url.split("#", 1)[0] == page.url.split("#", 1)[0]
            and following.navigation_timing == page.navigation_timing
        ):
            return following
        return None

    def offset_ms(self, page: PageTimeline, other: PageTimeline) -> int:
        """Add to a time on `other`'s clock to read it on `page`'s (both starts must be known)."""
        if page.started_epoch_ms is None or other.started_epoch_ms is None:
            return 0
        return other.started_epoch_ms - page.started_epoch_ms


def joined(page: PageTimeline, later: PageTimeline, shift: int) -> PageTimeline:
    """`page` going on with `later`, the page the tag started in the same document, `shift` ms after it."""
    reactions = sorted(
        [*zip(page.reactions.times, page.reactions.kinds, strict=True),
         *((time + shift, kind) for time, kind in zip(later.reactions.times, later.reactions.kinds, strict=True))]
    )  # fmt: skip
    if later.scroll_at_start() != page.scroll_at_end():
        # The browser scrolled (to the top, for "#") while the tag was restarting: only the positions the two
        # pages report show it.
        reactions = sorted([*reactions, (shift, "scroll")])

    def moved(events: tuple[Timed, ...]) -> tuple[Timed, ...]:
        return tuple(replace(event, time=event.time + shift) for event in events)

    return replace(
        page,
        clicks=(
            *page.clicks,
            *(
                replace(
                    clicked,
                    click=replace(clicked.click, time=clicked.time + shift),
                    pressed_ms=clicked.pressed_ms + shift,
                )
                for clicked in later.clicks
            ),
        ),
        reactions=Reactions(tuple(time for time, _ in reactions), tuple(kind for _, kind in reactions)),
        selections=(*page.selections, *(time + shift for time in later.selections)),
        double_clicks=(*page.double_clicks, *(time + shift for time in later.double_clicks)),
        scrolls=(*page.scrolls, *moved(later.scrolls)),
        errors=(*page.errors, *moved(later.errors)),
        ended_ms=None if later.ended_ms is None else later.ended_ms + shift,
        observed_ms=later.observed_ms + shift,
        unloaded=later.unloaded,
        actions=tuple(sorted({*page.actions, *(time + shift for time in later.actions)})),
        popups=(*page.popups, *(time + shift for time in later.popups)),
        field_touches=(*page.field_touches, *moved(later.field_touches)),
        submits=(*page.submits, *((time + shift, target) for time, target in later.submits)),
        removed={**page.removed, **{node: time + shift for node, time in later.removed.items()}},
    )


def build_session_timeline(
    pages: tuple[RecordedPage, ...], config: DetectorConfig, live: LiveFacts = NO_LIVE_FACTS
) -> SessionTimeline:
    """The session's pages, a page the tag restarted in the same document (a move to or from an empty hash)
    joined to the one before it: for the visitor it is the same page."""
    raw = SessionTimeline.of(
        tuple(build_timeline(page, config, live) for page in pages), config.navigation_grace_ms
    )
    joins = same_document_joins(raw)
    merged = {page.number: page for page in raw.pages if page.number not in joins}
    for page in raw.pages:
        if page.number in joins:
            host, shift = joins[page.number]
            merged[host] = joined(merged[host], page, shift)
    return SessionTimeline.of(tuple(merged.values()), config.navigation_grace_ms)


def same_document_joins(raw: SessionTimeline) -> dict[int, tuple[int, int]]:
    """page number -> (the page it goes on from, ms to add to its times) for every page the tag restarted in
    the same document; signals on it are reported on that first page, on its clock."""
    joins: dict[int, tuple[int, int]] = {}
    for page in raw.pages:
        if page.number in joins:
            continue
        following = raw.continuation(page)
        while following is not None and following.number not in joins and following.number != page.number:
            joins[following.number] = (page.number, raw.offset_ms(page, following))
            following = raw.continuation(following)
    return joins
