"""Issue #12's false alarm, on a real documentation site (mkdocs-material from PyPI, its own search): a
search for a word the site already shows ("plans" next to "Plans start at", "Guide" with the first snapshot
linking to .../guide/) passes `masking`, results and all; the same search echoed as new text fails."""

from __future__ import annotations

import pytest

from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.checks.verdict import CheckStatus, Verdict
from tests.realapps.conftest import RunApp, failed_steps
from tests.realapps.test_mkdocs_material_e2e import ECHO_QUERY, docs_site

pytestmark = [pytest.mark.e2e, pytest.mark.realapps]

__all__ = ["docs_site"]

SEARCH = """
name: search the docs for 'WORD'
url: /plans/
steps:
  - LEAK
  - type: {selector: "input.md-search__input", text: "WORD"}
  - wait_for: {selector: ".md-search-result__item"}
expect:
  masking: {}
"""


def masking(outcome: ScenarioOutcome) -> Verdict:
    return next(verdict for verdict in outcome.verdicts if verdict.check == "masking")


@pytest.mark.parametrize("word", ["plans", "Guide"])
def test_a_search_for_a_word_the_site_already_shows_passes(
    run_app: RunApp, docs_site: str, word: str
) -> None:
    outcome = run_app(SEARCH.replace("WORD", word).replace("  - LEAK\n", ""), docs_site)
    assert failed_steps(outcome) == []
    verdict = masking(outcome)
    assert verdict.status is CheckStatus.PASSED, verdict.message


def test_the_same_search_echoed_as_new_text_fails_naming_the_step(run_app: RunApp, docs_site: str) -> None:
    outcome = run_app(SEARCH.replace("WORD", "plans").replace("LEAK", ECHO_QUERY), docs_site)
    assert failed_steps(outcome) == []
    verdict = masking(outcome)
    assert verdict.status is CheckStatus.FAILED
    assert verdict.message.startswith("'plans' (typed in step 3, "), verdict.message
    assert verdict.evidence[0].excerpt == "Results for plans"
