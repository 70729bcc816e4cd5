"""Small helpers the benches share: medians, printing a figure next to its target, and the FIGURE lines."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from typing import Any


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def verdict(value: float, target: float, lower_is_better: bool = True) -> str:
    met = value <= target if lower_is_better else value >= target
    return "meets target" if met else "MISSES target"


def line(label: str, value: str, note: str = "") -> str:
    return f"  {label:<52} {value:>12}  {note}".rstrip()


# (name, bench, key in that bench's figures, decimals): the lines `make bench` ends with, for scripts.
FIGURES: tuple[tuple[str, str, str, int], ...] = (
    ("run-ratio-bare", "overhead", "wall_ratio_bare", 2),
    ("run-ratio-handwritten", "overhead", "wall_ratio_handwritten", 2),
    ("verdict-ms", "overhead", "verdict_ms", 0),
    ("report-ms", "overhead", "report_ms", 0),
    ("worker-peak-mib", "overhead", "peak_c_mib", 0),
    ("bare-peak-mib", "overhead", "peak_a_mib", 0),
    ("speedup-2-workers", "throughput", "speedup_serial_to_2", 2),
    ("analysis-s", "analysis", "total_s", 2),
)


def figure_lines(figures: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """`FIGURE <name> <value>` for each figure whose bench ran, in the order of FIGURES."""
    return [
        f"FIGURE {name} {float(figures[bench][key]):.{decimals}f}"
        for name, bench, key, decimals in FIGURES
        if key in figures.get(bench, {})
    ]
