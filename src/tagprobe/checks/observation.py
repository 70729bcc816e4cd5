"""Everything a check may look at for one scenario: the run record, the decoded session, the signals."""

from __future__ import annotations

from dataclasses import dataclass

from tagprobe.decode.session import RecordedSession
from tagprobe.detect.signal import Signal
from tagprobe.run.results import RunRecord


@dataclass(frozen=True, slots=True)
class Observation:
    record: RunRecord
    session: RecordedSession
    signals: tuple[Signal, ...] = ()
