"""Shared fixtures: one real Chromium for the whole session, the demo site, and a helper that runs a
scenario written inline through the real pipeline (real tag, real browser, real HTTP)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Playwright

from tagprobe.assets import PinnedBuilds, pinned_builds
from tagprobe.browser.launch import BrowserSettings, open_browser
from tagprobe.browser.locate import choose_browser
from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.demo import DemoSite
from tagprobe.engine import ScenarioPipeline
from tagprobe.run.runner import RunSettings
from tagprobe.scenario.load import load_file

RunYaml = Callable[..., ScenarioOutcome]


@pytest.fixture(scope="session")
def builds() -> PinnedBuilds:
    return pinned_builds()


@pytest.fixture(scope="session")
def tagprobe_playwright(playwright: Playwright) -> Playwright:
    """pytest-playwright's instance: two sync Playwright instances cannot share one thread."""
    return playwright


@pytest.fixture(scope="session")
def real_browser(tagprobe_playwright: Playwright) -> Iterator[Browser]:
    settings = BrowserSettings(choose_browser(tagprobe_playwright))
    browser = open_browser(tagprobe_playwright, settings)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], playwright: Playwright
) -> dict[str, Any]:
    """pytest-playwright's own fixtures launch the same Chromium tagprobe would."""
    choice = choose_browser(playwright)
    options = BrowserSettings(choice).launch_options()
    return {**browser_type_launch_args, **options}


def write_scenario(directory: Path, text: str, name: str = "inline.scenario.yaml") -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def run_yaml(
    real_browser: Browser, builds: PinnedBuilds, tmp_path: Path, tagprobe_playwright: Playwright
) -> RunYaml:
    """run_yaml(yaml_text, defect=None, base_url=None, site_tag=True, slug="inline", **settings) -> the
    ScenarioOutcome of the first scenario, run against the demo shop (with `defect`, with or without its own
    Clarity snippet), its artifacts in reports/scenarios/<slug>/ under the test's tmp_path."""

    def run(
        text: str,
        defect: str | None = None,
        base_url: str | None = None,
        site_tag: bool = True,
        slug: str = "inline",
        **settings: Any,
    ) -> ScenarioOutcome:
        documents = load_file(write_scenario(tmp_path, text))
        scenario = documents[0].scenario
        assert scenario is not None, [str(problem) for problem in documents[0].problems]
        with DemoSite(defect, site_tag=site_tag) as site:
            run_settings = RunSettings(
                base_url=base_url or site.url,
                output_dir=tmp_path / "reports",
                builds=builds,
                devices=tagprobe_playwright.devices,
                **settings,
            )
            return ScenarioPipeline(real_browser, run_settings).run(scenario, slug)

    return run
