"""Each `usage` rule, measured on the real clarity-js 0.8.70: the call really is dropped, misread or
deprecated by the tag, and the `usage` check names it with the page's file:line."""

from __future__ import annotations

import hashlib
import re

import pytest
from playwright.sync_api import Browser, Playwright

from tagprobe.assets import PinnedBuilds
from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.checks.verdict import CheckStatus, Verdict
from tagprobe.decode.events import Consent, Custom, Variables
from tagprobe.engine import ScenarioPipeline
from tagprobe.run.runner import RunSettings
from tagprobe.scenario.load import load_file
from tests.conftest import RunYaml, write_scenario
from tests.static_pages import OFFICIAL_SNIPPET, StaticPages, html_page

pytestmark = pytest.mark.e2e

LONG = "x" * 255
QUEUED_CALLS = """window.clarity("tag", "queued_unknown");
window.clarity("set", "after_unknown", "yes");"""
"""In the snippet's own script, so they are queued whatever the order in which the tag and a page script load."""
HEAD = f"<script>{OFFICIAL_SNIPPET}\n{QUEUED_CALLS}</script>"
INLINE_SCRIPT = re.compile(r":\d+/:\d+:\d+")
"""A call site in the page's own document (http://127.0.0.1:PORT/:LINE:COLUMN)."""
MISUSE_JS = f"""document.getElementById("misuse").addEventListener("click", () => {{
  window.clarity("set", "cart_items", 3);
  window.clarity("set", "{LONG}", "long_key");
  window.clarity("set", "long_value", "{LONG}");
  window.clarity("set", "sizes", ["m", 4]);
  window.clarity("event", "{LONG}");
  window.clarity("set", "mask", ".account");
  window.clarity("consentv2", {{analytics_storage: "granted", ad_storage: "granted"}});
  window.clarity("consentv2", {{ad_Storage: true, analytics_Storage: "yes"}});
  window.clarity("event", "misuse_done");
  window.clarity("setTag", "live_unknown");
}});
document.getElementById("v1").addEventListener("click", () => {{
  window.clarity("consent");
}});
"""
PAGES = {
    "/": html_page(
        '<p class="account">Jane Private Account</p><button id="misuse">Misuse</button>'
        '<button id="v1">Consent v1</button><script src="/misuse.js"></script>',
        head=HEAD,
    ),
    "/misuse.js": MISUSE_JS,
}
MISUSE = """
name: misuse
url: /
tag: {mode: site, config: {delay: 100, track: false}}
steps:
  - wait_for: {uploads: 1}
  - click: "#misuse"
  - click: "#v1"
expect:
  usage: {strict: true}
"""


@pytest.fixture(scope="module")
def misuse(
    real_browser: Browser,
    builds: PinnedBuilds,
    tagprobe_playwright: Playwright,
    tmp_path_factory: pytest.TempPathFactory,
) -> ScenarioOutcome:
    """One run shared by the rule tests below: each asserts on its own part of it."""
    directory = tmp_path_factory.mktemp("misuse")
    scenario = load_file(write_scenario(directory, MISUSE))[0].scenario
    assert scenario is not None
    with StaticPages(PAGES) as site:
        settings = RunSettings(site.url, directory / "reports", builds, devices=tagprobe_playwright.devices)
        return ScenarioPipeline(real_browser, settings).run(scenario, "misuse")


def usage(outcome: ScenarioOutcome) -> Verdict:
    return next(verdict for verdict in outcome.verdicts if verdict.check == "usage")


def findings_about(outcome: ScenarioOutcome, text: str) -> list[str]:
    return [evidence.summary for evidence in usage(outcome).evidence if text in evidence.summary]


def variables(outcome: ScenarioOutcome) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for _, event in outcome.session.of_type(Variables):
        for key, values in event.values.items():
            found.setdefault(key, set()).update(values)
    return found


def cookies_after_step(outcome: ScenarioOutcome, step: int) -> frozenset[str]:
    """Cookies right after step `step` (0 is opening the scenario's url)."""
    return next(snap.names() for snap in outcome.record.capture.cookie_snapshots if snap.step_index == step)


def test_the_misuse_fails_usage_when_strict(misuse: ScenarioOutcome) -> None:
    verdict = usage(misuse)
    assert verdict.status is CheckStatus.FAILED
    locations = [evidence.location or "" for evidence in verdict.evidence]
    assert all("/misuse.js:" in location or INLINE_SCRIPT.search(location) for location in locations), (
        locations
    )


def test_set_with_a_number_is_dropped(misuse: ScenarioOutcome) -> None:
    assert not variables(misuse)["cart_items"], "the key arrives, its value does not"
    assert "misuse_done" in {event.key for _, event in misuse.session.of_type(Custom)}, "the handler ran"
    (finding,) = findings_about(misuse, '"cart_items", 3)')
    assert "/misuse.js:2:" in finding
    assert "a number" in finding


