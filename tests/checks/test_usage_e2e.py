"""The `usage` check on a page written for it: the three classic mistakes fail it when strict, each finding
naming the page's file and line; the same calls written correctly pass; without `strict` they only warn."""

from __future__ import annotations

import pytest

from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.checks.verdict import CheckStatus, Verdict
from tests.conftest import RunYaml
from tests.static_pages import OFFICIAL_SNIPPET, StaticPages, html_page

pytestmark = pytest.mark.e2e

WRONG_JS = """document.getElementById("go").addEventListener("click", () => {
  clarity('set', 'cart_items', 3);
  clarity('consentv2', {analytics_storage: 'granted', ad_storage: 'granted'});
  clarity('set', 'mask', '.account');
});
"""
RIGHT_JS = """document.getElementById("go").addEventListener("click", () => {
  clarity('set', 'cart_items', '3');
  clarity('consentv2', {analytics_Storage: 'granted', ad_Storage: 'granted'});
  document.querySelector('.account').setAttribute('data-clarity-mask', 'true');
});
"""


def pages(script: str) -> dict[str, str]:
    body = '<p class="account">Jane Private</p><button id="go">Go</button><script src="/site.js"></script>'
    return {"/": html_page(body, head=f"<script>{OFFICIAL_SNIPPET}</script>"), "/site.js": script}


def scenario(strict: bool) -> str:
    return f"""
name: usage
url: /
tag: {{mode: site, config: {{delay: 100, track: false}}}}
steps:
  - wait_for: {{uploads: 1}}
  - click: "#go"
expect:
  usage: {{strict: {str(strict).lower()}}}
"""


def usage(outcome: ScenarioOutcome) -> Verdict:
    return next(verdict for verdict in outcome.verdicts if verdict.check == "usage")


def run(run_yaml: RunYaml, script: str, strict: bool = True) -> Verdict:
    with StaticPages(pages(script)) as site:
        return usage(run_yaml(scenario(strict), base_url=site.url))


def test_the_three_mistakes_fail_usage_each_at_its_file_and_line(run_yaml: RunYaml) -> None:
    verdict = run(run_yaml, WRONG_JS)
    assert verdict.status is CheckStatus.FAILED
    lines = {
        int((evidence.location or "").split("/site.js:", 1)[1].split(":")[0]) for evidence in verdict.evidence
    }
    assert lines == {2, 3, 4}
    summaries = " | ".join(evidence.summary for evidence in verdict.evidence)
    assert "the value is a number" in summaries
    assert "spell it 'analytics_Storage'" in summaries
    assert "spell it 'ad_Storage'" in summaries
    assert "'mask' is not a setting" in summaries
    assert all("/site.js:" in evidence.summary for evidence in verdict.evidence)


def test_the_same_calls_written_correctly_pass(run_yaml: RunYaml) -> None:
    verdict = run(run_yaml, RIGHT_JS)
    assert verdict.status is CheckStatus.PASSED, verdict.message
    assert verdict.evidence == ()
    assert "2 call(s)" in verdict.message


def test_without_strict_the_findings_are_warnings(run_yaml: RunYaml) -> None:
    verdict = run(run_yaml, WRONG_JS, strict=False)
    assert verdict.status is CheckStatus.PASSED
    assert verdict.message.startswith("4 warning(s)")
    assert len(verdict.evidence) == 4
