"""`make flake`: the bundled scenarios, run again and again in one process, each run compared with the first.

    python -m tests.reliability.flake [--runs 20] [--scenarios scenarios] [--load N]

One engine (one browser, one demo shop) plays every scenario per run, as `tagprobe run` does. A scenario
differs when its status or its set of failing checks is not the first run's. Exit code 0 when no run
differed. A flake found here is to be fixed at its cause, never retried away.

`--load N` runs N CPU burners beside the runs, as a loaded CI machine would: each burner ends on its own
after `--load-limit` seconds, and all are stopped when the runs end, fail or are interrupted."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.engine import Engine, EngineOptions
from tagprobe.report.artifacts import file_label, scenario_slug
from tagprobe.scenario.load import is_scenario_file, load_file
from tagprobe.scenario.model import Scenario


@dataclass(frozen=True, slots=True)
class Named:
    slug: str
    scenario: Scenario


@dataclass(frozen=True, slots=True)
class Verdicts:
    """What must not change from one run to the next."""

    status: str
    failing_checks: frozenset[str]
    summary: str

    @staticmethod
    def of(outcome: ScenarioOutcome) -> Verdicts:
        failing = frozenset(verdict.check for verdict in outcome.failed_verdicts)
        return Verdicts(outcome.status.value, failing, outcome.failure_summary())

    def same_as(self, other: Verdicts) -> bool:
        return (self.status, self.failing_checks) == (other.status, other.failing_checks)

    def describe(self) -> str:
        checks = ", ".join(sorted(self.failing_checks)) or "none"
        return f"{self.status} (failing checks: {checks})"


def bundled_scenarios(folder: Path) -> list[Named]:
    found = []
    for path in sorted(file for file in folder.rglob("*") if is_scenario_file(file)):
        for document in load_file(path):
            if document.scenario is None:
                sys.exit(f"{path}: {document.problems[0]}")
            slug = scenario_slug(file_label(path, Path.cwd()), document.scenario.name, document.index)
            found.append(Named(slug, document.scenario))
    return found


def play_all(engine: Engine, scenarios: list[Named], run: int) -> dict[str, Verdicts]:
    return {
        named.slug: Verdicts.of(engine.run(named.scenario, f"run{run:02d}/{named.slug}"))
        for named in scenarios
    }


def differences(first: dict[str, Verdicts], later: dict[str, Verdicts]) -> list[str]:
    return [
        f"  {slug}: {first[slug].describe()} then {later[slug].describe()}\n    {later[slug].summary or '-'}"
        for slug in first
        if not later[slug].same_as(first[slug])
    ]


BURNER = "import time\nend = time.monotonic() + {limit}\nwhile time.monotonic() < end:\n    pass\n"
"""A busy loop that stops itself, so that a burner outlives its parent by at most the limit."""


@contextmanager
def cpu_burners(count: int, limit_s: float) -> Iterator[list[subprocess.Popen[bytes]]]:
    burners = [
        subprocess.Popen([sys.executable, "-c", BURNER.format(limit=limit_s)], stdin=subprocess.DEVNULL)
        for _ in range(count)
    ]
    try:
        yield burners
    finally:
        for burner in burners:
            burner.terminate()
        for burner in burners:
            try:
                burner.wait(timeout=5)
            except subprocess.TimeoutExpired:
                burner.kill()
                burner.wait()


def all_passed(run: dict[str, Verdicts]) -> bool:
    return all(verdicts.status == "passed" for verdicts in run.values())


def load_line(burners: int, samples: list[float]) -> str:
    """The load the runs ran under: the burners, and the machine's 1-minute load average while they ran."""
    cores = os.cpu_count() or 1
    spread = (
        f"{min(samples):.1f}-{max(samples):.1f} (mean {sum(samples) / len(samples):.1f})" if samples else "-"
    )
    return f"load: {burners} CPU burner(s) on {cores} core(s); 1-minute load average during the runs {spread}"


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.reliability.flake", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--runs", type=int, default=20, help="how many runs (default 20)")
    parser.add_argument("--scenarios", type=Path, default=Path("scenarios"), help="default: ./scenarios")
    parser.add_argument("--load", type=int, default=0, metavar="N", help="CPU burners beside the runs")
    parser.add_argument(
        "--load-limit", type=float, default=3600, metavar="S", help="a burner stops itself after S seconds"
    )
    parser.add_argument(
        "--reports",
        type=Path,
        metavar="DIR",
        help="keep every run's reports here (default: a temporary folder)",
    )
    options = parser.parse_args()
    scenarios = bundled_scenarios(options.scenarios)
    samples: list[float] = []
    results: list[dict[str, Verdicts]] = []
    with (
        tempfile.TemporaryDirectory(prefix="tagprobe-flake-") as temporary,
        cpu_burners(options.load, options.load_limit),
    ):
        engine = Engine(EngineOptions(reports_dir=options.reports or Path(temporary)))
        try:
            for run in range(1, options.runs + 1):
                started = time.monotonic()
                results.append(play_all(engine, scenarios, run))
                samples.append(os.getloadavg()[0])
                changed = differences(results[0], results[-1])
                state = "differs from run 1" if changed else "same as run 1"
                passed = sum(verdicts.status == "passed" for verdicts in results[-1].values())
                state += f", {passed}/{len(scenarios)} passed"
                print(
                    f"run {run:2d}/{options.runs}: {time.monotonic() - started:5.1f} s, {state}, "
                    f"load average {samples[-1]:.1f}",
                    flush=True,
                )
                if changed:
                    print("\n".join(changed), flush=True)
        finally:
            engine.close()
    print(f"\n{load_line(options.load, samples)}")
    print("\nrun 1:")
    for slug, verdicts in results[0].items():
        print(f"  {slug}: {verdicts.describe()}")
    # The clean demo passes every bundled scenario, so a run 1 that failed one is a flake too.
    differing = sum(1 for later in results if differences(results[0], later) or not all_passed(later))
    print(
        f"\n{differing} of {len(results)} runs differed (from run 1, or failed a scenario the clean demo "
        f"passes; {len(scenarios)} scenarios each)"
    )
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
