"""Everything a check may look at for one scenario: the run record and the decoded session."""

from __future__ import annotations

from dataclasses import dataclass

from tagprobe.decode.session import RecordedSession
from tagprobe.run.results import RunRecord


@dataclass(frozen=True, slots=True)
class Observation:
    record: RunRecord
    session: RecordedSession
