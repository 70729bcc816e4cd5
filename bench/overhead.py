"""Overhead bench: the same journey on the demo shop three ways, alternated: (a) a bare pytest-playwright test
with the tag on the page and nothing verified (the floor: the page's own work), (b) a hand-written
pytest-playwright test that checks the same facts without tagprobe (what users would write instead) and (c) the
tagprobe scenario; the median ratios c/a and c/b and tagprobe's time-to-verdict.

Times come from the processes themselves: the wall time of each whole run (what a deploy waits for), and the
journey (from its first step to the verdict: a's and b's last assertion, c's results.json written).
Time-to-verdict is from the end of c's last step to results.json (and index.html) being written, read from the
files' mtimes. The peak memory of every process tree (browser included) is sampled from /proc meanwhile."""

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
RATIO_BARE_TARGET = 1.5
RATIO_HANDWRITTEN_TARGET = 1.0
"""c/b must stay below it: tagprobe faster than the hand-written check."""
MEMORY_OVER_BARE_TARGET_MIB = 80.0
REPORT_TARGET_MS = 400.0
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


def _run_pytest_playwright(workdir: Path, test_file: str) -> BareRun:
    timings = workdir / f"{test_file}.json"
    command = [sys.executable, "-m", "pytest", str(JOURNEY / test_file), "-p", "no:tagprobe", "-q"]
    wall, peak, failure = _run(command, timings)
    data = json.loads(timings.read_text(encoding="utf-8"))
    return BareRun(wall, data["verdict"] - data["first_step_start"], peak, failure)


def run_bare(workdir: Path) -> BareRun:
    return _run_pytest_playwright(workdir, "bare_test.py")


def run_handwritten(workdir: Path) -> BareRun:
    return _run_pytest_playwright(workdir, "handwritten_test.py")


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
    """a, b and c one after the other, `runs` times after `warmups` rounds that are not counted."""
    bare: list[BareRun] = []
    handwritten: list[BareRun] = []
    probe: list[TagprobeRun] = []
    with tempfile.TemporaryDirectory(prefix="tagprobe-bench-") as folder:
        for number in range(warmups + runs):
            round_folder = Path(folder) / f"round-{number}"
            round_folder.mkdir()
            a, b, c = run_bare(round_folder), run_handwritten(round_folder), run_tagprobe(round_folder)
            if number >= warmups:
                bare.append(a)
                handwritten.append(b)
                probe.append(c)
    return summarise(bare, handwritten, probe)


def _median_by_phase(runs: list[dict[str, float]]) -> dict[str, float]:
    names = sorted({name for run in runs for name in run})
    return {name: median([run.get(name, 0.0) for run in runs]) for name in names}


def summarise(bare: list[BareRun], handwritten: list[BareRun], probe: list[TagprobeRun]) -> dict[str, Any]:
    rounds = list(zip(bare, handwritten, probe, strict=True))
    return {
        "runs": len(rounds),
        "wall_a_s": median([a.wall_s for a in bare]),
        "wall_b_s": median([b.wall_s for b in handwritten]),
        "wall_c_s": median([c.wall_s for c in probe]),
        "wall_ratio_bare": median([c.wall_s / a.wall_s for a, _, c in rounds]),
        "walls_ratio_bare": [round(c.wall_s / a.wall_s, 2) for a, _, c in rounds],
        "wall_ratio_handwritten": median([c.wall_s / b.wall_s for _, b, c in rounds]),
        "walls_ratio_handwritten": [round(c.wall_s / b.wall_s, 2) for _, b, c in rounds],
        "journey_a_s": median([a.journey_s for a in bare]),
        "journey_b_s": median([b.journey_s for b in handwritten]),
        "journey_c_s": median([c.journey_s for c in probe]),
        "journey_ratio_bare": median([c.journey_s / a.journey_s for a, _, c in rounds]),
        "journey_ratio_handwritten": median([c.journey_s / b.journey_s for _, b, c in rounds]),
        "peak_a_mib": max(a.peak_mib for a in bare),
        "peak_b_mib": max(b.peak_mib for b in handwritten),
        "peak_c_mib": max(c.peak_mib for c in probe),
        "verdict_ms": median([c.verdict_ms for c in probe]),
        "verdicts_ms": [round(c.verdict_ms) for c in probe],
        "report_ms": median([c.report_ms for c in probe]),
        "recorded_verdict_ms": median([c.recorded_verdict_ms for c in probe]),
        "failures": [f"(a) {run.failure}" for run in bare if run.failure]
        + [f"(b) {run.failure}" for run in handwritten if run.failure]
        + [f"(c) {run.failure}" for run in probe if run.failure],
        "after_steps_ms": _median_by_phase([c.after_steps_ms for c in probe]),
        "during_steps_ms": _median_by_phase([c.during_steps_ms for c in probe]),
    }


def _phases(title: str, phases: dict[str, float]) -> list[str]:
    ordered = sorted(phases.items(), key=lambda item: -item[1])
    return [title, *(line(f"  {name}", f"{ms:.0f} ms") for name, ms in ordered if ms >= 0.5)]


