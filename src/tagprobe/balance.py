"""The order pytest-xdist workers take scenarios in: the longest expected first, so that the last scenarios to
start are short ones and no worker waits idle while another finishes a long scenario it took up late.

The estimate only has to rank scenarios: a fixed cost per scenario and per step (each step is a browser round
trip, a picture, maybe a new URL the tag must record), plus the time a step spells out (a rage click's
clicks and intervals, the window a dead click is watched for)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from tagprobe.detect.config import DetectorConfig
from tagprobe.scenario.model import Scenario

ItemT = TypeVar("ItemT")
SCENARIO_MS = 1200.0
"""A fresh context, the first page and its tag, leaving the page, decoding and checking (demo suite, quiet)."""
STEP_MS = 300.0
RAGE_CLICKS = 3
RAGE_INTERVAL_MS = 120.0


def expected_ms(scenario: Scenario, dead_click_window_ms: float | None = None) -> float:
    """A rough duration of the scenario, for ranking only."""
    window = (
        DetectorConfig.load().dead_click_window_ms if dead_click_window_ms is None else dead_click_window_ms
    )
    total = SCENARIO_MS
    for step in scenario.steps:
        total += STEP_MS
        if step.action == "rage_click":
            clicks = _number(step.args.get("clicks"), RAGE_CLICKS)
            total += clicks * _number(step.args.get("interval_ms"), RAGE_INTERVAL_MS)
        elif step.action == "dead_click":
            total += window
    return total


def _number(value: object, default: float) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else default


def longest_first(items: Sequence[ItemT], cost: Callable[[ItemT], float | None]) -> list[ItemT]:
    """The items whose cost is known, longest first (ties keep their order), in the places those items held;
    the others (a test that is no scenario) stay where they were."""
    costs = [cost(item) for item in items]
    places = [position for position, value in enumerate(costs) if value is not None]
    ranked = sorted(places, key=lambda position: -(costs[position] or 0.0))
    ordered = list(items)
    for place, source in zip(places, ranked, strict=True):
        ordered[place] = items[source]
    return ordered
