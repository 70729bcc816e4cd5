"""The defect matrix: the bundled suite passes on the clean demo, and each demo defect turns red exactly the
check it targets (`Defect.caught_by`) and no other."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright

from tagprobe.assets import PinnedBuilds
from tagprobe.checks.verdict import CheckStatus
from tagprobe.demo import DEFECTS, DemoSite
from tagprobe.engine import ScenarioPipeline
from tagprobe.run.results import StepStatus
from tagprobe.run.runner import RunSettings
from tagprobe.scenario.load import is_scenario_file, load_file
from tagprobe.scenario.model import Scenario

pytestmark = pytest.mark.e2e

BUNDLED = Path(__file__).parents[2] / "scenarios"


def bundled_scenarios() -> list[Scenario]:
    scenarios = []
    for file in sorted(BUNDLED.iterdir()):
        if is_scenario_file(file):
            for document in load_file(file, environment={}):
                assert document.scenario is not None, [str(problem) for problem in document.problems]
                scenarios.append(document.scenario)
    return scenarios


def failing_checks(
    defect: str | None, browser: Browser, builds: PinnedBuilds, playwright: Playwright, reports: Path
) -> dict[str, list[str]]:
    """check name -> the scenarios in which it failed; failed steps count as `step`."""
    failing: dict[str, list[str]] = {}
    with DemoSite(defect) as site:
        settings = RunSettings(site.url, reports, builds, devices=playwright.devices)
        pipeline = ScenarioPipeline(browser, settings)
        for index, scenario in enumerate(bundled_scenarios()):
            outcome = pipeline.run(scenario, f"{index}")
            for verdict in outcome.verdicts:
                if verdict.status is CheckStatus.FAILED:
                    failing.setdefault(verdict.check, []).append(f"{scenario.name}: {verdict.message}")
            for result in outcome.record.steps:
                if result.status is StepStatus.FAILED:
                    failing.setdefault("step", []).append(f"{scenario.name}: {result.error}")
    return failing


def test_the_clean_demo_passes_every_check(
    real_browser: Browser, builds: PinnedBuilds, tagprobe_playwright: Playwright, tmp_path: Path
) -> None:
    assert failing_checks(None, real_browser, builds, tagprobe_playwright, tmp_path) == {}


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_each_defect_fails_its_check_and_no_other(
    defect: str, real_browser: Browser, builds: PinnedBuilds, tagprobe_playwright: Playwright, tmp_path: Path
) -> None:
    failing = failing_checks(defect, real_browser, builds, tagprobe_playwright, tmp_path)
    assert set(failing) == {DEFECTS[defect].caught_by}, failing
