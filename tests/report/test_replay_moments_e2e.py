"""The replay helps a reviewer: a failing check's evidence opens the replay at the moment it happened, the
click shows where it landed, the rage click is marked on the timeline at its time and pinned on the page, and
the speed control still drives playback. Real tag, real Chromium, the demo shop, the report opened from disk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tagprobe.report.html import write_html
from tagprobe.report.results_json import RunInfo, results_document, write_results
from tests.conftest import RunYaml

pytestmark = pytest.mark.e2e

TIMES = "\N{MULTIPLICATION SIGN}"

RAGE = """
name: Rage on the banner
url: /
steps:
  - click: "#consent-accept"
  - rage_click: {selector: "#promo-banner", clicks: 5, interval_ms: 120}
  - click: "#nav-cart"
expect:
  signals:
    absent:
      - {type: rage_click, element: "#promo-banner"}
"""


def test_a_failing_checks_evidence_opens_the_replay_at_its_moment(
    run_yaml: RunYaml, tmp_path: Path, real_browser: Browser
) -> None:
    outcome = run_yaml(RAGE, slug="rage")
    signals = next(verdict for verdict in outcome.verdicts if verdict.check == "signals")
    assert signals.status.value == "failed", outcome.failure_summary()
    rage = next(signal for signal in outcome.signals if signal.type.value == "rage_click")
    reports = tmp_path / "reports"
    info = RunInfo("0", "0", "Chromium", outcome.record.base_url, "2026-01-01T00:00:00+00:00", 1.0)
    document = results_document([outcome], info, reports)
    write_results(reports, document)
    report = write_html(reports, document)

    page = real_browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(report.as_uri())
        check = page.locator("#s-rage-check-signals")
        moment = check.locator("a.replay-moment").first
        expect(moment).to_have_attribute("data-page", str(rage.page_number))
        moment.click()

        # The replay opens on the signal's page, rendered up to the signal's time.
        replay = page.locator("#s-rage-replay")
        expect(replay).to_have_attribute("data-state", "ready")
        expect(replay).to_have_attribute("data-page", str(rage.page_number))
        frame = replay.frame_locator("iframe")
        expect(frame.locator("#promo-banner")).to_be_visible()

        # The rage click is pinned where it landed, and clarity-visualize drew the click itself there.
        pin = frame.locator('.tagprobe-signal-pin[data-signal="rage_click"]')
        expect(pin).to_have_text(f"rage click {TIMES}5")
        rings = frame.locator(".clarity-click")
        expect(rings.first).to_be_attached()
        centres = rings.evaluate_all(
            "rs => rs.map(r => { const b = r.getBoundingClientRect(); return [b.x + b.width / 2, b.y + b.height / 2]; })"
        )
        left, top, right, bottom = frame.locator("#promo-banner").evaluate(
            "b => { const r = b.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }"
        )
        assert any(left <= x <= right and top <= y <= bottom for x, y in centres), (centres, left, top)

        # On the timeline: a mark at the rage click's time; pressing it after a restart goes back there.
        mark = replay.locator('.seek-mark[data-signal="rage_click"]')
        expect(mark).to_have_count(1)
        expect(mark).to_have_attribute(
            "title", re.compile(rf"^rage click on .*#promo-banner \(5{TIMES}\) at \d+:\d\d\.\d$")
        )
        replay.locator('[data-action="restart"]').click()
        expect(replay).to_have_attribute("data-time", "0")
        expect(pin).to_have_count(0)
        mark.click()
        expect(replay).to_have_attribute("data-time", str(mark.get_attribute("data-time")))
        expect(pin).to_have_count(1)

        # Speed controls still drive playback.
        replay.locator('[data-role="speed"]').select_option("4")
        replay.locator('[data-action="play"]').click()
        expect(replay).not_to_have_attribute("data-time", str(mark.get_attribute("data-time")))
    finally:
        page.close()
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    assert errors == []
