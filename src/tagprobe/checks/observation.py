"""Everything a check may look at for one scenario: the run record, the decoded session, the signals."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tagprobe.decode.session import RecordedSession
from tagprobe.detect.dead import UnjudgedClick
from tagprobe.detect.signal import Signal
from tagprobe.run.results import RunRecord


@dataclass(frozen=True, slots=True)
class Observation:
    record: RunRecord
    session: RecordedSession
    signals: tuple[Signal, ...] = ()
    expect: Mapping[str, Any] = field(default_factory=dict)
    """The whole `expect` section, for checks whose verdict depends on another's setting."""
    unjudged: tuple[UnjudgedClick, ...] = ()
    """Clicks the detector could not call dead or alive: their window was cut short."""
