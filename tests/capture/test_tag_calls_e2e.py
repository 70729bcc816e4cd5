"""Every call a page makes to the tag API is recorded: queued on the stub and live, with the site's file:line."""

from __future__ import annotations

import json

import pytest

from tagprobe.capture.records import TagCall
from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.checks.verdict import CheckStatus
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


IN_WINDOW = 'console.log("clarity in window: " + ("clarity" in window) + " " + Object.keys(window).includes("clarity"));'

INJECTED_SNIPPET = f"""(() => {{
  {IN_WINDOW}
  // As a tag manager does: a new <script> element with the snippet's text runs as it is inserted.
  const script = document.createElement("script");
  script.text = {json.dumps(OFFICIAL_SNIPPET)};
  document.head.appendChild(script);
  window.clarity("set", "injected", "yes");
  {IN_WINDOW}
}})();"""


def in_window_lines(outcome: ScenarioOutcome) -> list[str]:
    return [line.text for line in outcome.record.capture.console if line.text.startswith("clarity in window")]


def test_a_snippet_a_script_injects_is_recorded_from_then_on(run_yaml: RunYaml) -> None:
    pages = {
        "/": html_page(
            '<button id="go">Go</button><script src="/inject.js"></script><script src="/app.js"></script>'
        ),
        "/inject.js": INJECTED_SNIPPET,
        "/app.js": APP_JS,
    }
    with StaticPages(pages) as site:
        outcome = run_yaml(SCENARIO, base_url=site.url)
    assert in_window_lines(outcome) == ["clarity in window: false false", "clarity in window: true true"]
    calls = outcome.record.capture.tag_calls
    sets = [call for call in calls if call.method == "set"]
    assert [call.arguments for call in sets] == [("injected", "yes"), ("plan", "gold"), ("from_step", "***")]
    injected, plan, _ = sets
    assert injected.queued
    assert injected.site is None, "queued before the recorder saw the snippet: no stack to tell where"
    assert str(plan.site) == f"{site.url}/app.js:2:10"
    assert "start" not in by_method(calls), "the loader's own start call is not the site's"


GUARDED_PAGE = html_page(
    '<button id="go">Go</button>'
    '<script>window.consentSettings = {held: ["https://www.clarity.ms/tag/"]};</script>'
    f"<script>{IN_WINDOW}"
    'document.getElementById("go").addEventListener("click", () => {'
    '  if ("clarity" in window) window.clarity("set", "plan", "gold");'
    "});</script>"
)
"""A site with no snippet (its tag manager was blocked) that guards its calls with `in`; its consent manager's
settings name Clarity's loader, which is not a snippet."""


def test_a_page_without_a_snippet_sees_no_clarity_so_a_guard_with_in_holds(run_yaml: RunYaml) -> None:
    """Under tagprobe the page must see what it sees without it: no `clarity` until a snippet defines it."""
    scenario = """
name: guarded, no snippet
url: /
tag: {mode: blocked}
steps:
  - click: "#go"
expect:
  errors: {}
"""
    with StaticPages({"/": GUARDED_PAGE}) as site:
        outcome = run_yaml(scenario, base_url=site.url)
    assert in_window_lines(outcome) == ["clarity in window: false false"]
    assert outcome.record.capture.page_errors == ()
    errors = next(verdict for verdict in outcome.verdicts if verdict.check == "errors")
    assert errors.status is CheckStatus.PASSED, errors.message
