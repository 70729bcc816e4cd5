"""Throughput bench: the demo suite (./scenarios) run serially, with one and with two pytest-xdist workers;
the speedup, and the peak memory of each worker's process tree (browser and Node included), sampled from
/proc while the suite runs, with what it is made of."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.figures import line, median, verdict
from bench.proctree import SampledRun, TreeMemory, run_sampled
from bench.timeline import TIMELINE_ENV, Timeline, by_name, read_timeline

REPO = Path(__file__).resolve().parents[1]
SUITE = REPO / "scenarios"
RUN_TIMEOUT_S = 900
SPEEDUP_TARGET = 1.6
MODES: dict[str, list[str]] = {"serial": [], "1 worker": ["-n", "1"], "2 workers": ["-n", "2"]}


def suite_copies(folder: Path, copies: int) -> Path:
    """The demo suite, or `copies` copies of it side by side (a bigger suite of the same scenarios)."""
    if copies <= 1:
        return SUITE
    for number in range(1, copies + 1):
        shutil.copytree(SUITE, folder / "suite" / f"copy-{number}")
    return folder / "suite"


def run_suite(suite: Path, extra: list[str], reports: Path) -> tuple[SampledRun, int, Timeline]:
    """The run, how many scenarios its results.json holds, and where its wall time went."""
    tagprobe = Path(sys.executable).with_name("tagprobe")
    timeline = reports.with_name(reports.name + "-timeline.jsonl")
    command = [
        str(tagprobe),
        "run",
        str(suite),
        "--tagprobe-reports",
        str(reports),
        "-q",
        "-p",
        "bench.timeline",
    ]
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        TIMELINE_ENV: str(timeline),
    }
    started_at = time.time()
    run = run_sampled([*command, *extra], REPO, environment, RUN_TIMEOUT_S, xdist="-n" in extra)
    if run.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} exited {run.returncode}:\n{run.output[-3000:]}")
    document = json.loads((reports / "results.json").read_text(encoding="utf-8"))
    return run, int(document["summary"]["total"]), read_timeline(timeline, started_at, run.wall_s)


def measure(rounds: int, copies: int = 1) -> dict[str, Any]:
    runs: dict[str, list[SampledRun]] = {mode: [] for mode in MODES}
    timelines: dict[str, list[Timeline]] = {mode: [] for mode in MODES}
    scenarios = 0
    with tempfile.TemporaryDirectory(prefix="tagprobe-bench-") as folder:
        suite = suite_copies(Path(folder), copies)
        for number in range(rounds):
            for mode, extra in MODES.items():
                reports = Path(folder) / f"{number}-{mode.replace(' ', '-')}"
                run, scenarios, timeline = run_suite(suite, extra, reports)
                runs[mode].append(run)
                timelines[mode].append(timeline)
    serial, one, two = runs["serial"], runs["1 worker"], runs["2 workers"]
    worst: dict[str, TreeMemory] = {}
    for mode, results in runs.items():
        peaks = [run.worst for run in results if run.worst is not None]
        if peaks:
            worst[mode] = max(peaks, key=lambda memory: memory.pss_mib)
    return {
        "rounds": rounds,
        "copies": copies,
        "scenarios": scenarios,
        "wall_s": {mode: median([run.wall_s for run in results]) for mode, results in runs.items()},
        "speedup_serial_to_2": median([a.wall_s / b.wall_s for a, b in zip(serial, two, strict=True)]),
        "speedup_1_to_2": median([a.wall_s / b.wall_s for a, b in zip(one, two, strict=True)]),
        "peak_pss_mib": {mode: memory.pss_mib for mode, memory in worst.items()},
        "each_worker_pss_mib": [
            [round(memory.pss_mib) for memory in run.peaks.values()] for run in runs["2 workers"]
        ],
        "peak_rss_mib": {mode: memory.rss_mib for mode, memory in worst.items()},
        "peak_by_kind_mib": {mode: dict(memory.by_kind_mib) for mode, memory in worst.items()},
        "cores_busy": {mode: median([run.cores_busy for run in results]) for mode, results in runs.items()},
        "serial_cpu_by_kind_s": _median_by_kind([run.cpu_by_kind_s for run in serial]),
        "where": {mode: _where(timelines[mode]) for mode in ("serial", "2 workers")},
        "floor_speedup": median(
            [
                run.wall_s / timeline.floor_s
                for run, timeline in zip(serial, timelines["2 workers"], strict=True)
            ]
        ),
    }


def _where(timelines: list[Timeline]) -> dict[str, Any]:
    """Where a mode's wall time went, median of its rounds."""
    durations = {name: median(seconds) for name, seconds in by_name(timelines).items()}
    longest = max(durations, key=durations.__getitem__, default="")
    return {
        "start_up_s": median([timeline.start_up_s for timeline in timelines]),
        "engine_s": median([median(list(timeline.engine_s.values()) or [0.0]) for timeline in timelines]),
        "scenario_s": median([timeline.scenario_s for timeline in timelines]),
        "longest": longest,
        "longest_s": durations.get(longest, 0.0),
        "idle_at_end_s": median([timeline.idle_at_end_s for timeline in timelines]),
        "end_s": median([timeline.end_s for timeline in timelines]),
        "floor_s": median([timeline.floor_s for timeline in timelines]),
    }


