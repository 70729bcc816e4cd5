"""Small helpers the benches share: medians, and printing a figure next to its target."""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def verdict(value: float, target: float, lower_is_better: bool = True) -> str:
    met = value <= target if lower_is_better else value >= target
    return "meets target" if met else "MISSES target"


def line(label: str, value: str, note: str = "") -> str:
    return f"  {label:<52} {value:>12}  {note}".rstrip()
