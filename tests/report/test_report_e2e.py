"""The HTML report for real outcomes: the real tag in real Chromium against the demo shop, then the report
opened from disk in Chromium: summary, a failing check's evidence, a heatmap, and a replay that plays."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tagprobe import __version__
from tagprobe.assets import PINNED_VERSION
from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.report.html import write_html
from tagprobe.report.results_json import RunInfo, results_document, write_results

from ..conftest import RunYaml

pytestmark = pytest.mark.e2e

SHOP = """
name: Shop journey
url: /
steps:
  - click: "#consent-accept"
  - click: "a[href='/product/1']"
  - click: "#add-to-cart"
  - click: "#nav-home"
  - rage_click: "#promo-banner"
"""

BLOCKED = """
name: Tag blocked by CSP
url: /
steps:
  - click: "#consent-accept"
"""


def relocated(outcome: ScenarioOutcome, slug: str) -> ScenarioOutcome:
    """run_yaml keeps every scenario's files in scenarios/inline; give this one a folder of its own."""
    source = Path(outcome.artifacts_dir)
    target = source.with_name(slug)
    source.rename(target)
    steps = tuple(
        replace(step, screenshot=target / step.screenshot.relative_to(source)) if step.screenshot else step
        for step in outcome.record.steps
    )
    return replace(outcome, record=replace(outcome.record, steps=steps), artifacts_dir=str(target))


@pytest.fixture
def report(run_yaml: RunYaml, tmp_path: Path, real_browser: Browser) -> Path:
    shop = relocated(run_yaml(SHOP), "shop")
    blocked = relocated(run_yaml(BLOCKED, defect="csp-block"), "blocked")
    assert shop.status.value == "passed", shop.failure_summary()
    assert blocked.status.value == "failed"
    reports = tmp_path / "reports"
    info = RunInfo(
        __version__,
        PINNED_VERSION,
        f"Chromium {real_browser.version}",
        shop.record.base_url,
        "2026-01-01T00:00:00+00:00",
        12_345.0,
    )
    document = results_document([shop, blocked], info, reports)
    write_results(reports, document)
    return write_html(reports, document)


@pytest.fixture
def opened(report: Path, real_browser: Browser) -> tuple[Page, list[str], list[str]]:
    page = real_browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(report.as_uri())
    return page, requests, errors


def test_the_report_explains_a_run(
    opened: tuple[Page, list[str], list[str]], report: Path, real_browser: Browser
) -> None:
    page, requests, errors = opened

    # The summary: counts, duration, tag version, browser and base URL.
    expect(page.locator("#verdict")).to_contain_text("1 of 2 scenarios failed")
    expect(page.locator("#count-failed")).to_have_text("1")
    expect(page.locator("#count-passed")).to_have_text("1")
    expect(page.locator("#summary")).to_contain_text("12.3 s")
    expect(page.locator("#tag-version")).to_have_text(PINNED_VERSION)
    expect(page.locator("#browser")).to_contain_text(real_browser.version)
    expect(page.locator("#base-url")).to_contain_text("http://127.0.0.1:")

    # Failures first, and the failing check links to its evidence.
    expect(page.locator("details.scenario").first).to_have_attribute("data-name", "tag blocked by csp")
    page.locator(".failures a", has_text="health").click()
    check = page.locator("#s-blocked-check-health")
    expect(check).to_be_visible()
    expect(check).to_contain_text("CSP")
    expect(check.locator(".excerpt").first).to_contain_text("script-src")

    # By default the first step on each page has a picture (/, /product/1, / again): the heatmaps use them.
    shop = page.locator("#s-shop")
    shop.locator("summary").first.click()
    expect(shop.locator("tr.step img.thumb")).to_have_count(3)

    # The heatmap of the product page is a decoded picture; the rage-clicked page lists its four clicks.
    heatmaps = shop.locator("img[data-heatmap]")
    expect(heatmaps).to_have_count(3)
    assert heatmaps.nth(1).evaluate("image => image.complete && image.naturalWidth") > 0
    expect(shop.locator("#s-shop-page-3 .clicks li")).to_have_count(4)
    expect(shop.locator("#s-shop-page-3 .meter")).to_be_visible()

    # The events of a page, filtered by type.
    events = shop.locator("#s-shop-page-1 [data-event-log]")
    events.locator("summary").click()
    clicks = events.locator('tr[data-type="Click"]')
    expect(clicks.first).to_be_visible()
    events.locator('.type-filter[data-type="Click"]').click()
    expect(clicks.first).to_be_hidden()
    expect(events.locator('tr[data-type="Discover"]')).to_be_visible()

    # Find a scenario by name, or by status.
    page.locator("#search").fill("journey")
    expect(page.locator("#s-blocked")).to_be_hidden()
    page.locator("#search").fill("")
    page.locator('[data-filter="failed"]').click()
    expect(shop).to_be_hidden()
    page.locator('[data-filter="all"]').click()

    # The replay plays: its clock advances and the iframe moves on to the next recorded page. A short page
    # can be played through between two polls of a loaded machine, so page 2 is also opened by its tab.
    replay = shop.locator("[data-replay]")
    replay.locator('[data-action="load"]').click()
    expect(replay).to_have_attribute("data-state", "ready")
    frame = replay.frame_locator("iframe")
    expect(frame.locator("body")).to_contain_text("Popular right now")
    # Styled like the page was: the shop's stylesheet, kept during the run, is applied inside the replay.
    expect(frame.locator(".button:not(.button-secondary)").first).to_have_css(
        "background-color", "rgb(79, 70, 229)"
    )
    replay.locator('[data-role="speed"]').select_option("4")
    replay.locator('[data-action="play"]').click()
    expect(replay).not_to_have_attribute("data-time", "0")
    expect(replay).not_to_have_attribute("data-page", "1", timeout=15_000)
    replay.get_by_role("tab").nth(1).click()
    expect(replay).to_have_attribute("data-page", "2")
    expect(frame.locator("body")).to_contain_text("Add to cart")

    # results.json holds what the report shows.
    document = json.loads((report.parent / "results.json").read_text(encoding="utf-8"))
    shop_data = next(scenario for scenario in document["scenarios"] if scenario["id"] == "shop")
    assert [page["screenshot_step"] for page in shop_data["pages"]] == [1, 3, 5], (
        "the first step on each page"
    )
    assert shop_data["uploads"]["file"] == "scenarios/shop/uploads.jsonl"
    assert shop_data["stylesheets"]["file"] == "scenarios/shop/stylesheets.json"
    assert shop_data["stylesheets"]["count"] >= 1
    assert shop_data["stylesheets"]["left_out"] == []
    assert {row["kind"] for row in shop_data["timeline"]["rows"]} == {"step", "cookies", "upload", "tag_call"}

    # Offline: nothing but the file itself (and data: URLs) was ever requested.
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    assert errors == []
