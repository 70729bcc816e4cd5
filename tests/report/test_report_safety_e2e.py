"""A page whose text holds a <script> tag and whose DOM holds an onerror attribute: the report shows both as
text, and neither runs, not even in the replay."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, expect

from tagprobe.report.html import write_html
from tagprobe.report.results_json import RunInfo, results_document

from ..conftest import RunYaml

pytestmark = pytest.mark.e2e

HOSTILE_PAGE = """
name: Hostile page text
url: /
steps:
  - evaluate: |
      document.querySelector('.hero-title').textContent = "<script>window.pwned = 'text'</script>";
      const image = document.createElement('img');
      image.id = 'hostile';
      image.setAttribute('onerror', "window.pwned = 'attribute'");
      image.alt = "<img src=x onerror=window.pwned='alt'>";
      image.src = 'data:,not-an-image';
      document.querySelector('#view').prepend(image);
  - click: ".hero-title"
"""


def test_hostile_page_text_never_runs_in_the_report(
    run_yaml: RunYaml, tmp_path: Path, real_browser: Browser
) -> None:
    outcome = run_yaml(HOSTILE_PAGE)
    reports = tmp_path / "reports"
    info = RunInfo("0.1.0", "0.8.70", "Chromium", outcome.record.base_url, "2026-01-01T00:00:00+00:00", 1.0)
    report = write_html(reports, results_document([outcome], info, reports))

    page = real_browser.new_page()
    dialogs: list[str] = []

    def refuse(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    page.goto(report.as_uri())
    scenario = page.locator("details.scenario")
    scenario.locator("summary").first.click()
    expect(scenario.locator(".clicks")).to_contain_text("<script>window.pwned")
    expect(scenario.locator(".step-text").nth(1)).to_contain_text("onerror")

    replay = scenario.locator("[data-replay]")
    replay.locator('[data-action="load"]').click()
    expect(replay).to_have_attribute("data-state", "ready")
    replay.locator('[data-role="speed"]').select_option("4")
    replay.locator('[data-action="play"]').click()
    expect(replay).to_have_attribute("data-state", "ended")
    frame = replay.frame_locator("iframe")
    expect(frame.locator("#hostile")).to_have_count(1)
    expect(frame.locator(".hero-title")).to_contain_text("<script>")

    assert page.evaluate("() => window.pwned") is None
    assert page.evaluate("() => document.querySelector('[data-replay] iframe').contentWindow.pwned") is None
    assert frame.locator("#hostile").get_attribute("onerror") in (None, "")
    assert dialogs == []
