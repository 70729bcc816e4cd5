"""The values the masking check looks for, how messages name them, and the disguises that still count."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest

from tagprobe.capture.capture import Capture
from tagprobe.checks.canaries import Canary, canaries
from tagprobe.run.results import RunRecord, StepResult, StepStatus
from tests.report.factories import load_scenario


def test_every_simple_transform_is_a_form() -> None:
    forms = Canary("4111 1111 1111 1111", "test").forms()
    assert forms["as typed"] == "4111 1111 1111 1111"
    assert forms["without spaces"] == "4111111111111111"
    assert forms["percent-encoded"] == "4111%201111%201111%201111"
    assert forms["SHA-256"] == hashlib.sha256(b"4111 1111 1111 1111").hexdigest()
    assert forms["MD5"] == hashlib.md5(b"4111 1111 1111 1111", usedforsecurity=False).hexdigest()
    assert forms["base64"] == base64.b64encode(b"4111 1111 1111 1111").decode().rstrip("=")


def test_a_match_says_whether_it_was_exact_or_case_folded() -> None:
    canary = Canary("Guide", "test")
    exact = canary.find("the Guide")
    folded = canary.find("/docs/guide/")
    assert exact is not None
    assert exact.how == "as typed, exact"
    assert folded is not None
    assert folded.how == "as typed, case-folded"
    assert folded.start == 6
    assert Canary("Tr0ub4dor", "test").find("VHIwdWI0ZG9y".lower()) is None, "base64 keeps its case"
    assert canary.find("nothing here") is None


def record(scenario_text: str, tmp_path: Path, secrets: frozenset[str] = frozenset()) -> RunRecord:
    scenario = load_scenario(tmp_path, scenario_text, secrets)
    steps = tuple(
        StepResult(step, StepStatus.PASSED, started_ms=1000.0 * number, duration_ms=10)
        for number, step in enumerate(scenario.steps)
    )
    return RunRecord(
        scenario, "http://127.0.0.1:8000", steps, Capture((), (), (), (), (), (), (), True), 0, "test"
    )


SEARCH = """
name: search for plans
url: /account?token=${TOKEN}
steps:
  - type: {selector: "#q", text: "plans"}
  - fill: {selector: "#name", value: "Jane Public", sensitive: false}
  - fill: {selector: "#password", value: "${PASSWORD}"}
  - fill: {selector: "#qty", value: "2"}
expect:
  masking:
    sensitive: ["4242 4242 4242 4242", "ab12"]
"""


def test_typed_listed_and_environment_values_are_canaries_each_named_by_where_it_came_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOKEN", "tok-123456")
    monkeypatch.setenv("PASSWORD", "Tr0ub4dor&3")
    found = {canary.secret: canary for canary in canaries(record(SEARCH, tmp_path), {})}
    assert set(found) == {"plans", "Tr0ub4dor&3", "4242 4242 4242 4242", "ab12", "tok-123456"}
    plans = found["plans"]
    assert plans.label == "'plans' (typed in step 2, " + str(tmp_path / "unit.scenario.yaml") + ":5)"
    assert plans.typed_at_ms == 1000.0, "judged from the moment its step started"
    password = found["Tr0ub4dor&3"]
    assert password.shown == "***"
    assert password.typed_at_ms is None, "a secret is judged everywhere"
    assert found["tok-123456"].label == "*** (from the environment, in the scenario's url)"
    assert found["4242 4242 4242 4242"].shown == "42•••••••••••••••42"
    assert found["ab12"].label == "the value listed 2nd in expect.masking.sensitive", "no bullets"


def test_typed_values_off_leaves_literal_typing_out_but_not_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOKEN", "tok-123456")
    monkeypatch.setenv("PASSWORD", "Tr0ub4dor&3")
    found = canaries(record(SEARCH, tmp_path), {"typed_values": False})
    assert "plans" not in {canary.secret for canary in found}
    assert "Tr0ub4dor&3" in {canary.secret for canary in found}


def test_the_project_id_and_the_sites_address_are_sent_by_design(tmp_path: Path) -> None:
    text = "name: x\nurl: http://shop.test/\ntag: {project_id: abcd1234}\nsteps:\n  - click: '#a'\n"
    found = canaries(record(text, tmp_path, frozenset({"abcd1234", "http://shop.test"})), {})
    assert found == []


def test_a_typed_value_that_is_also_listed_is_judged_everywhere_and_named_by_its_step(tmp_path: Path) -> None:
    text = (
        "name: x\nurl: /\nsteps:\n  - fill: {selector: '#p', value: 'hunter2-secret'}\n"
        "expect:\n  masking:\n    sensitive: [hunter2-secret]\n"
    )
    (canary,) = canaries(record(text, tmp_path), {})
    assert canary.typed_at_ms is None
    assert canary.origin.startswith("typed in step 2, ")
    assert canary.shown == "hu••••••••••et"


def test_environment_values_meant_for_the_tag_are_not_searched_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLAN", "gold-plan")
    monkeypatch.setenv("SCRIPT_TOKEN", "tok-998877")
    text = """
    name: tags from the environment
    url: /
    steps:
      - clarity: [set, plan, "${PLAN}"]
      - evaluate: "localStorage.token = '${SCRIPT_TOKEN}'"
    expect:
      tags: {tags: {plan: "${PLAN}"}}
    """
    found = {canary.secret: canary.origin for canary in canaries(record(text, tmp_path), {})}
    assert found == {"tok-998877": f"from the environment, in step 3, {tmp_path / 'unit.scenario.yaml'}:6"}
