"""dead_click: a click on a button, a plain element or a link that goes nowhere, after which the page showed no
reaction (DOM change, scroll, typing, visibility change, text selection, navigation, a popup the live run saw)
for the whole window; one per attempt (clicks on one element in a row).

A click is judged only on the full window, `dead_click_window_ms` after it:
- a reaction before the window ends makes it alive, whenever it comes;
- a page that follows (a navigation, a new tab) or a popup the live run saw, within the window and the
  navigation grace, makes it alive; a move to an empty hash (`href="#"`) is no navigation: the tag starts a
  new page in the same document, which the timeline joins to this one;
- when the next click elsewhere, the next scripted action, or the end of the page or of the recording comes
  before the window has passed, the click is not judged: listed as such, never called dead.
New-tab and download links are never candidates: what they do happens outside this page's recording."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from tagprobe.detect.clicks import attempts
from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.element import matches_any
from tagprobe.detect.signal import ElementRef, Signal, SignalType
from tagprobe.detect.targets import TargetKind
from tagprobe.detect.timeline import ClickedElement, PageTimeline, SessionTimeline

CANDIDATE_KINDS = frozenset({TargetKind.BUTTON, TargetKind.OTHER, TargetKind.LINK})
REACTIONS = "DOM change, scroll, typing, navigation or visibility change"


class Outcome(StrEnum):
    ALIVE = "alive"
    DEAD = "dead"
    NOT_JUDGED = "not judged"


@dataclass(frozen=True, slots=True)
class Judgement:
    outcome: Outcome
    reason: str
    """For a dead click, what did not happen and for how long; for one not judged, what cut its window."""


@dataclass(frozen=True, slots=True)
class UnjudgedClick:
    """A candidate click whose window the recording does not cover: neither dead nor alive."""

    page_number: int
    page_url: str
    time_ms: int
    count: int
    reason: str
    element: ElementRef

    def describe(self) -> str:
        return (
            f"click on {self.element.describe()} (page {self.page_number} {self.page_url}, at {self.time_ms} ms)"
            f" not judged: {self.reason}"
        )


def is_candidate(clicked: ClickedElement, config: DetectorConfig) -> bool:
    allowed = (clicked.kind in CANDIDATE_KINDS and not clicked.leaves_no_trace) or (
        clicked.kind is TargetKind.BACKGROUND and config.dead_click_on_background
    )
    return allowed and not matches_any(config.ignore + config.dead_click_ignore, clicked.element)


def seconds(milliseconds: int) -> str:
    return f"{milliseconds} ms" if milliseconds < 1000 else f"{milliseconds / 1000:.1f} s"


def first_reaction(
    clicked: ClickedElement, until_ms: int, page: PageTimeline, config: DetectorConfig
) -> tuple[int, str] | None:
    """The first reaction from the press to `until_ms`; a selection shows up to the tag's delay late, so it is
    looked for that much longer."""
    found = [page.reactions.first_between(clicked.pressed_ms, until_ms)]
    selected = [
        time for time in page.selections if clicked.pressed_ms <= time <= until_ms + config.selection_delay_ms
    ]
    if selected:
        found.append((max(selected[0] - config.selection_delay_ms, clicked.pressed_ms), "text selection"))
    present = [item for item in found if item is not None]
    return min(present) if present else None


def recorded_until(page: PageTimeline) -> tuple[int, str]:
    """Until when the page is recorded, and how the recording stops there."""
    if page.ended_ms is not None:
        return page.ended_ms, "the page ended"
    return page.observed_ms, "the recording stops"


def judge(
    clicked: ClickedElement,
    next_click_ms: int | None,
    page: PageTimeline,
    session: SessionTimeline,
    config: DetectorConfig,
) -> Judgement:
    window = config.dead_click_window_ms
    window_end = clicked.time + window
    cuts: list[tuple[int, str]] = []
    if next_click_ms is not None:
        cuts.append((next_click_ms, "the next click elsewhere came"))
    next_action = page.next_action_after(clicked.time)
    if next_action is not None:
        cuts.append((next_action, "the next scripted action began"))
    until, how = recorded_until(page)
    cuts.append((until, how))
    cut_ms, cut_why = min(cuts)
    seen_until = min(window_end, cut_ms)
    reaction = first_reaction(clicked, seen_until, page, config)
    if reaction is not None:
        return Judgement(Outcome.ALIVE, f"{reaction[1]} at +{reaction[0] - clicked.time} ms")
    follows_until = (min(page.ended_ms, window_end) if page.ended_ms is not None else window_end) + (
        config.navigation_grace_ms
    )
    for later_input in (next_click_ms, next_action):
        if later_input is not None:
            follows_until = min(follows_until, later_input - 1)
    if (
        page.ended_ms is not None
        and clicked.pressed_ms <= page.ended_ms <= follows_until
        and session.successor(page) is not None
    ):
        return Judgement(Outcome.ALIVE, f"the page navigated at +{page.ended_ms - clicked.time} ms")
    if session.page_started_between(page, clicked.pressed_ms, follows_until):
        return Judgement(Outcome.ALIVE, "another page started")
    if page.count_between(page.popups, clicked.pressed_ms, follows_until):
        return Judgement(Outcome.ALIVE, "a popup window opened")
    if cut_ms < window_end:
        return Judgement(
            Outcome.NOT_JUDGED,
            f"{cut_why} {cut_ms - clicked.time} ms after it, before the {window} ms window had passed",
        )
    later = first_reaction(clicked, until, page, config)
    if later is not None:
        quiet = f"for {seconds(later[0] - clicked.time)} (then a {later[1]})"
    else:
        quiet = f"in the {seconds(until - clicked.time)} recorded after it"
    return Judgement(Outcome.DEAD, f"no {REACTIONS} {quiet}; the window is {window} ms")


def judged_attempts(
    session: SessionTimeline, config: DetectorConfig
) -> Iterator[tuple[PageTimeline, tuple[ClickedElement, ...], Judgement]]:
    """Every candidate attempt of every page, judged on its first click."""
    for page in session.pages:
        runs = list(attempts(page.clicks, config))
        for index, run in enumerate(runs):
            if not is_candidate(run[0], config):
                continue
            next_click_ms = runs[index + 1][0].time if index + 1 < len(runs) else None
            yield page, run, judge(run[0], next_click_ms, page, session, config)


def detect(session: SessionTimeline, config: DetectorConfig) -> Iterator[Signal]:
    for page, run, judgement in judged_attempts(session, config):
        if judgement.outcome is Outcome.DEAD:
            first = run[0]
            yield Signal(
                SignalType.DEAD_CLICK, page.number, page.url, first.time, len(run),
                f"{clicks_on(run, first.kind)}: {judgement.reason}", first.element, run[-1].time - first.time,
            )  # fmt: skip


def unjudged(session: SessionTimeline, config: DetectorConfig) -> Iterator[UnjudgedClick]:
    for page, run, judgement in judged_attempts(session, config):
        if judgement.outcome is Outcome.NOT_JUDGED:
            first = run[0]
            reason = f"{clicks_on(run, first.kind)}: {judgement.reason}"
            yield UnjudgedClick(page.number, page.url, first.time, len(run), reason, first.element)


def clicks_on(run: tuple[ClickedElement, ...], kind: TargetKind) -> str:
    article = "an" if kind[0] in "aeiou" else "a"
    return f"{len(run)} click{'s' if len(run) > 1 else ''} on {article} {kind}"
