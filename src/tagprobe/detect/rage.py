"""rage_click: `rage_click_count` or more clicks, each within `rage_click_radius_px` and `rage_click_max_gap_ms`
of the one before, on anything but a field or a new-tab link; one signal per burst.

Not rage: a burst short enough to be a double or triple click that selected text, and (by default) a burst in
which every click got its own reaction, which is someone working a stepper, a carousel or "load more"."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from tagprobe.detect.clicks import bursts, distance_px
from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.dead import REACTIONS, seconds
from tagprobe.detect.element import matches_any
from tagprobe.detect.signal import ElementRef, Signal, SignalType
from tagprobe.detect.targets import TargetKind, opens_new_tab
from tagprobe.detect.timeline import ClickedElement, PageTimeline, SessionTimeline

Burst = tuple[ClickedElement, ...]


def can_rage(clicked: ClickedElement, config: DetectorConfig) -> bool:
    return (
        clicked.kind is not TargetKind.INPUT
        and not opens_new_tab(clicked.click)
        and not matches_any(config.ignore + config.rage_click_ignore, clicked.element)
    )


def selects_text(burst: Burst, page: PageTimeline, config: DetectorConfig) -> bool:
    """A double or triple click on text that selected it: the tag reported a new selection.

    A dblclick alone is no proof (a double tap fires one and selects nothing), unless the page ended before
    the tag could report the selection it makes on text."""
    if len(burst) > config.rage_click_selection_max_clicks or burst[0].kind is not TargetKind.OTHER:
        return False
    start, end = burst[0].pressed_ms, burst[-1].time
    reported_by = end + config.selection_delay_ms
    if page.count_between(page.selections, start, reported_by):
        return True
    recorded_until = page.ended_ms if page.ended_ms is not None else page.observed_ms
    return recorded_until < reported_by and page.count_between(page.double_clicks, start, end) > 0


def unanswered(burst: Burst, next_click_ms: int | None, page: PageTimeline, config: DetectorConfig) -> int:
    """How many clicks of the burst got no reaction before the next click (the last: within the dead window)."""
    count = 0
    for index, clicked in enumerate(burst):
        if index + 1 < len(burst):
            until = burst[index + 1].pressed_ms - 1
        else:
            until = clicked.time + config.dead_click_window_ms
            if next_click_ms is not None:
                until = min(until, next_click_ms - 1)
        if page.reactions.first_between(clicked.pressed_ms, until) is None:
            count += 1
    return count


def spread_px(burst: Burst) -> int:
    """The farthest apart two clicks of the burst landed."""
    return round(max(distance_px(first, second) for first in burst for second in burst))


def stillness(burst: Burst, page: PageTimeline) -> str:
    """How long the page stayed still from the first click: to its first reaction, or to the recording's end."""
    first = burst[0]
    following = page.reactions.first_between(first.pressed_ms, page.recorded_until)
    if following is None:
        return f"no {REACTIONS} in the {seconds(page.recorded_until - first.time)} recorded after the first"
    if following[0] <= burst[-1].time:
        return f"first reaction ({following[1]}) at +{following[0] - first.time} ms"
    return f"no {REACTIONS} for {seconds(following[0] - first.time)} after the first"


def burst_element(burst: Burst) -> ElementRef:
    """The element most of the burst landed on (a banner's children share one burst)."""
    target, _ = Counter(clicked.click.target for clicked in burst).most_common(1)[0]
    return next(clicked.element for clicked in burst if clicked.click.target == target)


def detect_page(page: PageTimeline, config: DetectorConfig) -> Iterator[Signal]:
    found = list(bursts(page.clicks, config))
    for index, burst in enumerate(found):
        if len(burst) < config.rage_click_count or not all(can_rage(clicked, config) for clicked in burst):
            continue
        if selects_text(burst, page, config):
            continue
        next_click_ms = found[index + 1][0].time if index + 1 < len(found) else None
        missed = unanswered(burst, next_click_ms, page, config)
        if config.rage_click_ignore_responsive and missed == 0:
            continue
        duration = burst[-1].time - burst[0].time
        reason = (
            f"{len(burst)} clicks in {duration} ms within {spread_px(burst)} px, {missed} of them got no "
            f"reaction; {stillness(burst, page)}"
        )
        yield Signal(
            SignalType.RAGE_CLICK, page.number, page.url, burst[0].time, len(burst), reason, burst_element(burst),
            duration,
        )  # fmt: skip


def detect(session: SessionTimeline, config: DetectorConfig) -> Iterator[Signal]:
    for page in session.pages:
        yield from detect_page(page, config)
