"""A scenario's outcome: its run, the decoded session and the verdicts, with one overall status."""

from __future__ import annotations

from dataclasses import dataclass

from tagprobe.checks.verdict import CheckStatus, Verdict
from tagprobe.decode.session import RecordedSession
from tagprobe.detect.signal import Signal
from tagprobe.run.results import RunRecord


@dataclass(frozen=True, slots=True)
class ScenarioOutcome:
    record: RunRecord
    session: RecordedSession
    verdicts: tuple[Verdict, ...]
    artifacts_dir: str
    signals: tuple[Signal, ...] = ()

    @property
    def failed_verdicts(self) -> tuple[Verdict, ...]:
        return tuple(verdict for verdict in self.verdicts if verdict.status is CheckStatus.FAILED)

    @property
    def status(self) -> CheckStatus:
        if self.record.problem or self.record.failed_step or self.failed_verdicts:
            return CheckStatus.FAILED
        return CheckStatus.PASSED

    def failure_summary(self) -> str:
        """Why the scenario failed, in a few lines: the step first, then each failed check."""
        lines = []
        if self.record.problem:
            lines.append(self.record.problem)
        step = self.record.failed_step
        if step is not None:
            written = step.step.describe(self.record.scenario.secrets)
            lines.append(f"{step.step.location}: step {written} failed: {step.error}")
        lines.extend(f"{verdict.check}: {verdict.message}" for verdict in self.failed_verdicts)
        return "\n".join(lines)
