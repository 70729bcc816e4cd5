"""The FIGURE lines `make bench` ends with, for scripts: their names, order and form, from a figures dict."""

from __future__ import annotations

from bench.figures import figure_lines

FIGURES = {
    "overhead": {
        "wall_ratio_bare": 1.4321,
        "wall_ratio_handwritten": 0.9,
        "verdict_ms": 287.6,
        "report_ms": 399.4,
        "peak_c_mib": 640.2,
        "peak_a_mib": 569.9,
    },
    "throughput": {"speedup_serial_to_2": 1.615},
    "analysis": {"total_s": 0.734},
}


def test_every_figure_in_order_name_then_value() -> None:
    assert figure_lines(FIGURES) == [
        "FIGURE run-ratio-bare 1.43",
        "FIGURE run-ratio-handwritten 0.90",
        "FIGURE verdict-ms 288",
        "FIGURE report-ms 399",
        "FIGURE worker-peak-mib 640",
        "FIGURE bare-peak-mib 570",
        "FIGURE speedup-2-workers 1.61",
        "FIGURE analysis-s 0.73",
    ]


def test_a_bench_left_out_with_only_prints_no_line_for_its_figures() -> None:
    assert figure_lines({"analysis": {"total_s": 1.5}}) == ["FIGURE analysis-s 1.50"]
