"""quick_back: a visitor leaves a page for another and returns within `quick_back_window_ms`; flagged on the
page they stayed on so briefly, at the moment they left it, with the click that took them there.

Pages are put in wall-clock order by the start time the tag reports for each (Metric 0); the stay is the
page's own recorded length, and the return must start within `navigation_grace_ms` of leaving."""

from __future__ import annotations

from collections.abc import Iterator

from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.signal import Signal, SignalType
from tagprobe.detect.timeline import PageTimeline, SessionTimeline
from tagprobe.urls import without_hash


def address(page: PageTimeline) -> str:
    return without_hash(page.url)


def stay_ms(page: PageTimeline, following: PageTimeline) -> int | None:
    if page.ended_ms is not None:
        return page.ended_ms
    if page.started_epoch_ms is not None and following.started_epoch_ms is not None:
        return following.started_epoch_ms - page.started_epoch_ms
    return None


def returned_promptly(page: PageTimeline, stay: int, following: PageTimeline, config: DetectorConfig) -> bool:
    if page.started_epoch_ms is None or following.started_epoch_ms is None:
        return True
    return following.started_epoch_ms - (page.started_epoch_ms + stay) <= config.navigation_grace_ms


def detect(session: SessionTimeline, config: DetectorConfig) -> Iterator[Signal]:
    pages = sorted(
        session.pages, key=lambda page: (page.started_epoch_ms is None, page.started_epoch_ms, page.number)
    )
    for before, page, after in zip(pages, pages[1:], pages[2:], strict=False):
        if address(before) != address(after) or address(page) == address(before):
            continue
        stay = stay_ms(page, after)
        if (
            stay is None
            or stay > config.quick_back_window_ms
            or not returned_promptly(page, stay, after, config)
        ):
            continue
        led_there = before.clicks[-1].element if before.clicks else None
        yield Signal(
            SignalType.QUICK_BACK, page.number, page.url, stay, 1,
            f"left after {stay / 1000:.1f} s (under {config.quick_back_window_ms / 1000:.1f} s), back to "
            f"{address(before)}", led_there, stay,
        )  # fmt: skip
