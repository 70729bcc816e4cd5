"""The egress guard with real Chromium: nothing but loopback leaves, and every attempt is on record."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tagprobe.capture.clock import CaptureClock
from tagprobe.capture.egress import EgressGuard
from tagprobe.demo import DemoSite
from tagprobe.run.pumping import wait_pumping

pytestmark = pytest.mark.e2e


def test_loopback_goes_direct_and_everything_else_is_refused_and_recorded(real_browser: Browser) -> None:
    with DemoSite(site_tag=False) as site, EgressGuard(CaptureClock()) as guard:
        context = real_browser.new_context(proxy=guard.proxy_settings())
        try:
            page = context.new_page()
            response = page.goto(site.url)
            assert response is not None
            assert response.ok
            page.evaluate("navigator.sendBeacon('https://x.clarity.ms/collect', 'a secret payload')")
            failed = page.evaluate(
                "fetch('http://vendor.example/collect', {method: 'POST', body: 'x'}).then(() => false, () => true)"
            )
            page.close()
        finally:
            context.close()
    targets = {attempt.target for attempt in guard.attempts()}
    assert failed is True
    assert "x.clarity.ms:443" in targets
    assert "http://vendor.example/collect" in targets
    assert all("127.0.0.1" not in target for target in targets)


def test_the_pagehide_beacon_that_routes_cannot_see_still_meets_the_guard(real_browser: Browser) -> None:
    """Playwright routes miss beacons fired on pagehide; the proxy does not."""
    with DemoSite(site_tag=False) as site, EgressGuard(CaptureClock()) as guard:
        context = real_browser.new_context(proxy=guard.proxy_settings())
        try:
            page = context.new_page()
            page.goto(site.url)
            page.evaluate(
                "addEventListener('pagehide', () => navigator.sendBeacon('https://y.clarity.ms/collect', 'bye'))"
            )
            page.close()
            refused = lambda: any(item.target == "y.clarity.ms:443" for item in guard.attempts())  # noqa: E731
            guard_saw_it = wait_pumping(context, refused, timeout_s=5)
        finally:
            context.close()
    assert guard_saw_it