def test_set_with_a_key_or_value_of_255_characters_is_dropped(misuse: ScenarioOutcome) -> None:
    found = variables(misuse)
    assert not found["long_value"]
    assert LONG not in found
    assert len(findings_about(misuse, "255 characters: the tag drops keys")) == 1
    assert len(findings_about(misuse, "255 characters: the tag drops values")) == 1


def test_a_list_keeps_only_its_strings(misuse: ScenarioOutcome) -> None:
    assert variables(misuse)["sizes"] == {"m"}
    assert len(findings_about(misuse, "1 of the 2 values are not strings")) == 1


def test_an_event_name_of_255_characters_is_dropped(misuse: ScenarioOutcome) -> None:
    assert LONG not in {event.key for _, event in misuse.session.of_type(Custom)}
    assert len(findings_about(misuse, "the event name has 255 characters")) == 1


def test_set_mask_only_sets_a_custom_tag(misuse: ScenarioOutcome) -> None:
    assert variables(misuse)["mask"] == {".account"}
    assert any("Jane Private Account" in upload.payload for upload in misuse.record.capture.uploads)
    (finding,) = findings_about(misuse, "'mask' is not a setting")
    assert "data-clarity-mask" in finding
    assert "/misuse.js:7:" in finding


def test_consentv2_with_other_spellings_or_values_is_not_read(misuse: ScenarioOutcome) -> None:
    assert not cookies_after_step(misuse, 2) & {"_clck", "_clsk"}
    grants = [event for _, event in misuse.session.of_type(Consent) if event.analytics_granted]
    assert [event.source for event in grants] == [4], "only consent v1 (source 4) granted"
    assert len(findings_about(misuse, "is not read by the tag")) == 2
    assert any(
        "spell it 'analytics_Storage'" in finding for finding in findings_about(misuse, "analytics_storage")
    )
    assert len(findings_about(misuse, "ad_Storage is a boolean")) == 1
    assert len(findings_about(misuse, "analytics_Storage is 'yes'")) == 1


def test_consent_v1_still_works_but_is_flagged_for_deprecation(misuse: ScenarioOutcome) -> None:
    assert {"_clck", "_clsk"} <= cookies_after_step(misuse, 3)
    (finding,) = findings_about(misuse, "planned for deprecation")
    assert "consentv2" in finding
    assert "/misuse.js:14:" in finding


def test_an_unknown_method_throws_live_and_loses_the_rest_of_the_queue(misuse: ScenarioOutcome) -> None:
    errors = [error.message for error in misuse.record.capture.page_errors]
    assert len(errors) == 2, (
        errors
    )  # the minified tag: "Cannot read properties of undefined (reading 'apply')"
    assert "after_unknown" not in variables(misuse)
    assert len(findings_about(misuse, "'setTag' is not a method of the tag: the call throws")) == 1
    (queued,) = findings_about(misuse, "'tag' is not a method of the tag: queued")
    assert INLINE_SCRIPT.search(queued), queued


IDENTIFY_JS = """document.getElementById("lost").addEventListener("click", () => {
  window.clarity("identify", "customer-lost");
  history.pushState({}, "", "/next");
});
document.getElementById("kept").addEventListener("click", async () => {
  await window.clarity("identify", "customer-kept");
  history.pushState({}, "", "/after");
});
"""
IDENTIFY_PAGES = {
    "/": html_page(
        '<button id="lost">Lost</button><button id="kept">Kept</button><script src="/identify.js"></script>',
        head=f"<script>{OFFICIAL_SNIPPET}</script>",
    ),
    "/identify.js": IDENTIFY_JS,
}


def test_identify_cut_off_by_a_navigation_never_reaches_an_upload(run_yaml: RunYaml) -> None:
    with StaticPages(IDENTIFY_PAGES) as site:
        outcome = run_yaml(
            """
            name: identify
            url: /
            tag: {mode: site, config: {delay: 100}}
            steps:
              - wait_for: {uploads: 1}
              - click: "#lost"
              - wait_for: {url: /next}
              - click: "#kept"
              - wait_for: {url: /after}
            expect:
              tags: {identify: customer-lost}
            """,
            base_url=site.url,
        )
    sent = variables(outcome).get("userId", set())
    assert hashlib.sha256(b"customer-lost").hexdigest() not in sent
    assert hashlib.sha256(b"customer-kept").hexdigest() in sent
    (finding,) = findings_about(outcome, "never reached an upload")
    assert '"customer-lost"' in finding
    assert "/identify.js:2:" in finding
    assert usage(outcome).status is CheckStatus.PASSED, "a warning unless strict"
    lost = next(verdict for verdict in outcome.verdicts if verdict.check == "tags")
    assert lost.status is CheckStatus.FAILED
    assert "the page called clarity('identify', 'customer-lost') at " in lost.message
    assert "/identify.js:2:" in lost.message
    assert lost.message.endswith("on the running tag, and no upload carries it"), lost.message
