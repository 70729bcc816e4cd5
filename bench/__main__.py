"""`make bench` / `python -m bench`: every bench, then the figures against their targets.

    python -m bench [--runs 5] [--rounds 1] [--copies 1] [--memory-seconds 30]
        [--only overhead,throughput,analysis,decode,memory] [--json FILE]

Figures depend on what else the machine does: the load average is printed before and after; compare figures
taken on a quiet machine."""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import analysis, bench_memory, decode_runtimes, machine, overhead, throughput
from bench.figures import figure_lines

BENCHES: dict[
    str, tuple[Callable[[argparse.Namespace], dict[str, Any]], Callable[[dict[str, Any]], list[str]]]
] = {
    "overhead": (lambda options: overhead.measure(options.runs), overhead.report),
    "throughput": (lambda options: throughput.measure(options.rounds, options.copies), throughput.report),
    "analysis": (lambda options: analysis.measure(), analysis.report),
    "decode": (lambda options: decode_runtimes.measure(), decode_runtimes.report),
    "memory": (lambda options: bench_memory.measure(options.memory_seconds), bench_memory.report_all),
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description="tagprobe's benchmarks")
    parser.add_argument(
        "--runs", type=int, default=5, help="overhead: rounds of a, b and c (default 5, plus a warm-up)"
    )
    parser.add_argument("--rounds", type=int, default=1, help="throughput: rounds of each mode (default 1)")
    parser.add_argument(
        "--copies", type=int, default=1, help="throughput: run N copies of the demo suite as one (default 1)"
    )
    parser.add_argument(
        "--only", default=",".join(BENCHES), help="a comma-separated choice of " + ", ".join(BENCHES)
    )
    parser.add_argument(
        "--memory-seconds", type=float, default=30, help="memory: how long the page mutates (default 30)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    options = parser.parse_args()
    chosen = [name.strip() for name in options.only.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(BENCHES))
    if unknown:
        parser.error(f"unknown bench {unknown[0]!r}: choose from {', '.join(BENCHES)}")
    print("tagprobe bench", time.strftime("%Y-%m-%d %H:%M"), flush=True)
    print("\n".join(machine.describe()))
    print(f"  load average before (1/5/15 min): {machine.load_average()}", flush=True)
    figures: dict[str, Any] = {}
    for name in chosen:
        measure, report = BENCHES[name]
        figures[name] = measure(options)
        print("\n" + "\n".join(report(figures[name])), flush=True)
    print(f"\n  load average after (1/5/15 min): {machine.load_average()}")
    if options.json:
        options.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print("\n" + "\n".join(figure_lines(figures)), flush=True)


if __name__ == "__main__":
    main()
