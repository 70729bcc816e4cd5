"""`make flake`: the bundled scenarios, run again and again in one process, each run compared with the first.

    python -m tests.reliability.flake [--runs 20] [--scenarios scenarios]

One engine (one browser, one demo shop) plays every scenario per run, as `tagprobe run` does. A scenario
differs when its status or its set of failing checks is not the first run's. Exit code 0 when no run
differed. A flake found here is to be fixed at its cause, never retried away."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
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


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.reliability.flake", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--runs", type=int, default=20, help="how many runs (default 20)")
    parser.add_argument("--scenarios", type=Path, default=Path("scenarios"), help="default: ./scenarios")
    options = parser.parse_args()
    scenarios = bundled_scenarios(options.scenarios)
    with tempfile.TemporaryDirectory(prefix="tagprobe-flake-") as reports:
        engine = Engine(EngineOptions(reports_dir=Path(reports)))
        try:
            results: list[dict[str, Verdicts]] = []
            for run in range(1, options.runs + 1):
                started = time.monotonic()
                results.append(play_all(engine, scenarios, run))
                changed = differences(results[0], results[-1])
                state = "differs from run 1" if changed else "same as run 1"
                print(
                    f"run {run:2d}/{options.runs}: {time.monotonic() - started:5.1f} s, {state}", flush=True
                )
                if changed:
                    print("\n".join(changed), flush=True)
        finally:
            engine.close()
    print("\nrun 1:")
    for slug, verdicts in results[0].items():
        print(f"  {slug}: {verdicts.describe()}")
    differing = sum(1 for later in results[1:] if differences(results[0], later))
    print(f"\n{differing} of {len(results) - 1} runs differed from run 1 ({len(scenarios)} scenarios each)")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
