"""Getting the pinned tag onto a page: injected, the site's own snippet answered locally, or either."""

from __future__ import annotations

import pytest

from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.checks.verdict import CheckStatus
from tests.conftest import RunYaml

pytestmark = pytest.mark.e2e


def scenario(mode: str, project_id: str | None = None, config: str = "{delay: 100}") -> str:
    project = f", project_id: {project_id}" if project_id else ""
    return f"""
name: tag {mode}
url: /
tag: {{mode: {mode}{project}, config: {config}}}
steps:
  - click: "#nav-cart"
"""


def project_ids(outcome: ScenarioOutcome) -> set[str]:
    return {upload.envelope.project_id for page in outcome.session.pages for upload in page.uploads}


def health(outcome: ScenarioOutcome) -> CheckStatus:
    return next(verdict.status for verdict in outcome.verdicts if verdict.check == "health")


def test_inject_puts_the_tag_on_a_page_without_one(run_yaml: RunYaml) -> None:
    outcome = run_yaml(scenario("inject", "myproject1"), site_tag=False)
    assert project_ids(outcome) == {"myproject1"}
    assert [request.url for request in outcome.record.capture.tag_requests] == [
        "https://www.clarity.ms/tag/myproject1",
        "https://scripts.clarity.ms/0.8.70/clarity.js",
    ]
    assert health(outcome) is CheckStatus.PASSED


def test_site_mode_answers_the_sites_own_snippet(run_yaml: RunYaml) -> None:
    outcome = run_yaml(scenario("site"))
    assert project_ids(outcome) == {"tpdemo0001"}
    assert health(outcome) is CheckStatus.PASSED


def test_site_mode_on_a_page_without_a_snippet_fails_health(run_yaml: RunYaml) -> None:
    outcome = run_yaml(scenario("site"), site_tag=False)
    assert outcome.record.capture.tag_requests == ()
    verdict = next(verdict for verdict in outcome.verdicts if verdict.check == "health")
    assert verdict.status is CheckStatus.FAILED
    assert "never requested" in verdict.message


def test_auto_uses_the_sites_snippet_when_there_is_one(run_yaml: RunYaml) -> None:
    outcome = run_yaml(scenario("auto"))
    loaders = [request.url for request in outcome.record.capture.tag_requests if request.kind == "loader"]
    assert loaders == ["https://www.clarity.ms/tag/tpdemo0001"]


def test_injecting_on_a_page_that_has_its_own_tag_is_a_duplicate(run_yaml: RunYaml) -> None:
    outcome = run_yaml(scenario("inject"))
    verdict = next(verdict for verdict in outcome.verdicts if verdict.check == "health")
    assert verdict.status is CheckStatus.FAILED
    assert "CL001" in verdict.message


def test_the_start_config_reaches_the_tag(run_yaml: RunYaml) -> None:
    outcome = run_yaml(scenario("auto", config="{track: false, content: false, delay: 100}"))
    assert all(
        not snapshot.names() & {"_clck", "_clsk"} for snapshot in outcome.record.capture.cookie_snapshots
    )
    masking = next(verdict for verdict in outcome.verdicts if verdict.check == "masking")
    assert masking.status is CheckStatus.FAILED
    assert "blank" in masking.message
