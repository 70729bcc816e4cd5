"""Nothing leaves under any accepted `--allow-host`, nor through WebRTC: proven with a browser whose every
non-local host name (and IP literal) leads to real TCP and UDP listeners on a second loopback address
(127.0.0.2), so that anything getting past tagprobe's locks is counted there as a connection or a packet.

The browser is launched with tagprobe's own arguments (`sealing_args`) and its browser-wide egress guard. The
test's resolver mapping replaces tagprobe's resolver rules (as a user's own `--host-resolver-rules` does), so
what is proven is that the proxy, the WebRTC launch policy and the WebRTC watch hold even when every name
resolves. A control browser without the WebRTC policy shows that the UDP listener does catch WebRTC.

The UDP ICE servers are IP literals on the listener's address: WebRTC looks names up for UDP without the
resolver rules, and no test may ever ask a real DNS server. TURN over TCP is named: it goes through the
proxy, where the guard refuses it (a TCP connection to a 127.0.0.0/8 literal goes around any proxy, which is
loopback traffic and allowed, so the page never uses the literal over TCP)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright

from tagprobe.assets import PinnedBuilds
from tagprobe.browser.launch import BrowserSettings, open_browser
from tagprobe.browser.locate import choose_browser
from tagprobe.capture.clock import CaptureClock
from tagprobe.capture.egress import EgressGuard
from tagprobe.capture.sealing import WEBRTC_POLICY_ARG, sealing_args
from tagprobe.capture.webrtc import METHOD as WEBRTC
from tagprobe.engine import ScenarioPipeline
from tagprobe.run.runner import RunSettings
from tagprobe.scenario.load import load_file
from tests.reliability.outside_world import OUTSIDE_ADDRESS, OutsideWorld, PageSite

pytestmark = pytest.mark.e2e

ALLOWED_NAME = "shop.example.test"
ALLOWED_ADDRESS = "127.0.0.4"
"""The allowed site's stand-in when it is allowed by IPv4 address: not the outside world's address."""

PAGE = """<!doctype html><html><head><title>Leaky</title></head><body>
<button id="go">Go</button><p id="out"></p>
<script>
const P = {port}, OUT = "{outside}";
const ice = [
  {{urls: [`stun:${{OUT}}:${{P}}`]}},
  {{urls: [`turn:${{OUT}}:${{P}}?transport=udp`, `turn:turn.example.test:${{P}}?transport=tcp`], username: "u", credential: "c"}},
];
const gathered = (pc) => new Promise((done) => {{
  if (pc.iceGatheringState === "complete") return done();
  pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && done());
  setTimeout(done, 4000);
}});
async function offer(Connection) {{
  const pc = new Connection({{iceServers: ice}});
  pc.createDataChannel("leak");
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  return pc.getConfiguration().iceServers.length > 0;
}}
async function leak(popup) {{
  const tries = [
    () => fetch("https://k.clarity.ms/collect", {{method: "POST", body: "x", mode: "no-cors"}}),
    () => fetch("http://www.clarity.ms/collect", {{method: "POST", body: "x", mode: "no-cors"}}),
    () => navigator.sendBeacon("https://c.bing.com/c.gif", "x"),
    () => fetch(`http://elsewhere.example.test:${{P}}/`, {{mode: "no-cors"}}),
    () => {{ new Image().src = "https://img.example.test/p.png"; }},
    () => {{ new WebSocket(`ws://ws.example.test:${{P}}/`); }},
  ];
  for (const attempt of tries) {{ try {{ await attempt(); }} catch (error) {{}} }}
  const frame = document.body.appendChild(document.createElement("iframe"));
  // The prototype's own constructor is the browser's, not the watched one: the launch policy alone holds it.
  const kinds = [RTCPeerConnection, frame.contentWindow.RTCPeerConnection, popup.RTCPeerConnection,
                 RTCPeerConnection.prototype.constructor];
  const unwatched = (await Promise.all(kinds.map(offer))).filter(Boolean).length;
  popup.close();
  document.getElementById("out").textContent = `done, unwatched: ${{unwatched}}`;
}}
document.getElementById("go").onclick = () => leak(window.open("", "_blank"));
</script></body></html>"""

SCENARIO = """
name: leaky page
url: /
tag: {config: {delay: 100}}
steps:
  - click: "#go"
  - wait_for: {selector: "#out:text-matches('unwatched: [1-9]')", timeout_ms: 15000}
  - wait_for: {uploads: 1}
"""


def mapping_rules(world: OutsideWorld, site_port: int) -> str:
    return (
        f"--host-resolver-rules=MAP {ALLOWED_NAME} {OUTSIDE_ADDRESS}:{site_port}, "
        f"MAP * {OUTSIDE_ADDRESS}:{world.port}, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE {ALLOWED_ADDRESS}"
    )


@pytest.fixture(scope="module")
def world() -> Iterator[OutsideWorld]:
    with OutsideWorld() as outside:
        yield outside


def render(world: OutsideWorld) -> str:
    return PAGE.format(port=world.port, outside=OUTSIDE_ADDRESS)


@pytest.fixture(scope="module")
def sites(world: OutsideWorld) -> Iterator[dict[str, PageSite]]:
    """The page on loopback, on the allowed name's stand-in (127.0.0.2, another port), on 127.0.0.4."""
    with (
        PageSite("127.0.0.1", lambda: render(world)) as local,
        PageSite(OUTSIDE_ADDRESS, lambda: render(world)) as named,
        PageSite(ALLOWED_ADDRESS, lambda: render(world)) as addressed,
    ):
        yield {"local": local, "named": named, "addressed": addressed}


