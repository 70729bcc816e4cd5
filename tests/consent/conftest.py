"""Runs inline scenarios against the consent site (a real consent manager from npm) through the real
pipeline: real tag, real Chromium, real HTTP."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Playwright

from tagprobe.assets import PinnedBuilds
from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.checks.verdict import Verdict
from tagprobe.engine import ScenarioPipeline
from tagprobe.run.runner import RunSettings
from tagprobe.scenario.load import load_file
from tests.conftest import write_scenario
from tests.consent.consent_site import ConsentSite

RunConsent = Callable[..., ScenarioOutcome]
ACCEPT = ".cm__btn[data-role=all]"
REJECT = ".cm__btn[data-role=necessary]"
SETTINGS = "#cookie-settings"
REJECT_IN_SETTINGS = ".pm__btn[data-role=necessary]"


@pytest.fixture(scope="session")
def consent_site() -> Iterator[ConsentSite]:
    with ConsentSite() as site:
        yield site


@pytest.fixture
def run_consent(
    real_browser: Browser,
    builds: PinnedBuilds,
    tmp_path: Path,
    tagprobe_playwright: Playwright,
    consent_site: ConsentSite,
) -> RunConsent:
    """run_consent(yaml_text, **settings) -> the outcome of the first scenario, run on the consent site."""

    def run(text: str, **settings: Any) -> ScenarioOutcome:
        document = load_file(write_scenario(tmp_path, text))[0]
        assert document.scenario is not None, [str(problem) for problem in document.problems]
        run_settings = RunSettings(
            base_url=consent_site.url,
            output_dir=tmp_path / "reports",
            builds=builds,
            devices=tagprobe_playwright.devices,
            **settings,
        )
        return ScenarioPipeline(real_browser, run_settings).run(document.scenario, "consent")

    return run


def verdict(outcome: ScenarioOutcome, check: str) -> Verdict:
    return next(item for item in outcome.verdicts if item.check == check)


def evidence_text(found: Verdict) -> str:
    return "\n".join(item.summary for item in found.evidence)
