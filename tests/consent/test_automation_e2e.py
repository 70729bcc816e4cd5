"""The browser looks like a person's: navigator.webdriver is false unless a scenario asks for the flag, so
a consent manager that hides from bots (vanilla-cookieconsent's default hideFromBots) shows its banner;
with the flag the banner never comes, and the step says the page checked navigator.webdriver."""

from __future__ import annotations

from pathlib import Path

import pytest

from tagprobe.run.results import StepStatus
from tests.consent.conftest import ACCEPT, RunConsent

pytestmark = pytest.mark.e2e


def banner(flag: str = "") -> str:
    return f"""
name: banner
url: /callback.html
tag: {{mode: site, config: {{delay: 100, track: false}}}}
{flag}
steps:
  - click: {{selector: "{ACCEPT}", timeout_ms: 1500}}
"""


def test_a_person_s_browser_by_default_so_the_consent_manager_shows(run_consent: RunConsent) -> None:
    outcome = run_consent(banner())
    assert [result.status for result in outcome.record.steps] == [StepStatus.PASSED, StepStatus.PASSED]


def test_with_the_automation_flag_the_step_says_the_page_checked_webdriver(run_consent: RunConsent) -> None:
    outcome = run_consent(banner("automation_flag: true"))
    failed = outcome.record.failed_step
    assert failed is not None
    assert failed.error is not None
    assert "became ready within 1500 ms" in failed.error
    assert (
        "The page read navigator.webdriver, which is true here because the automation flag is on"
        in failed.error
    )


def test_a_step_timing_out_on_a_page_that_never_read_webdriver_says_nothing_of_it(
    run_consent: RunConsent,
) -> None:
    outcome = run_consent(
        'name: missing\nurl: /about.html\ntag: {mode: inject}\nsteps:\n  - click: {selector: "#nope", timeout_ms: 500}\n'
    )
    failed = outcome.record.failed_step
    assert failed is not None
    assert failed.error is not None
    assert "webdriver" not in failed.error


def test_init_scripts_run_in_every_page_first(run_consent: RunConsent, tmp_path: Path) -> None:
    script = tmp_path / "stub.js"
    script.write_text(
        'document.addEventListener("DOMContentLoaded", () => { document.documentElement.dataset.stub = "on"; });',
        encoding="utf-8",
    )
    text = 'name: init\nurl: /about.html\nsteps:\n  - wait_for: {selector: "html[data-stub=on]", timeout_ms: 2000}\n'
    outcome = run_consent(text, init_scripts=(script,))
    assert outcome.record.failed_step is None
