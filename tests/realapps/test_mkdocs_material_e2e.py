"""A documentation site built with mkdocs-material (PyPI): instant navigation (pages fetched and shown with
pushState) and Clarity's official snippet in a theme override, as a docs team would install it."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator

import pytest

from tests.realapps.conftest import (
    OFFICIAL_SNIPPET,
    RunApp,
    build_mkdocs_site,
    failed_steps,
    serve,
    verdicts_of,
)

pytestmark = [pytest.mark.e2e, pytest.mark.realapps]

CONFIG = """
site_name: Probe Docs
theme:
  name: material
  custom_dir: overrides
  font: false
  features: [navigation.instant]
nav:
  - Home: index.md
  - Guide: guide.md
  - Plans: plans.md
"""
PAGES = {
    "index.md": "# Probe Docs\n\nWelcome to the docs. [Read the guide](guide.md) first.\n",
    "guide.md": "# Guide\n\nInstall the tool, then run it. [See the plans](plans.md) for teams.\n",
    "plans.md": "# Plans\n\nPlans start at ten euros a month. Contact us at sales@example.com.\n",
}
OVERRIDE = (
    '{% extends "base.html" %}\n{% block extrahead %}{{ super() }}\n'
    + OFFICIAL_SNIPPET
    + "\n{% endblock %}\n"
)

JOURNEY = """
name: read the docs and search
url: /
steps:
  - click: ".md-content a[href$='/guide/']"
  - wait_for: {url: "/guide/"}
  - click: ".md-content a[href$='/plans/']"
  - wait_for: {url: "/plans/"}
  - LEAK
  - type: {selector: "input.md-search__input", text: "quasar"}
  - press: {selector: "input.md-search__input", key: Enter}
expect:
  spa:
    routes: [/, /guide/, /plans/]
  errors: {}
"""
ECHO_QUERY = (
    "evaluate: \"document.querySelector('input.md-search__input').addEventListener('input', (event) => "
    "{ document.querySelector('.md-content h1').textContent = 'Results for ' + event.target.value; })\""
)


@pytest.fixture(scope="module")
def docs_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = tmp_path_factory.mktemp("docs")
    (project / "mkdocs.yml").write_text(textwrap.dedent(CONFIG), encoding="utf-8")
    (project / "docs").mkdir()
    for name, text in PAGES.items():
        (project / "docs" / name).write_text(text, encoding="utf-8")
    (project / "overrides").mkdir()
    (project / "overrides" / "main.html").write_text(OVERRIDE, encoding="utf-8")
    with serve(build_mkdocs_site(project)) as url:
        yield url


def test_a_clean_journey_through_instant_navigation_passes(run_app: RunApp, docs_site: str) -> None:
    outcome = run_app(JOURNEY.replace("  - LEAK\n", ""), docs_site)
    assert failed_steps(outcome) == []
    assert outcome.record.capture.tag_requests, "the site's own snippet loaded the tag"
    assert verdicts_of(outcome) == {
        "consent": "skipped",
        "masking": "passed",
        "spa": "passed",
        "tags": "skipped",
        "errors": "passed",
        "signals": "skipped",
        "health": "passed",
        "usage": "passed",
    }


def test_a_search_the_page_echoes_as_text_fails_masking(run_app: RunApp, docs_site: str) -> None:
    outcome = run_app(JOURNEY.replace("LEAK", ECHO_QUERY), docs_site)
    assert failed_steps(outcome) == []
    verdicts = verdicts_of(outcome)
    assert verdicts["masking"].startswith("failed"), verdicts
    assert {check for check, status in verdicts.items() if status.startswith("failed")} == {"masking"}
