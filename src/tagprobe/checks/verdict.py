"""The verdict every check returns, with the evidence that explains it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum


class CheckStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One fact behind a verdict, pointing at where it was seen."""

    summary: str
    upload_index: int | None = None
    page_number: int | None = None
    time_ms: float | None = None
    """With a page number: on that page's recorded clock (ms since the tag started the page), the moment the
    report's replay goes to; without one: on the run's clock."""
    excerpt: str | None = None
    location: str | None = None
    """Where in the payload or page, e.g. `dom[12].value` or an element selector."""


@dataclass(frozen=True, slots=True)
class Comparison:
    """One row of what a check compared, expected next to recorded, as the check judged it: the report shows
    these rows and never compares again."""

    kind: str
    """`tag`, `identify`, `event`, `route`, or `page` (a recorded page no route asked for)."""
    name: str
    expected: str | None
    """None: the recording carries it and nothing expected it."""
    found: tuple[str, ...]
    ok: bool
    page_number: int | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    check: str
    status: CheckStatus
    message: str
    evidence: tuple[Evidence, ...] = ()
    comparison: tuple[Comparison, ...] = ()
    warned: bool = False
    """Passed, with findings (the evidence) that would fail only if the scenario asked for strictness."""

    def comparing(self, rows: tuple[Comparison, ...]) -> Verdict:
        return replace(self, comparison=rows)

    @staticmethod
    def passed(check: str, message: str, *evidence: Evidence) -> Verdict:
        return Verdict(check, CheckStatus.PASSED, message, evidence)

    @staticmethod
    def passed_with_warnings(check: str, message: str, *evidence: Evidence) -> Verdict:
        return Verdict(check, CheckStatus.PASSED, message, evidence, warned=True)

    @staticmethod
    def failed(check: str, message: str, *evidence: Evidence) -> Verdict:
        return Verdict(check, CheckStatus.FAILED, message, evidence)

    @staticmethod
    def skipped(check: str, message: str) -> Verdict:
        return Verdict(check, CheckStatus.SKIPPED, message)
