"""Scenarios handed to pytest-xdist workers longest expected first."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tagprobe.balance import SCENARIO_MS, STEP_MS, expected_ms, longest_first
from tagprobe.scenario.load import load_file
from tagprobe.scenario.model import Scenario

pytest_plugins = ["pytester"]


def scenario_of(tmp_path: Path, steps: str) -> Scenario:
    path = tmp_path / "one.scenario.yaml"
    path.write_text(f"name: One\nsteps:\n{textwrap.indent(steps, '  ')}", encoding="utf-8")
    (document,) = load_file(path)
    assert document.scenario is not None, document.problems
    return document.scenario


def test_each_step_adds_to_the_estimate(tmp_path: Path) -> None:
    short = scenario_of(tmp_path, '- click: "#a"\n')
    long = scenario_of(tmp_path, '- click: "#a"\n- click: "#b"\n- fill: {selector: "#c", value: x}\n')
    assert expected_ms(short, 500) > SCENARIO_MS
    assert expected_ms(long, 500) == expected_ms(short, 500) + 2 * STEP_MS


def test_a_step_that_spells_out_its_time_adds_that_time(tmp_path: Path) -> None:
    click = expected_ms(scenario_of(tmp_path, '- click: "#a"\n'), 900)
    rage = scenario_of(tmp_path, '- rage_click: {selector: "#a", clicks: 6, interval_ms: 200}\n')
    dead = scenario_of(tmp_path, '- dead_click: "#a"\n')
    assert expected_ms(rage, 900) == click + 6 * 200
    assert expected_ms(dead, 900) == click + 900


def test_the_longest_come_first_and_ties_keep_their_order() -> None:
    costs = {"a": 1.0, "b": 3.0, "c": 2.0, "d": 3.0}
    assert longest_first(list("abcd"), costs.get) == ["b", "d", "c", "a"]


def test_items_without_a_cost_keep_their_places() -> None:
    costs = {"a": 1.0, "c": 2.0, "e": 3.0}
    assert longest_first(list("abcde"), costs.get) == ["e", "b", "c", "d", "a"]


WORKER_ORDER = """
import json
from pathlib import Path

import pytest


def pytest_collection_finish(session):
    worker = getattr(session.config, "workerinput", {}).get("workerid", "controller")
    Path(f"order-{worker}.json").write_text(json.dumps([item.name for item in session.items]))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    return True  # only the order is under test: nothing runs
"""


def test_xdist_workers_take_the_longest_scenarios_first(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(WORKER_ORDER)
    (pytester.path / "a.scenario.yaml").write_text(
        'name: Short\nsteps:\n  - click: "#a"\n---\n'
        'name: Rage\nsteps:\n  - rage_click: {selector: "#a", clicks: 20, interval_ms: 100}\n',
        encoding="utf-8",
    )
    (pytester.path / "b.scenario.yaml").write_text(
        'name: Long\nsteps:\n  - click: "#a"\n  - click: "#b"\n  - click: "#c"\n  - click: "#d"\n',
        encoding="utf-8",
    )
    (pytester.path / "test_plain.py").write_text("def test_plain():\n    pass\n", encoding="utf-8")
    pytester.runpytest_subprocess("-n", "2", "-p", "no:randomly")
    serial = pytester.runpytest_subprocess("-p", "no:randomly")

    for worker in ("gw0", "gw1"):
        order = (pytester.path / f"order-{worker}.json").read_text(encoding="utf-8")
        assert order == '["Rage", "Long", "Short", "test_plain"]', worker
    assert serial.ret in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED)
    order = (pytester.path / "order-controller.json").read_text(encoding="utf-8")
    assert order == '["Short", "Rage", "Long", "test_plain"]', "a run without workers keeps the files' order"
