"""Overhead bench: the same journey on the demo shop as (a) a bare pytest-playwright test with the tag on the
page and (b) the tagprobe scenario, alternated; the median ratio b/a and tagprobe's time-to-verdict.

Times come from the processes themselves: the wall time of each whole run (what a deploy waits for), and the
journey (from its first step to the verdict: a's last assertion, b's results.json written). Time-to-verdict is
from the end of b's last step to results.json (and index.html) being written, read from the files' mtimes.
The peak memory of both process trees (browser included) is sampled from /proc meanwhile."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.figures import line, median, verdict
from bench.proctree import run_sampled

REPO = Path(__file__).resolve().parents[1]
JOURNEY = Path(__file__).with_name("journey")
TIMINGS_ENV = "TAGPROBE_BENCH_TIMINGS"
RUN_TIMEOUT_S = 300
RATIO_TARGET = 1.15
FAILURE_LINES = ("spa:", "masking:", "health:", "E ", "FAILED")
NEW_PAGE_WAIT = "wait for the tag on a new URL"
VERDICT_TARGET_MS = 300.0


@dataclass(frozen=True, slots=True)
class BareRun:
    wall_s: float
    journey_s: float
    peak_mib: float
    failure: str | None


@dataclass(frozen=True, slots=True)
class TagprobeRun:
    wall_s: float
    journey_s: float
    peak_mib: float
    failure: str | None
    verdict_ms: float
    """End of the last step -> results.json written."""
    report_ms: float
    """End of the last step -> index.html written."""
    recorded_verdict_ms: float
    """The tag has recorded the page the last step led to -> results.json written. After a URL change Clarity
    restarts 250 ms later; tagprobe waits for that as part of the step, and so would any correct recording."""
    after_steps_ms: dict[str, float]
    """Time per phase after the last step ended."""
    during_steps_ms: dict[str, float]
    """Time per phase between the first step's start and the last step's end."""


def _environment(timings: Path) -> dict[str, str]:
    """The bench package importable in the child; a PYTHONPATH already set (e.g. to try a change) comes first."""
    paths = [path for path in (os.environ.get("PYTHONPATH"), str(REPO)) if path]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths), TIMINGS_ENV: str(timings)}


def _run(command: list[str], timings: Path) -> tuple[float, float, str | None]:
    """(wall time, peak PSS of the process tree, why the test failed if it did: still a measured run)."""
    run = run_sampled(command, REPO, _environment(timings), RUN_TIMEOUT_S)
    if run.returncode not in (0, 1) or not timings.is_file():
        raise RuntimeError(f"{' '.join(command)} exited {run.returncode}:\n{run.output[-3000:]}")
    worst = run.worst
    failure = next((row for row in run.output.splitlines() if row.startswith(FAILURE_LINES)), "failed")
    return run.wall_s, worst.pss_mib if worst else 0.0, failure if run.returncode else None


def run_bare(workdir: Path) -> BareRun:
    timings = workdir / "bare.json"
    command = [sys.executable, "-m", "pytest", str(JOURNEY / "bare_test.py"), "-p", "no:tagprobe", "-q"]
    wall, peak, failure = _run(command, timings)
    data = json.loads(timings.read_text(encoding="utf-8"))
    return BareRun(wall, data["verdict"] - data["first_step_start"], peak, failure)


def _phase_totals(phases: list[list[Any]], start: float, end: float) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for name, began, ended in phases:
        overlap = min(ended, end) - max(began, start)
        if overlap > 0:
            totals[name] += overlap * 1000
    return dict(totals)


def run_tagprobe(workdir: Path) -> TagprobeRun:
    timings = workdir / "tagprobe.json"
    reports = workdir / "reports"
    tagprobe = Path(sys.executable).with_name("tagprobe")
    command = [
        str(tagprobe),
        "run",
        str(JOURNEY / "browsing.scenario.yaml"),
        "--tagprobe-reports",
        str(reports),
    ]
    wall, peak, failure = _run([*command, "-p", "bench.journey.timing_plugin", "-q"], timings)
    data = json.loads(timings.read_text(encoding="utf-8"))
    first_step_start = min(started for _, started, _ in data["steps"])
    last_step_end = max(ended for _, _, ended in data["steps"])
    results_written = (reports / "results.json").stat().st_mtime
    report_written = (reports / "index.html").stat().st_mtime
    return TagprobeRun(
        wall_s=wall,
        journey_s=results_written - first_step_start,
        peak_mib=peak,
        failure=failure,
        verdict_ms=(results_written - last_step_end) * 1000,
        report_ms=(report_written - last_step_end) * 1000,
        recorded_verdict_ms=(results_written - _last_page_recorded(data["phases"], last_step_end)) * 1000,
        after_steps_ms=_phase_totals(data["phases"], last_step_end, report_written),
        during_steps_ms=_phase_totals(data["phases"], first_step_start, last_step_end),
    )


def _last_page_recorded(phases: list[list[Any]], last_step_end: float) -> float:
    """When the tag had recorded the page the last step led to: the end of the wait for it, if there was one."""
    waits = [
        float(ended) for name, started, ended in phases if name == NEW_PAGE_WAIT and started >= last_step_end
    ]
    return max([last_step_end, *waits])


def measure(runs: int, warmups: int = 1) -> dict[str, Any]:
    bare: list[BareRun] = []
    probe: list[TagprobeRun] = []
    with tempfile.TemporaryDirectory(prefix="tagprobe-bench-") as folder:
        for number in range(warmups + runs):
            pair = Path(folder) / f"pair-{number}"
            pair.mkdir()
            a, b = run_bare(pair), run_tagprobe(pair)
            if number >= warmups:
                bare.append(a)
                probe.append(b)
    return summarise(bare, probe)


def _median_by_phase(runs: list[dict[str, float]]) -> dict[str, float]:
    names = sorted({name for run in runs for name in run})
    return {name: median([run.get(name, 0.0) for run in runs]) for name in names}


def summarise(bare: list[BareRun], probe: list[TagprobeRun]) -> dict[str, Any]:
    pairs = list(zip(bare, probe, strict=True))
    return {
        "runs": len(pairs),
        "wall_a_s": median([a.wall_s for a in bare]),
        "wall_b_s": median([b.wall_s for b in probe]),
        "wall_ratio": median([b.wall_s / a.wall_s for a, b in pairs]),
        "walls_ratio": [round(b.wall_s / a.wall_s, 2) for a, b in pairs],
        "journey_a_s": median([a.journey_s for a in bare]),
        "journey_b_s": median([b.journey_s for b in probe]),
        "journey_ratio": median([b.journey_s / a.journey_s for a, b in pairs]),
        "peak_a_mib": max(a.peak_mib for a in bare),
        "peak_b_mib": max(b.peak_mib for b in probe),
        "verdict_ms": median([b.verdict_ms for b in probe]),
        "verdicts_ms": [round(b.verdict_ms) for b in probe],
        "report_ms": median([b.report_ms for b in probe]),
        "recorded_verdict_ms": median([b.recorded_verdict_ms for b in probe]),
        "failures": [run.failure for run in bare if run.failure]
        + [run.failure for run in probe if run.failure],
        "after_steps_ms": _median_by_phase([b.after_steps_ms for b in probe]),
        "during_steps_ms": _median_by_phase([b.during_steps_ms for b in probe]),
    }


def _phases(title: str, phases: dict[str, float]) -> list[str]:
    ordered = sorted(phases.items(), key=lambda item: -item[1])
    return [title, *(line(f"  {name}", f"{ms:.0f} ms") for name, ms in ordered if ms >= 0.5)]


def report(figures: dict[str, Any]) -> list[str]:
    ratio, journey_ratio, verdict_ms = figures["wall_ratio"], figures["journey_ratio"], figures["verdict_ms"]
    target = f"target <= {RATIO_TARGET}"
    return [
        f"Overhead: the bench journey (8 steps, 5 recorded pages), a and b alternated {figures['runs']} times each",
        line("(a) bare pytest-playwright, whole run (median)", f"{figures['wall_a_s']:.2f} s"),
        line("(b) tagprobe run, whole run (median)", f"{figures['wall_b_s']:.2f} s"),
        line(
            "ratio b/a, whole run (median of pairs)",
            f"{ratio:.2f}x",
            f"{target}: {verdict(ratio, RATIO_TARGET)}; pairs {figures['walls_ratio']}",
        ),
        line("(a) journey: first step -> last assertion", f"{figures['journey_a_s']:.2f} s"),
        line("(b) journey: first step -> results.json", f"{figures['journey_b_s']:.2f} s"),
        line(
            "ratio b/a, journey (median of pairs)",
            f"{journey_ratio:.2f}x",
            f"{target}: {verdict(journey_ratio, RATIO_TARGET)}",
        ),
        line(
            "peak memory, browser included (PSS): a / b",
            f"{figures['peak_a_mib']:.0f} / {figures['peak_b_mib']:.0f} MiB",
        ),
        line(
            "time-to-verdict: last step -> results.json (median)",
            f"{verdict_ms:.0f} ms",
            f"target <= {VERDICT_TARGET_MS:.0f}: {verdict(verdict_ms, VERDICT_TARGET_MS)}; "
            f"runs {figures['verdicts_ms']}",
        ),
        line(
            "  of which from the tag having recorded the last page (median)",
            f"{figures['recorded_verdict_ms']:.0f} ms",
            "the rest is Clarity's 250 ms restart on the URL the last step opened",
        ),
        line("last step -> index.html (median)", f"{figures['report_ms']:.0f} ms"),
        *(f"  a measured run failed its test: {failure}" for failure in figures["failures"]),
        *_phases(
            "  where (b) spends the time after its last step (median; nested phases overlap):",
            figures["after_steps_ms"],
        ),
        *_phases("  what (b) adds between its first and last step (median):", figures["during_steps_ms"]),
    ]


if __name__ == "__main__":
    print("\n".join(report(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 5))))
