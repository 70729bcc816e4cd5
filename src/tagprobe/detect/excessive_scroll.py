"""excessive_scroll: `excessive_scroll_reversals` or more up/down direction reversals within
`excessive_scroll_window_ms`, each leg at least `excessive_scroll_min_distance_px` long; one signal per episode.

Only vertical scrolling counts: carousels and wide tables scroll sideways on purpose."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from tagprobe.decode.events import Scroll
from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.signal import Signal, SignalType
from tagprobe.detect.timeline import SessionTimeline


def reversals(positions: Sequence[Scroll], min_distance_px: int) -> list[int]:
    """Times at which the scrolling turned back by at least `min_distance_px` from its furthest point."""
    turns: list[int] = []
    direction = 0
    extreme = positions[0].y if positions else 0
    for scroll in positions:
        moved = scroll.y - extreme
        if direction and moved * direction > 0:
            extreme = scroll.y
        elif abs(moved) >= min_distance_px:
            if direction:
                turns.append(scroll.time)
            direction = 1 if moved > 0 else -1
            extreme = scroll.y
    return turns


def episodes(turns: Sequence[int], config: DetectorConfig) -> Iterator[tuple[int, ...]]:
    """Maximal runs of reversals in which every `excessive_scroll_reversals` consecutive ones fit the window."""
    needed = config.excessive_scroll_reversals
    start = None
    for index in range(needed - 1, len(turns) + 1):
        dense = (
            index < len(turns)
            and turns[index] - turns[index - needed + 1] <= config.excessive_scroll_window_ms
        )
        if dense and start is None:
            start = index - needed + 1
        elif not dense and start is not None:
            yield tuple(turns[start:index])
            start = None


def detect(session: SessionTimeline, config: DetectorConfig) -> Iterator[Signal]:
    for page in session.pages:
        by_target: dict[int, list[Scroll]] = {}
        for scroll in page.scrolls:
            by_target.setdefault(scroll.target, []).append(scroll)
        for scrolls in by_target.values():
            for episode in episodes(reversals(scrolls, config.excessive_scroll_min_distance_px), config):
                duration = episode[-1] - episode[0]
                during = [scroll.y for scroll in scrolls if episode[0] <= scroll.time <= episode[-1]]
                span = max(during) - min(during) if during else 0
                yield Signal(
                    SignalType.EXCESSIVE_SCROLL, page.number, page.url, episode[0], len(episode),
                    f"{len(episode)} up/down reversals in {duration} ms over {span} px "
                    f"(the threshold: {config.excessive_scroll_reversals} within "
                    f"{config.excessive_scroll_window_ms} ms)", None, duration,
                )  # fmt: skip
