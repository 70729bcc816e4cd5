"""The page or the browser dies, or a step never comes back: the run returns, never hangs, says why, and
keeps what was captured."""

from __future__ import annotations

import os
import re
import signal
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright

from tagprobe.browser.launch import BrowserSettings, open_browser
from tagprobe.browser.locate import choose_browser
from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.engine import Engine, EngineOptions
from tagprobe.run.results import StepStatus
from tagprobe.scenario.model import Scenario
from tests.reliability.conftest import Play, assert_capture_kept, load_scenario, report_entry
from tests.reliability.hostile_site import HostileSite

pytestmark = pytest.mark.e2e

RECORD_THEN = """
name: {name}
url: /
tag: {{config: {{delay: 100}}}}
steps:
  - click: "#go"
  - wait_for: {{uploads: 1, timeout_ms: 10000}}
  - {fault}
  - click: "#go"
"""


def statuses(steps: tuple[object, ...]) -> list[StepStatus]:
    return [getattr(step, "status") for step in steps]  # noqa: B009


def test_a_page_crash_mid_scenario_is_a_clear_problem_and_the_capture_is_kept(
    play: Play, hostile_site: HostileSite
) -> None:
    outcome = play(RECORD_THEN.format(name="crash", fault='goto: "chrome://crash"'), hostile_site.url)
    record = outcome.record
    assert record.problem is not None
    assert record.problem.startswith("the page crashed during step 4 (")
    assert "goto(url='chrome://crash')" in record.problem
    assert "upload(s) received before the crash are kept" in record.problem
    assert statuses(record.steps)[3:] == [StepStatus.FAILED, StepStatus.SKIPPED]
    assert record.steps[3].error == "the page crashed during this step (Chromium's renderer died)"
    assert record.duration_ms < 10_000
    assert_capture_kept(outcome)
    assert report_entry(outcome)["problem"].startswith("the page crashed")


def marked_browser_pids(marker: str) -> list[int]:
    """The main Chromium process launched with `marker` on its command line (its children carry --type=)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if marker.encode() in arguments and not any(
            argument.startswith(b"--type=") for argument in arguments
        ):
            found.append(int(entry.name))
    return found


@pytest.fixture
def doomed_browser(tagprobe_playwright: Playwright, hostile_site: HostileSite) -> Iterator[Browser]:
    """A browser of its own that the hostile site kills when a page asks for /kill-browser."""
    marker = f"--tagprobe-doomed-browser={uuid.uuid4().hex}"
    choice = choose_browser(tagprobe_playwright)
    browser = open_browser(tagprobe_playwright, BrowserSettings(choice, extra_args=(marker,)))

    def kill() -> None:
        for pid in marked_browser_pids(marker):
            os.kill(pid, signal.SIGKILL)

    hostile_site.hooks.kill_browser = kill
    yield browser
    if browser.is_connected():
        browser.close()


def test_a_browser_that_dies_mid_scenario_is_a_clear_problem_and_the_capture_is_kept(
    play: Play, hostile_site: HostileSite, doomed_browser: Browser
) -> None:
    outcome = play(
        RECORD_THEN.format(name="browser dies", fault="goto: /kill-browser"), hostile_site.url, doomed_browser
    )
    record = outcome.record
    assert not doomed_browser.is_connected()
    assert record.problem is not None
    assert record.problem.startswith("the browser closed or crashed during step 4 (")
    assert "upload(s) received before are kept" in record.problem
    assert "--browser-path" in record.problem
    assert statuses(record.steps)[:3] == [StepStatus.PASSED] * 3
    assert record.duration_ms < 15_000
    assert_capture_kept(outcome)

    after = play("name: next\nurl: /\nsteps:\n  - click: '#go'\n", hostile_site.url, doomed_browser)
    assert after.record.problem is not None
    assert after.record.problem.startswith("the browser is not running (it crashed or was closed earlier")
    assert statuses(after.record.steps) == [StepStatus.SKIPPED, StepStatus.SKIPPED]


def test_a_step_that_times_out_names_its_own_timeout_and_keeps_the_capture(
    play: Play, hostile_site: HostileSite
) -> None:
    outcome = play(
        RECORD_THEN.format(name="timeout", fault='wait_for: {selector: "#never", timeout_ms: 300}'),
        hostile_site.url,
    )
    failed = outcome.record.steps[3]
    assert failed.status is StepStatus.FAILED
    assert failed.error is not None
    assert failed.error.startswith("no element matching '#never' became ready within 300 ms")
    assert statuses(outcome.record.steps)[4:] == [StepStatus.SKIPPED]
    assert outcome.record.problem is None
    assert outcome.record.capture.settled
    assert_capture_kept(outcome)


@pytest.mark.parametrize(
    "script",
    ["new Promise(() => {})", "(() => { while (true) {} })()"],
    ids=["never-settles", "loops-forever"],
)
def test_a_step_that_never_returns_is_stopped_and_the_run_goes_on(
    play: Play, hostile_site: HostileSite, script: str
) -> None:
    # The default step timeout, not a short one: the first page load must not time out on a loaded machine.
    outcome = play(RECORD_THEN.format(name="stalls", fault=f"evaluate: {script!r}"), hostile_site.url)
    failed = outcome.record.steps[3]
    assert failed.error is not None, (outcome.record.problem, outcome.record.steps)
    assert re.match(r"the step did not finish within \d+ ms and the page stopped answering", failed.error)
    assert "tagprobe closed the page to go on" in failed.error
    assert statuses(outcome.record.steps)[4:] == [StepStatus.SKIPPED]
    assert outcome.record.duration_ms < 30_000, (
        "a hang guard: the step's budget, the settle, with room for load"
    )
    assert_capture_kept(outcome)


def run_engine_in_thread(engine: Engine, scenarios: list[Scenario]) -> list[ScenarioOutcome]:
    """The engine starts a sync Playwright of its own, which cannot share pytest-playwright's thread."""

    def work() -> list[ScenarioOutcome]:
        try:
            return [engine.run(scenario, f"s{index}") for index, scenario in enumerate(scenarios)]
        finally:
            engine.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result(timeout=120)


def test_after_the_browser_dies_the_next_scenario_runs_in_a_new_one(
    hostile_site: HostileSite, tmp_path: Path
) -> None:
    marker = f"--tagprobe-doomed-browser={uuid.uuid4().hex}"
    hostile_site.hooks.kill_browser = lambda: [
        os.kill(pid, signal.SIGKILL) for pid in marked_browser_pids(marker)
    ]
    engine = Engine(
        EngineOptions(
            reports_dir=tmp_path, base_url=hostile_site.url, browser=BrowserSettings(extra_args=(marker,))
        )
    )
    dies = load_scenario(tmp_path, RECORD_THEN.format(name="dies", fault="goto: /kill-browser"))
    lives = load_scenario(tmp_path, "name: lives\nurl: /\nsteps:\n  - click: '#go'\n")
    first, second = run_engine_in_thread(engine, [dies, lives])
    assert first.record.problem is not None
    assert second.record.problem is None
    assert statuses(second.record.steps) == [StepStatus.PASSED, StepStatus.PASSED]
