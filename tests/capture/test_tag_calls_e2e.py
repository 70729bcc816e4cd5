"""Every call a page makes to the tag API is recorded: queued on the stub and live, with the site's file:line."""

from __future__ import annotations

import pytest

from tagprobe.capture.records import TagCall
from tests.conftest import RunYaml
from tests.static_pages import OFFICIAL_SNIPPET, StaticPages, html_page

pytestmark = pytest.mark.e2e

APP_JS = """document.getElementById("go").addEventListener("click", () => {
  window.clarity("set", "plan", "gold");
  window.clarity("event", "clicked");
});
"""
EARLY_CALL = 'window.clarity("set", "early", "yes");'
"""In the snippet's own script, so it is queued whatever the order in which the tag and a page script load."""

PAGES = {
    "/": html_page(
        '<button id="go">Go</button><script src="/app.js"></script>',
        head=f"<script>{OFFICIAL_SNIPPET}\n{EARLY_CALL}</script>",
    ),
    "/app.js": APP_JS,
}

SCENARIO = """
name: calls
url: /
tag: {mode: site, config: {delay: 100}}
steps:
  - wait_for: {uploads: 1}
  - click: "#go"
  - clarity: [set, from_step, "s3cret-value"]
expect:
  masking: {sensitive: ["s3cret-value"]}
"""


def by_method(calls: tuple[TagCall, ...]) -> dict[str, list[TagCall]]:
    grouped: dict[str, list[TagCall]] = {}
    for call in calls:
        grouped.setdefault(call.method, []).append(call)
    return grouped


def test_queued_and_live_calls_are_recorded_with_their_call_site(run_yaml: RunYaml) -> None:
    with StaticPages(PAGES) as site:
        outcome = run_yaml(SCENARIO, base_url=site.url)
    calls = outcome.record.capture.tag_calls
    sets = [call for call in calls if call.method == "set"]
    assert [call.arguments for call in sets] == [("early", "yes"), ("plan", "gold"), ("from_step", "***")]
    early, plan, from_step = sets
    assert early.queued
    assert not plan.queued
    assert early.site is not None
    assert early.site.script_url == f"{site.url}/"
    assert str(plan.site) == f"{site.url}/app.js:2:10"
    assert from_step.site is None
    assert early.page_url == f"{site.url}/"
    assert early.called_ms <= plan.called_ms <= from_step.called_ms
    assert [call.arguments for call in by_method(calls)["event"]] == [("clicked",)]
    assert "start" not in by_method(calls), "the loader's own start call is not the site's"
