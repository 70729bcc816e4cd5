"""Splits a page's clicks into runs: rage bursts (close in time and space) and attempts (one element, clicked
once or again and again); what the click detectors judge instead of single clicks."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence

from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.timeline import ClickedElement

Joins = Callable[[ClickedElement, ClickedElement], bool]


def distance_px(first: ClickedElement, second: ClickedElement) -> float:
    return math.hypot(second.click.x - first.click.x, second.click.y - first.click.y)


def runs(clicks: Sequence[ClickedElement], joins: Joins) -> Iterator[tuple[ClickedElement, ...]]:
    """Consecutive clicks for which `joins(previous, current)` holds form one run."""
    run: list[ClickedElement] = []
    for clicked in clicks:
        if run and not joins(run[-1], clicked):
            yield tuple(run)
            run = []
        run.append(clicked)
    if run:
        yield tuple(run)


def bursts(clicks: Sequence[ClickedElement], config: DetectorConfig) -> Iterator[tuple[ClickedElement, ...]]:
    """Each click within the gap and the radius of the one before it: what a rage click is made of."""

    def joins(previous: ClickedElement, current: ClickedElement) -> bool:
        return (
            current.time - previous.time <= config.rage_click_max_gap_ms
            and distance_px(previous, current) <= config.rage_click_radius_px
        )

    return runs(clicks, joins)


def attempts(
    clicks: Sequence[ClickedElement], config: DetectorConfig
) -> Iterator[tuple[ClickedElement, ...]]:
    """Clicks on one element (or one spot) with no longer pause than a burst allows: one try at one thing."""

    def joins(previous: ClickedElement, current: ClickedElement) -> bool:
        same_thing = (
            previous.click.target == current.click.target
            or distance_px(previous, current) <= config.rage_click_radius_px
        )
        return same_thing and current.time - previous.time <= config.rage_click_max_gap_ms

    return runs(clicks, joins)