def _floors(figures: dict[str, Any]) -> list[str]:
    """What sets each figure that misses its target, from this run's own measurements."""
    during, after = figures["during_steps_ms"], figures["after_steps_ms"]
    floors: list[str] = []
    if figures["wall_ratio_bare"] > RATIO_BARE_TARGET:
        waits = during.get(NEW_PAGE_WAIT, 0.0)
        pictures = during.get("step picture", 0.0)
        floors.append(
            f"  floor of c/a: (a) does not wait for the tag, so it records nothing it could check; (c) waits "
            f"{waits:.0f} ms for the tag on each new URL (Clarity's 250 ms restart), takes {pictures:.0f} ms "
            f"of step pictures, and starts up and writes its report around the steps"
        )
    if figures["wall_ratio_handwritten"] >= RATIO_HANDWRITTEN_TARGET:
        pictures = during.get("step picture", 0.0) + after.get("step picture", 0.0)
        html = after.get("write index.html", 0.0)
        floors.append(
            f"  floor of c/b: both wait for the tag on each new URL; (c) also takes {pictures:.0f} ms of step "
            f"pictures and {html:.0f} ms writing index.html, which (b) has no equivalent of, and loads "
            f"tagprobe's capture, decoder and report around the journey"
        )
    if figures["verdict_ms"] > VERDICT_TARGET_MS:
        floors.append(
            f"  floor of time-to-verdict: the last step opens a new URL; Clarity records it 250 ms later "
            f"(restart), then tagprobe needs {figures['recorded_verdict_ms']:.0f} ms (see the phases below)"
        )
    if figures["report_ms"] > REPORT_TARGET_MS:
        html = after.get("write index.html", 0.0)
        floors.append(
            f"  floor of last step -> index.html: the verdict, then {html:.0f} ms writing index.html"
        )
    return floors


def report(figures: dict[str, Any]) -> list[str]:
    verdict_ms, report_ms = figures["verdict_ms"], figures["report_ms"]
    bare_ratio, handwritten_ratio = figures["wall_ratio_bare"], figures["wall_ratio_handwritten"]
    memory_limit = figures["peak_a_mib"] + MEMORY_OVER_BARE_TARGET_MIB
    handwritten_met = "meets target" if handwritten_ratio < RATIO_HANDWRITTEN_TARGET else "MISSES target"
    return [
        f"Overhead: the bench journey (8 steps, 5 recorded pages), a, b and c alternated {figures['runs']} times "
        "each",
        line("(a) bare pytest-playwright, whole run (median)", f"{figures['wall_a_s']:.2f} s"),
        line("(b) hand-written pytest-playwright check (median)", f"{figures['wall_b_s']:.2f} s"),
        line("(c) tagprobe run, whole run (median)", f"{figures['wall_c_s']:.2f} s"),
        line(
            "ratio c/a, whole run (median of rounds)",
            f"{bare_ratio:.2f}x",
            f"target <= {RATIO_BARE_TARGET}: {verdict(bare_ratio, RATIO_BARE_TARGET)}; "
            f"rounds {figures['walls_ratio_bare']}",
        ),
        line(
            "ratio c/b, whole run (median of rounds)",
            f"{handwritten_ratio:.2f}x",
            f"target < {RATIO_HANDWRITTEN_TARGET}: {handwritten_met}; rounds {figures['walls_ratio_handwritten']}",
        ),
        line("(a) journey: first step -> last assertion", f"{figures['journey_a_s']:.2f} s"),
        line("(b) journey: first step -> last assertion", f"{figures['journey_b_s']:.2f} s"),
        line("(c) journey: first step -> results.json", f"{figures['journey_c_s']:.2f} s"),
        line(
            "ratios c/a and c/b, journey (median of rounds)",
            f"{figures['journey_ratio_bare']:.2f}x / {figures['journey_ratio_handwritten']:.2f}x",
        ),
        line(
            "peak memory, browser included (PSS): a / b / c",
            f"{figures['peak_a_mib']:.0f} / {figures['peak_b_mib']:.0f} / {figures['peak_c_mib']:.0f} MiB",
            f"target c <= a + {MEMORY_OVER_BARE_TARGET_MIB:.0f} = {memory_limit:.0f}: "
            f"{verdict(figures['peak_c_mib'], memory_limit)}",
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
        line(
            "last step -> index.html (median)",
            f"{report_ms:.0f} ms",
            f"target <= {REPORT_TARGET_MS:.0f}: {verdict(report_ms, REPORT_TARGET_MS)}",
        ),
        *_floors(figures),
        *(f"  a measured run failed its test: {failure}" for failure in figures["failures"]),
        *_phases(
            "  where (c) spends the time after its last step (median; nested phases overlap):",
            figures["after_steps_ms"],
        ),
        *_phases("  what (c) adds between its first and last step (median):", figures["during_steps_ms"]),
    ]


if __name__ == "__main__":
    print("\n".join(report(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 5))))
