"""What running a scenario produced: each step's outcome and the capture."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from tagprobe.capture.capture import Capture
from tagprobe.scenario.model import Scenario, Step


class StepStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class StepResult:
    step: Step
    status: StepStatus
    started_ms: float
    duration_ms: float
    error: str | None = None
    screenshot: Path | None = None
    """A full-page picture taken right after the step (or the one the step itself asked for)."""
    url: str = ""
    """The page's URL after the step."""


@dataclass(frozen=True, slots=True)
class RunRecord:
    scenario: Scenario
    base_url: str
    steps: tuple[StepResult, ...]
    capture: Capture
    duration_ms: float
    browser_version: str
    problem: str | None = None
    """Why the run stopped early, when it was not a step failing (the browser died, for example)."""
    trace: Path | None = None
    video: Path | None = None

    @property
    def failed_step(self) -> StepResult | None:
        return next((result for result in self.steps if result.status is StepStatus.FAILED), None)
