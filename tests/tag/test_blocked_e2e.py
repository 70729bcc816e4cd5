"""`tag: {mode: blocked}`: every Clarity URL refused, as an ad blocker does, and the page judged without the tag."""

from __future__ import annotations

import pytest

from tagprobe.checks.errors import UNGUARDED_CALL_ADVICE
from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.checks.verdict import CheckStatus, Verdict
from tagprobe.run.results import StepStatus
from tagprobe.scenario.model import BLOCKED_BY_CLIENT
from tests.conftest import RunYaml

pytestmark = pytest.mark.e2e

SHOPPING = """
name: blocked shopping
url: /
tag: {mode: blocked}
steps:
  - click: "#consent-accept"
  - click: "a[href='/product/1']"
  - click: "#add-to-cart"
expect:
  errors: {}
"""


def verdict(outcome: ScenarioOutcome, check: str) -> Verdict:
    return next(verdict for verdict in outcome.verdicts if verdict.check == check)


def test_every_clarity_url_is_refused_and_health_expects_no_tag(run_yaml: RunYaml) -> None:
    outcome = run_yaml(SHOPPING)
    capture = outcome.record.capture
    assert capture.uploads == ()
    assert [(request.kind, request.answered_status) for request in capture.tag_requests] == [
        ("loader", BLOCKED_BY_CLIENT)
    ]
    assert capture.egress_attempts == ()
    assert all(result.status is StepStatus.PASSED for result in outcome.record.steps)
    health = verdict(outcome, "health")
    assert health.status is CheckStatus.PASSED, health.message
    assert "no tag" in health.message


def test_errors_judges_the_page_without_uploads_and_passes_a_guarded_shop(run_yaml: RunYaml) -> None:
    errors = verdict(run_yaml(SHOPPING), "errors")
    assert errors.status is CheckStatus.PASSED, errors.message
    assert "sent no upload" in errors.message


def test_an_unguarded_call_fails_errors_with_cause_fix_and_location(run_yaml: RunYaml) -> None:
    outcome = run_yaml(SHOPPING, defect="unguarded-clarity")
    errors = verdict(outcome, "errors")
    assert errors.status is CheckStatus.FAILED
    assert "window.clarity is not a function" in errors.message
    assert UNGUARDED_CALL_ADVICE in errors.message
    location = errors.evidence[0].location or ""
    assert "/app.js:" in location
    assert verdict(outcome, "health").status is CheckStatus.PASSED
    usage = verdict(outcome, "usage")
    assert usage.status is CheckStatus.PASSED, "a warning unless strict"
    (finding,) = usage.evidence
    assert finding.location == location
    assert UNGUARDED_CALL_ADVICE in finding.summary


def test_the_same_unguarded_call_is_harmless_when_the_tag_loads(run_yaml: RunYaml) -> None:
    outcome = run_yaml(
        SHOPPING.replace("tag: {mode: blocked}", "tag: {config: {delay: 100}}"), "unguarded-clarity"
    )
    assert verdict(outcome, "errors").status is CheckStatus.PASSED
    assert verdict(outcome, "health").status is CheckStatus.PASSED
