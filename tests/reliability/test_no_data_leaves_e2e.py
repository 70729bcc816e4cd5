"""No captured byte reaches a non-local host, whatever the fault. The reliability browser resolves every
non-local name to a local stand-in for the internet, so a request that slipped past the egress guard would
be counted there; every `play` asserts it, and this module runs one scenario per fault to show it whole."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.conftest import Play, resolver_rules
from tests.reliability.hostile_site import HostileSite
from tests.reliability.sink import InternetSink

pytestmark = pytest.mark.e2e

RECORDED = 'name: {name}\nurl: {url}\ntag: {{config: {{delay: 100}}}}\nsteps:\n  - click: "#go"\n  - wait_for: {{uploads: 1}}\n{more}'
FAULTS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "collector answers 400": ("/", "", {"collector_status": 400}),
    "collector answers 503": ("/", "", {"collector_status": 503}),
    "page crashes": ("/", '  - goto: "chrome://crash"\n', {}),
    "step never returns": ("/", '  - evaluate: "new Promise(() => {})"\n', {"step_timeout_ms": 300}),
    "page posts to clarity.ms itself": (
        "/",
        "  - evaluate: \"fetch('https://x.clarity.ms/collect', {method: 'POST', body: 'x'}).catch(() => 0)\"\n",
        {},
    ),
    "page hijacks the beacon": ("/hijacks-beacon", '  - navigate: {push: "/next"}\n', {}),
}


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_no_captured_byte_leaves_and_every_non_local_attempt_is_refused(
    play: Play, hostile_site: HostileSite, internet: InternetSink, fault: str
) -> None:
    url, more, settings = FAULTS[fault]
    outcome = play(RECORDED.format(name=fault, url=url, more=more), hostile_site.url, **settings)
    capture = outcome.record.capture
    assert capture.uploads, "there was captured data to leak, and it reached the loopback collector"
    assert all(attempt.answered_status == 403 for attempt in capture.egress_attempts)
    if fault != "page hijacks the beacon":
        assert all(attempt.body_bytes == 0 for attempt in capture.egress_attempts), "no payload even offered"


def test_a_site_on_a_non_local_host_is_never_reached_without_allow_host(play: Play) -> None:
    outcome = play(RECORDED.format(name="remote", url="/", more=""), "https://shop.example.test")
    assert {attempt.target for attempt in outcome.record.capture.egress_attempts} == {"shop.example.test:443"}


ENGINE_RUN = """
import sys
from pathlib import Path
from tagprobe.browser.launch import BrowserSettings
from tagprobe.engine import Engine, EngineOptions
engine = Engine(EngineOptions(reports_dir=Path(sys.argv[1]), browser=BrowserSettings(extra_args=(sys.argv[2],))))
engine.start()
sys.stdin.readline()
engine.close()
"""


def test_the_engines_browser_sends_nothing_of_its_own_to_the_internet(tmp_path: Path) -> None:
    """The engine's own launch path, in a process of its own (one sync Playwright per thread), with a
    stand-in internet of its own so that what it catches cannot spoil the other tests' checks."""
    internet = InternetSink()
    internet.start()
    engine = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(ENGINE_RUN), str(tmp_path), resolver_rules(internet.port)],
        stdin=subprocess.PIPE,
        text=True,
    )
    try:
        reached = internet.wait_until_reached(timeout_s=8)
    finally:
        engine.communicate("\n", timeout=60)
        internet.stop()
    assert not reached, f"the browser itself reached the internet: {internet.reached()}"
