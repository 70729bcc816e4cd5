"""Fixtures for the fault tests: a hostile site, a stand-in internet, and a browser whose every non-local host
name leads to that stand-in, so each test also proves that nothing it captured left the machine."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Playwright

from tagprobe.assets import PinnedBuilds
from tagprobe.browser.launch import BrowserSettings, open_browser
from tagprobe.browser.locate import choose_browser
from tagprobe.capture.clock import CaptureClock
from tagprobe.capture.egress import EgressGuard
from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.checks.verdict import CheckStatus, Verdict
from tagprobe.demo import DemoSite
from tagprobe.engine import ScenarioPipeline
from tagprobe.report.artifacts import UPLOADS_FILE
from tagprobe.report.html import write_html
from tagprobe.report.results_json import RunInfo, results_document, scenario_to_dict, write_results
from tagprobe.run.runner import RunSettings
from tagprobe.scenario.load import load_file
from tagprobe.scenario.model import Scenario
from tests.reliability.hostile_site import HostileSite
from tests.reliability.sink import InternetSink

UNRESOLVABLE_HOST = "shop.invalid"
"""Allowed past the guard in the DNS test, and made unresolvable by the browser's resolver rules."""
FAST = {"step_timeout_ms": 1500, "settle_timeout_s": 3}

Play = Callable[..., ScenarioOutcome]


def resolver_rules(sink_port: int) -> str:
    return (
        f"--host-resolver-rules=MAP {UNRESOLVABLE_HOST} ~NOTFOUND, MAP * 127.0.0.1:{sink_port}, "
        "EXCLUDE localhost, EXCLUDE 127.0.0.1"
    )


@pytest.fixture(scope="session")
def internet() -> Iterator[InternetSink]:
    sink = InternetSink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture(scope="session")
def browser_guard() -> Iterator[EgressGuard]:
    """Refuses Chromium's own background traffic (updates, sign-in), which ignores a context's proxy."""
    with EgressGuard(CaptureClock()) as guard:
        yield guard


@pytest.fixture(scope="session")
def guarded_browser(
    tagprobe_playwright: Playwright, internet: InternetSink, browser_guard: EgressGuard
) -> Iterator[Browser]:
    choice = choose_browser(tagprobe_playwright)
    extra_args = (resolver_rules(internet.port), f"--proxy-server=http://127.0.0.1:{browser_guard.port}")
    browser = open_browser(tagprobe_playwright, BrowserSettings(choice, extra_args=extra_args))
    yield browser
    browser.close()


@pytest.fixture
def hostile_site() -> Iterator[HostileSite]:
    with HostileSite() as site:
        yield site


@pytest.fixture
def demo_site() -> Iterator[DemoSite]:
    with DemoSite(None, site_tag=True) as site:
        yield site


def load_scenario(directory: Path, text: str) -> Scenario:
    path = directory / "fault.scenario.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    document = load_file(path)[0]
    assert document.scenario is not None, [str(problem) for problem in document.problems]
    return document.scenario


def assert_nothing_left(outcome: ScenarioOutcome, internet: InternetSink, before: tuple[int, int]) -> None:
    """No byte reached the stand-in internet, and every request for a non-local host was refused."""
    assert internet.reached() == before, "a request got past the egress guard"
    for attempt in outcome.record.capture.egress_attempts:
        assert attempt.answered_status == 403, attempt
        if attempt.method == "CONNECT":
            assert attempt.body_bytes == 0, attempt


@pytest.fixture
def play(
    guarded_browser: Browser,
    builds: PinnedBuilds,
    tmp_path: Path,
    tagprobe_playwright: Playwright,
    internet: InternetSink,
) -> Play:
    """play(yaml_text, base_url, **RunSettings fields) -> the outcome, with short timeouts unless given."""

    def run(text: str, base_url: str, browser: Browser | None = None, **settings: Any) -> ScenarioOutcome:
        run_settings = RunSettings(
            base_url=base_url,
            output_dir=tmp_path / "reports",
            builds=builds,
            devices=tagprobe_playwright.devices,
            **{**FAST, **settings},
        )
        pipeline = ScenarioPipeline(browser or guarded_browser, run_settings)
        before = internet.reached()
        outcome = pipeline.run(load_scenario(tmp_path, text), "fault")
        assert_nothing_left(outcome, internet, before)
        return outcome

    return run


def verdict(outcome: ScenarioOutcome, check: str) -> Verdict:
    return next(found for found in outcome.verdicts if found.check == check)


def failed_checks(outcome: ScenarioOutcome) -> set[str]:
    return {found.check for found in outcome.verdicts if found.status is CheckStatus.FAILED}


def kept_upload_lines(outcome: ScenarioOutcome) -> list[str]:
    """uploads.jsonl as the report keeps it: one line per upload received, whatever went wrong."""
    path = Path(outcome.artifacts_dir) / UPLOADS_FILE
    return path.read_text(encoding="utf-8").splitlines()


def assert_capture_kept(outcome: ScenarioOutcome) -> None:
    """What arrived before the fault is in the record, in uploads.jsonl and in the report."""
    uploads = outcome.record.capture.uploads
    assert uploads, "the fault came after the tag had uploaded, so something must be kept"
    assert len(kept_upload_lines(outcome)) == len(uploads)
    entry = report_entry(outcome)
    assert entry["uploads"]["count"] == len(uploads)
    assert entry["problem"] == outcome.record.problem


def report_entry(outcome: ScenarioOutcome) -> dict[str, Any]:
    """The scenario as results.json (and the HTML report made from it) shows it."""
    entry: dict[str, Any] = scenario_to_dict(outcome, Path(outcome.artifacts_dir).parents[1])
    return entry


def write_report(outcome: ScenarioOutcome) -> dict[str, Any]:
    """Writes results.json and index.html for the outcome, as the plugin does, and returns its entry."""
    reports_dir = Path(outcome.artifacts_dir).parents[1]
    info = RunInfo("test", "0.8.70", outcome.record.browser_version, outcome.record.base_url, "now", 0.0)
    document = results_document([outcome], info, reports_dir)
    write_results(reports_dir, document)
    assert write_html(reports_dir, document).stat().st_size > 0
    entry: dict[str, Any] = document["scenarios"][0]
    return entry
