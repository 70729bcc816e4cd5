"""Options of the tags and errors checks, on the real tag: `strict`, boolean tags, `allow_others`.

The tag keeps only string values of `set` (clarity-facts), so a site sends `"true"`; a scenario may write the
expected value as YAML `true`, and the check and the report's row both read it as "true"."""

from __future__ import annotations

from pathlib import Path

import pytest

from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.checks.verdict import CheckStatus, Verdict
from tagprobe.report.results_json import scenario_to_dict
from tests.conftest import RunYaml

pytestmark = pytest.mark.e2e

TAGGED = """
name: tagged
url: /
steps:
  - click: "#consent-accept"
  - clarity: [set, vip, "true"]
  - clarity: [set, plan, gold]
  - clarity: [event, signed_in]
expect:
  tags: {tags: {vip: true}, events: [signed_in]STRICT}
"""


def _verdict(outcome: ScenarioOutcome, check: str) -> Verdict:
    return next(verdict for verdict in outcome.verdicts if verdict.check == check)


def test_a_boolean_tag_passes_and_the_report_row_agrees(run_yaml: RunYaml, tmp_path: Path) -> None:
    outcome = run_yaml(TAGGED.replace("STRICT", ""))
    assert _verdict(outcome, "tags").status is CheckStatus.PASSED, _verdict(outcome, "tags").message
    rows = scenario_to_dict(outcome, tmp_path)["tags"]["expected"]
    assert [(row["name"], row["expected"], row["found"], row["ok"]) for row in rows] == [
        ("vip", "true", ["true"], True),
        ("signed_in", "sent", ["signed_in"], True),
    ]


def test_strict_fails_on_a_tag_nobody_expected(run_yaml: RunYaml) -> None:
    verdict = _verdict(run_yaml(TAGGED.replace("STRICT", ", strict: true")), "tags")
    assert verdict.status is CheckStatus.FAILED
    assert verdict.message == "unexpected tag plan"
    assert [(row.name, row.ok) for row in verdict.comparison if row.expected is None] == [("plan", False)]


ERRORS = """
name: errors
url: /
steps:
  - click: "#consent-accept"
  - evaluate: "setTimeout(() => { throw new Error('known-widget-failure') })"
  - evaluate: "setTimeout(() => { throw new Error('third-party-noise') })"
  - scroll: {to: bottom}
expect:
  errors: {expected: [known-widget-failure]ALLOW}
"""


def test_allow_others_lets_errors_nobody_expected_pass_but_still_wants_the_expected_one(
    run_yaml: RunYaml,
) -> None:
    strict = _verdict(run_yaml(ERRORS.replace("ALLOW", "")), "errors")
    assert strict.status is CheckStatus.FAILED
    assert "third-party-noise" in strict.message
    allowed = _verdict(run_yaml(ERRORS.replace("ALLOW", ", allow_others: true")), "errors")
    assert allowed.status is CheckStatus.PASSED, allowed.message
    missing = _verdict(
        run_yaml(
            ERRORS.replace("known-widget-failure]", "never-raised]").replace("ALLOW", ", allow_others: true")
        ),
        "errors",
    )
    assert missing.status is CheckStatus.FAILED
    assert "never-raised" in missing.message
