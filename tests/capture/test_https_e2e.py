"""Uploads go to https://tagprobe.clarity.ms, which the egress guard tunnels into the collector: from http and
https sites alike, across SPA routes and full page loads (the tag rebuilds the URL from _clsk)."""

from __future__ import annotations

import ssl
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright

from tagprobe.assets import PinnedBuilds
from tagprobe.capture.clock import CaptureClock
from tagprobe.capture.collector import COLLECT_PATH, UPLOAD_HOST, UploadCollector
from tagprobe.capture.egress import EgressGuard
from tagprobe.capture.tls import server_tls_context
from tagprobe.checks.verdict import CheckStatus
from tagprobe.demo import DemoSite
from tagprobe.engine import ScenarioPipeline
from tagprobe.run.runner import RunSettings
from tagprobe.scenario.load import load_file
from tests.conftest import write_scenario

SCENARIO = """\
name: An https shop
url: /
steps:
  - click: "#consent-accept"
  - click: "a[href='/product/1']"
  - goto: /cart
expect:
  spa:
    routes: [/, /product/1, /cart]
"""


def unverified() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def post_through(guard: EgressGuard, url: str, body: bytes) -> int:
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({"https": f"http://127.0.0.1:{guard.port}"}),
        urllib.request.HTTPSHandler(context=unverified()),
    )
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "text/plain"})
    with opener.open(request, timeout=5) as answer:
        return int(answer.status)


def test_the_guard_tunnels_the_upload_host_into_the_collector_and_refuses_the_rest() -> None:
    clock = CaptureClock()
    with UploadCollector(clock) as collector, EgressGuard(clock, collector=collector) as guard:
        assert collector.upload_url == f"https://{UPLOAD_HOST}{COLLECT_PATH}"
        assert post_through(guard, collector.upload_url, b"first") == 204
        assert post_through(guard, collector.upload_url, b"second") == 204
        with pytest.raises(OSError, match="403"):
            post_through(guard, "https://k.clarity.ms/collect", b"not for us")
        assert [upload.payload for upload in collector.uploads()] == ["first", "second"]
        assert [attempt.target for attempt in guard.attempts()] == ["k.clarity.ms:443"]


def test_a_guard_without_a_collector_refuses_the_upload_host_too() -> None:
    with EgressGuard(CaptureClock()) as guard, pytest.raises(OSError, match="403"):
        post_through(guard, f"https://{UPLOAD_HOST}{COLLECT_PATH}", b"x")


@pytest.mark.e2e
def test_an_https_site_is_recorded_across_routes_and_page_loads(
    real_browser: Browser, builds: PinnedBuilds, tmp_path: Path, tagprobe_playwright: Playwright
) -> None:
    scenario = load_file(write_scenario(tmp_path, SCENARIO))[0].scenario
    assert scenario is not None
    with DemoSite(tls=server_tls_context("localhost")) as site:
        assert site.url.startswith("https://")
        settings = RunSettings(
            base_url=site.url, output_dir=tmp_path, builds=builds, devices=tagprobe_playwright.devices
        )
        outcome = ScenarioPipeline(real_browser, settings).run(scenario, "https")
    assert outcome.record.problem is None
    assert outcome.session.failures == ()
    assert {page.url.split("/", 3)[-1] for page in outcome.session.pages} >= {"", "product/1", "cart"}
    assert outcome.status is CheckStatus.PASSED, outcome.failure_summary()