def _median_by_kind(samples: list[dict[str, float]]) -> dict[str, float]:
    kinds = sorted({kind for sample in samples for kind in sample})
    return {kind: median([sample.get(kind, 0.0) for sample in samples]) for kind in kinds}


def _ceiling(figures: dict[str, Any]) -> float:
    """The most the machine allows: all its cores busy, over what the serial run keeps busy."""
    busy = figures["cores_busy"]["serial"]
    return (os.cpu_count() or 1) / busy if busy else 0.0


def report(figures: dict[str, Any]) -> list[str]:
    speedup = figures["speedup_serial_to_2"]
    worst_mode = max(figures["peak_pss_mib"], key=figures["peak_pss_mib"].get)
    worst = figures["peak_pss_mib"][worst_mode]
    suite = "the demo suite" if figures["copies"] <= 1 else f"{figures['copies']} copies of the demo suite"
    lines = [f"Throughput: {suite} ({figures['scenarios']} scenarios), {figures['rounds']} round(s) per mode"]
    lines += [
        line(f"wall time, {mode} (median)", f"{wall:.1f} s") for mode, wall in figures["wall_s"].items()
    ]
    lines += [
        line(
            "speedup serial -> 2 workers",
            f"{speedup:.2f}x",
            f"target >= {SPEEDUP_TARGET}: {verdict(speedup, SPEEDUP_TARGET, lower_is_better=False)}",
        ),
        line("speedup 1 worker (-n 1) -> 2 workers", f"{figures['speedup_1_to_2']:.2f}x"),
        line(
            "cores kept busy on average: serial / 2 workers",
            f"{figures['cores_busy']['serial']:.2f} / {figures['cores_busy']['2 workers']:.2f}",
            f"of {os.cpu_count()}: 2 workers can be at most {_ceiling(figures):.2f}x faster than serial here",
        ),
    ]
    lines += _where_lines(figures)
    cpu = sorted(figures["serial_cpu_by_kind_s"].items(), key=lambda item: -item[1])
    per_scenario = max(figures["scenarios"], 1)
    lines.append(f"  where the serial run's CPU goes ({sum(seconds for _, seconds in cpu):.1f} s in all):")
    lines += [
        line(f"  {kind}", f"{seconds:.1f} s", f"{seconds / per_scenario:.2f} s a scenario")
        for kind, seconds in cpu
        if seconds >= 0.05
    ]
    lines += [
        line(
            f"peak memory of a worker, {mode} (PSS)",
            f"{pss:.0f} MiB",
            f"RSS sum {figures['peak_rss_mib'][mode]:.0f} MiB",
        )
        for mode, pss in figures["peak_pss_mib"].items()
    ]
    lines.append(line("each worker's peak with 2 workers, per run", "", str(figures["each_worker_pss_mib"])))
    lines.append(
        line(
            "worst worker peak (PSS)",
            f"{worst:.0f} MiB",
            "its target is against the bare journey: see the overhead bench",
        )
    )
    kinds = sorted(figures["peak_by_kind_mib"][worst_mode].items(), key=lambda item: -item[1])
    lines.append(f"  what that worker ({worst_mode}) held at its peak:")
    lines += [line(f"  {kind}", f"{mib:.0f} MiB") for kind, mib in kinds]
    return lines


def _where_lines(figures: dict[str, Any]) -> list[str]:
    serial, two = figures["where"]["serial"], figures["where"]["2 workers"]
    extra = two["scenario_s"] / serial["scenario_s"] - 1 if serial["scenario_s"] else 0.0
    return [
        "  where the 2 workers' wall time goes (median of rounds; serial for comparison):",
        line(
            "  start-up: command -> each worker's first scenario",
            f"{two['start_up_s']:.2f} s",
            f"serial {serial['start_up_s']:.2f} s; then browser and demo site start {two['engine_s']:.2f} s a "
            f"worker (serial {serial['engine_s']:.2f} s)",
        ),
        line(
            "  scenarios, both workers together",
            f"{two['scenario_s']:.1f} s",
            f"serial {serial['scenario_s']:.1f} s: {extra:+.0%} from sharing {os.cpu_count()} cores",
        ),
        line("  longest scenario", f"{two['longest_s']:.2f} s", two["longest"]),
        line("  a worker idle at the end, waiting for the other", f"{two['idle_at_end_s']:.2f} s"),
        line(
            "  end: last scenario -> the command exits",
            f"{two['end_s']:.2f} s",
            f"serial {serial['end_s']:.2f} s (reports for the whole run, closing the browsers)",
        ),
        line(
            "  floor: start-up + max(longest, scenarios / 2) + end",
            f"{two['floor_s']:.1f} s",
            f"2 workers can be at most {figures['floor_speedup']:.2f}x faster than serial with this start-up, "
            "end and sharing of the cores",
        ),
    ]


if __name__ == "__main__":
    arguments = [int(argument) for argument in sys.argv[1:3]]
    print("\n".join(report(measure(*arguments))))
