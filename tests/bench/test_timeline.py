"""The throughput bench's timeline: start-up, scenarios, idle workers, the end of the run and the floor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench.timeline import read_timeline

STARTED = 1000.0


def write_notes(path: Path, notes: list[tuple[str, str, float, dict[str, object]]]) -> Path:
    lines = [json.dumps({"process": p, "event": e, "at": STARTED + at, **facts}) for p, e, at, facts in notes]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_two_worker_run_is_split_into_start_up_scenarios_idle_time_and_end(tmp_path: Path) -> None:
    notes = write_notes(
        tmp_path / "timeline.jsonl",
        [
            ("main", "process started", 0.0, {"at_": STARTED}),
            ("gw0", "process started", 0.5, {"at_": STARTED + 0.4}),
            ("gw0", "scenario began", 1.0, {"name": "long"}),
            ("gw1", "scenario began", 1.5, {"name": "short"}),
            ("gw0", "engine starting", 1.0, {}),
            ("gw0", "engine started", 1.3, {}),
            ("gw1", "scenario ended", 3.5, {"name": "short"}),
            ("gw1", "scenario began", 3.5, {"name": "middle"}),
            ("gw1", "scenario ended", 6.5, {"name": "middle"}),
            ("gw0", "scenario ended", 7.0, {"name": "long"}),
        ],
    )
    timeline = read_timeline(notes, STARTED, wall_s=8.0)

    assert timeline.processes == ["gw0", "gw1"]
    assert timeline.start_up_s == 1.5, "until the last worker began its first scenario"
    assert timeline.engine_s == {"gw0": pytest.approx(0.3)}
    assert timeline.process_started == {"main": 0.0, "gw0": pytest.approx(0.4)}
    assert timeline.longest is not None
    assert timeline.longest.name == "long"
    assert timeline.scenario_s == 11.0
    assert timeline.idle_at_end_s == pytest.approx(0.5)
    assert timeline.end_s == 1.0
    assert timeline.floor_s == pytest.approx(1.5 + 6.0 + 1.0), "the longest scenario bounds it here"


def test_the_floor_of_many_short_scenarios_is_their_sum_shared_out(tmp_path: Path) -> None:
    notes = [
        (worker, event, at, {"name": f"{worker}-{number}"})
        for worker in ("gw0", "gw1")
        for number in range(4)
        for event, at in (("scenario began", 1.0 + number), ("scenario ended", 2.0 + number))
    ]
    timeline = read_timeline(write_notes(tmp_path / "timeline.jsonl", notes), STARTED, wall_s=5.5)
    assert timeline.floor_s == pytest.approx(1.0 + 4.0 + 0.5)