@pytest.fixture(scope="module")
def sealed_browser(
    tagprobe_playwright: Playwright, world: OutsideWorld, sites: dict[str, PageSite]
) -> Iterator[Browser]:
    """Launched as the engine launches it: its own egress guard, then tagprobe's sealing arguments."""
    with EgressGuard(CaptureClock()) as browser_guard:
        user_args = (mapping_rules(world, sites["named"].port),)
        args = (
            *user_args,
            f"--proxy-server=http://127.0.0.1:{browser_guard.port}",
            *sealing_args((), user_args),
        )
        assert WEBRTC_POLICY_ARG in args
        settings = BrowserSettings(choose_browser(tagprobe_playwright), extra_args=args)
        browser = open_browser(tagprobe_playwright, settings)
        yield browser
        browser.close()


CASES = {
    "no --allow-host": ("local", ()),
    "--allow-host shop.example.test": ("named", (ALLOWED_NAME,)),
    "--allow-host SHOP.Example.TEST": ("named", ("SHOP.Example.TEST",)),
    "--allow-host 127.0.0.4": ("addressed", (ALLOWED_ADDRESS,)),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_nothing_reaches_the_outside_world_under_each_accepted_option(
    case: str,
    sealed_browser: Browser,
    world: OutsideWorld,
    sites: dict[str, PageSite],
    builds: PinnedBuilds,
    tmp_path: Path,
    tagprobe_playwright: Playwright,
) -> None:
    site_key, allowed = CASES[case]
    site = sites[site_key]
    base_url = {
        "local": f"http://127.0.0.1:{site.port}",
        "named": f"http://{ALLOWED_NAME}",
        "addressed": f"http://{ALLOWED_ADDRESS}:{site.port}",
    }[site_key]
    path = tmp_path / "leaky.scenario.yaml"
    path.write_text(textwrap.dedent(SCENARIO), encoding="utf-8")
    scenario = load_file(path)[0].scenario
    assert scenario is not None
    settings = RunSettings(
        base_url=base_url,
        output_dir=tmp_path / "reports",
        builds=builds,
        allowed_hosts=allowed,
        devices=tagprobe_playwright.devices,
        step_timeout_ms=20000,
    )
    served_before, reached_before = site.requests, world.reached()
    outcome = ScenarioPipeline(sealed_browser, settings).run(scenario, "leaky")
    record = outcome.record

    assert record.problem is None, record.problem
    assert record.failed_step is None, "a connection the page watch missed was tried, and held by the policy"
    assert site.requests > served_before, (
        "the allowed site (or the loopback one) was reached: the page loaded"
    )
    assert world.reached() == reached_before, f"reached the outside: {world.first_bytes}"
    assert record.capture.uploads, "the recording was captured on this machine"
    attempts = {(attempt.method, attempt.target) for attempt in record.capture.egress_attempts}
    outside = f"{OUTSIDE_ADDRESS}:{world.port}"
    assert {
        (WEBRTC, f"stun:{outside}"),
        (WEBRTC, f"turn:{outside}?transport=udp"),
        (WEBRTC, f"turn:turn.example.test:{world.port}?transport=tcp"),
    } <= attempts, "the watched connection's ICE servers are recorded as refused"
    turn_over_tcp = ("CONNECT", f"turn.example.test:{world.port}")
    assert turn_over_tcp in attempts, "the unwatched connection's TURN over TCP met the guard"
    assert ("CONNECT", "k.clarity.ms:443") in attempts
    assert all(attempt.answered_status == 403 for attempt in record.capture.egress_attempts)


CONTROL = """async ([outside, port]) => {
  const pc = new RTCPeerConnection({iceServers: [{urls: `stun:${outside}:${port}`}]});
  pc.createDataChannel("leak");
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise((done) => {
    pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && done());
    setTimeout(done, 4000);
  });
}"""


def test_the_udp_listener_catches_webrtc_when_the_launch_policy_is_missing(
    tagprobe_playwright: Playwright, world: OutsideWorld, sites: dict[str, PageSite]
) -> None:
    """The control: without tagprobe's WebRTC policy (and without its page watch), the same STUN request
    arrives at the listener. mDNS host names are switched off so that nothing is multicast."""
    with EgressGuard(CaptureClock()) as guard:
        args = (
            mapping_rules(world, sites["named"].port),
            f"--proxy-server=http://127.0.0.1:{guard.port}",
            "--disable-features=WebRtcHideLocalIpsWithMdns",
        )
        browser = open_browser(
            tagprobe_playwright, BrowserSettings(choose_browser(tagprobe_playwright), extra_args=args)
        )
        try:
            page = browser.new_context(proxy=guard.proxy_settings()).new_page()
            page.goto(f"http://127.0.0.1:{sites['local'].port}/")
            _, packets_before = world.reached()
            page.evaluate(CONTROL, [OUTSIDE_ADDRESS, world.port])
        finally:
            browser.close()
    assert world.reached()[1] > packets_before, "an unsealed browser sends STUN packets to the listener"
