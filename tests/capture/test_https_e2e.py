"""An https site: the tag's protocol-relative upload URL becomes https://127.0.0.1, and the collector answers it
on the same port as plain http, across SPA routes and full page loads (the tag rebuilds the URL from _clsk)."""

from __future__ import annotations

import ssl
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright

from tagprobe.assets import PinnedBuilds
from tagprobe.capture.clock import CaptureClock
from tagprobe.capture.collector import COLLECT_PATH, UploadCollector
from tagprobe.capture.tls import loopback_tls_context
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


@pytest.fixture
def collector() -> Iterator[UploadCollector]:
    with UploadCollector(CaptureClock()) as running:
        yield running


def post(url: str, body: bytes, context: ssl.SSLContext | None = None) -> int:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "text/plain"})
    with urllib.request.urlopen(request, timeout=5, context=context) as answer:
        return int(answer.status)


def test_the_collector_answers_plain_and_tls_uploads_on_one_port(collector: UploadCollector) -> None:
    unverified = ssl.create_default_context()
    unverified.check_hostname = False
    unverified.verify_mode = ssl.CERT_NONE
    url = f"127.0.0.1:{collector.port}{COLLECT_PATH}"
    assert post(f"http://{url}", b"plain") == 204
    assert post(f"https://{url}", b"secured", unverified) == 204
    assert [upload.payload for upload in collector.uploads()] == ["plain", "secured"]


@pytest.mark.e2e
def test_an_https_site_is_recorded_across_routes_and_page_loads(
    real_browser: Browser, builds: PinnedBuilds, tmp_path: Path, tagprobe_playwright: Playwright
) -> None:
    scenario = load_file(write_scenario(tmp_path, SCENARIO))[0].scenario
    assert scenario is not None
    with DemoSite(tls=loopback_tls_context()) as site:
        assert site.url.startswith("https://")
        settings = RunSettings(
            base_url=site.url, output_dir=tmp_path, builds=builds, devices=tagprobe_playwright.devices
        )
        outcome = ScenarioPipeline(real_browser, settings).run(scenario, "https")
    assert outcome.record.problem is None
    assert outcome.session.failures == ()
    assert {page.url.split("/", 3)[-1] for page in outcome.session.pages} >= {"", "product/1", "cart"}
    assert outcome.status is CheckStatus.PASSED, outcome.failure_summary()
