"""dead_click: a click on something that is not a link or a field, after which the page showed no reaction (DOM
change, scroll, typing, visibility change, text selection, navigation) within the window; one per attempt.

The window starts at the press and ends `dead_click_window_ms` after the click, or earlier:
- at the next click elsewhere: what the page did after it answers that click, so the first is judged on what
  came before it;
- when the page ends: if another page starts within `navigation_grace_ms` the click navigated (alive);
  if none follows, the visitor left (or the test closed the tab) and the click is judged on what came before.
A page whose recording stops without its last upload leaves a click before the window elapsed undecided."""

from __future__ import annotations

from collections.abc import Iterator

from tagprobe.detect.clicks import attempts
from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.element import matches_any
from tagprobe.detect.signal import Signal, SignalType
from tagprobe.detect.targets import TargetKind
from tagprobe.detect.timeline import ClickedElement, PageTimeline, SessionTimeline

CANDIDATE_KINDS = frozenset({TargetKind.BUTTON, TargetKind.OTHER})


def is_candidate(clicked: ClickedElement, config: DetectorConfig) -> bool:
    allowed = clicked.kind in CANDIDATE_KINDS or (
        clicked.kind is TargetKind.BACKGROUND and config.dead_click_on_background
    )
    return allowed and not matches_any(config.ignore + config.dead_click_ignore, clicked.element)


def answered(clicked: ClickedElement, until_ms: int, page: PageTimeline, config: DetectorConfig) -> bool:
    """Whether the page reacted between the press and `until_ms` (a selection shows up to the tag's delay later)."""
    return page.reactions.first_between(clicked.pressed_ms, until_ms) is not None or bool(
        page.count_between(page.selections, clicked.pressed_ms, until_ms + config.selection_delay_ms)
    )


def judge(
    clicked: ClickedElement,
    next_click_ms: int | None,
    page: PageTimeline,
    session: SessionTimeline,
    config: DetectorConfig,
) -> str | None:
    """Why the click is dead, or None when it is alive or cannot be judged."""
    window_end = clicked.time + config.dead_click_window_ms
    cut = next_click_ms is not None and next_click_ms <= window_end
    seen_until = next_click_ms - 1 if next_click_ms is not None and cut else window_end
    grace = config.navigation_grace_ms
    if page.ended_ms is not None and page.ended_ms < seen_until:
        if answered(clicked, page.ended_ms, page, config):
            return None
        if session.page_started_between(page, clicked.pressed_ms, page.ended_ms + grace):
            return None
        return (
            f"no reaction before the page closed at +{page.ended_ms - clicked.time} ms, and no page followed"
        )
    if answered(clicked, seen_until, page, config):
        return None
    opened_until = window_end + grace if next_click_ms is None else min(window_end + grace, next_click_ms - 1)
    if session.page_started_between(page, clicked.pressed_ms, opened_until):
        return None
    if page.ended_ms is None and page.observed_ms < seen_until:
        return None
    if cut:
        return f"no reaction in the {seen_until + 1 - clicked.time} ms before the next click elsewhere"
    return f"no DOM change, scroll, typing, navigation or visibility change within {config.dead_click_window_ms} ms"


def detect(session: SessionTimeline, config: DetectorConfig) -> Iterator[Signal]:
    for page in session.pages:
        runs = list(attempts(page.clicks, config))
        for index, run in enumerate(runs):
            first = run[0]
            if not is_candidate(first, config):
                continue
            next_click_ms = runs[index + 1][0].time if index + 1 < len(runs) else None
            reason = judge(first, next_click_ms, page, session, config)
            if reason is not None:
                yield Signal(
                    SignalType.DEAD_CLICK, page.number, page.url, first.time, len(run),
                    f"{clicks_on(run, first.kind)}: {reason}", first.element, run[-1].time - first.time,
                )  # fmt: skip


def clicks_on(run: tuple[ClickedElement, ...], kind: TargetKind) -> str:
    article = "an" if kind[0] in "aeiou" else "a"
    return f"{len(run)} click{'s' if len(run) > 1 else ''} on {article} {kind}"
