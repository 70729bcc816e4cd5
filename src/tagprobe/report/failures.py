"""The failures of a run, read from the results document: what the report's summary, the GitHub annotations and
the job summary list."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

FailureKind = Literal["run", "step", "check"]


@dataclass(frozen=True, slots=True)
class Failure:
    scenario: str
    kind: FailureKind
    name: str
    """The check's name, `step N`, or `run` when the run itself stopped."""
    message: str
    file: str
    line: int
    """Where to point: a failed step at its own line, anything else at the scenario's."""


def scenario_failures(scenario: Mapping[str, Any]) -> Iterator[Failure]:
    name, file, line = scenario["name"], scenario["file"], scenario["line"]
    if scenario.get("problem"):
        yield Failure(name, "run", "run", scenario["problem"], file, line)
    for number, step in enumerate(scenario.get("steps", []), start=1):
        if step.get("status") == "failed":
            error = step.get("error") or "the step failed"
            yield Failure(
                name, "step", f"step {number}", error, step.get("file") or file, step.get("line") or line
            )
    for check in scenario.get("checks", []):
        if check.get("status") == "failed":
            yield Failure(name, "check", check["check"], check["message"], file, line)


def failures(document: Mapping[str, Any]) -> Iterator[Failure]:
    for scenario in document.get("scenarios", []):
        if scenario.get("status") == "failed":
            yield from scenario_failures(scenario)
