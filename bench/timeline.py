"""Where a run's wall time goes, per process: a pytest plugin (`-p bench.timeline`, file named by
TAGPROBE_BENCH_TIMELINE) that notes, on the wall clock, when each process (the controller and every xdist
worker) started, when its engine started the browser and demo site, and when each scenario began and ended;
and what those notes say about the run: start-up, the longest scenario, how evenly the workers were loaded,
the end of the run, and the floor those set for the wall time."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

TIMELINE_ENV = "TAGPROBE_BENCH_TIMELINE"


def _process_started() -> float:
    """This process's start on the wall clock (from /proc, so the Python start-up counts)."""
    try:
        ticks = int(Path("/proc/self/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text(encoding="utf-8").split()[0])
    except (OSError, IndexError, ValueError):
        return time.time()
    return time.time() - (uptime - ticks / os.sysconf("SC_CLK_TCK"))


_STARTED = _process_started()
_process = "main"


def _note(event: str, **facts: Any) -> None:
    path = os.environ.get(TIMELINE_ENV)
    if not path:
        return
    line = json.dumps({"process": _process, "event": event, "at": time.time(), **facts})
    with Path(path).open("a", encoding="utf-8") as file:
        file.write(line + "\n")


def pytest_configure(config: pytest.Config) -> None:
    global _process
    _process = str(getattr(config, "workerinput", {}).get("workerid", "main"))
    _note("process started", at_=_STARTED)
    from tagprobe.engine import Engine

    original = Engine._start

    def noted_start(engine: Engine) -> None:
        _note("engine starting")
        original(engine)
        _note("engine started")

    Engine._start = noted_start  # type: ignore[method-assign]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    _note("scenario began", name=item.name)
    try:
        return (yield)
    finally:
        _note("scenario ended", name=item.name)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    _note("session finished")


@dataclass(frozen=True, slots=True)
class Scenario:
    process: str
    name: str
    began: float
    ended: float

    @property
    def seconds(self) -> float:
        return self.ended - self.began


@dataclass(frozen=True, slots=True)
class Timeline:
    """One run's notes, in seconds from the command's start (`wall_s` after it)."""

    wall_s: float
    scenarios: tuple[Scenario, ...]
    first_began: dict[str, float]
    """By process: when its first scenario began."""
    engine_s: dict[str, float]
    """By process: how long starting the browser and the demo site took."""
    process_started: dict[str, float]

    @property
    def processes(self) -> list[str]:
        return sorted({scenario.process for scenario in self.scenarios})

    @property
    def start_up_s(self) -> float:
        """Until every process that runs scenarios had begun its first."""
        return max(self.first_began.values(), default=0.0)

    @property
    def last_ended(self) -> float:
        return max((scenario.ended for scenario in self.scenarios), default=0.0)

    @property
    def end_s(self) -> float:
        """From the last scenario's end to the command's exit: the reports, closing the browsers."""
        return self.wall_s - self.last_ended

    @property
    def longest(self) -> Scenario | None:
        return max(self.scenarios, key=lambda scenario: scenario.seconds, default=None)

    @property
    def scenario_s(self) -> float:
        return sum(scenario.seconds for scenario in self.scenarios)

    @property
    def idle_at_end_s(self) -> float:
        """How long the first process to finish its scenarios waited for the last one."""
        ends = [
            max(scenario.ended for scenario in self.scenarios if scenario.process == process)
            for process in self.processes
        ]
        return max(ends) - min(ends) if ends else 0.0

    @property
    def floor_s(self) -> float:
        """The wall time with the scenarios spread perfectly (none shorter than the longest one), the same
        start-up and end."""
        workers = max(len(self.processes), 1)
        longest = self.longest.seconds if self.longest else 0.0
        return self.start_up_s + max(longest, self.scenario_s / workers) + self.end_s


def read_timeline(path: Path, started_at: float, wall_s: float) -> Timeline:
    notes = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    began: dict[tuple[str, str], float] = {}
    scenarios: list[Scenario] = []
    first_began: dict[str, float] = {}
    engine_began: dict[str, float] = {}
    engine_s: dict[str, float] = {}
    process_started: dict[str, float] = {}
    for note in notes:
        process, event, at = note["process"], note["event"], note["at"] - started_at
        if event == "process started":
            process_started[process] = note["at_"] - started_at
        elif event == "scenario began":
            began[process, note["name"]] = at
            first_began.setdefault(process, at)
        elif event == "scenario ended" and (process, note["name"]) in began:
            scenarios.append(Scenario(process, note["name"], began.pop((process, note["name"])), at))
        elif event == "engine starting":
            engine_began[process] = at
        elif event == "engine started" and process in engine_began:
            engine_s[process] = at - engine_began[process]
    return Timeline(wall_s, tuple(scenarios), first_began, engine_s, process_started)


def by_name(timelines: Sequence[Timeline]) -> dict[str, list[float]]:
    """Each scenario's durations over the runs."""
    durations: dict[str, list[float]] = {}
    for timeline in timelines:
        for scenario in timeline.scenarios:
            durations.setdefault(scenario.name, []).append(scenario.seconds)
    return durations
