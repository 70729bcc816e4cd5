"""Behaviours of the real tag (clarity-js 0.8.70) that tagprobe's waits and checks rely on, measured and pinned
here so that upgrading the pinned build shows which of them changed."""

from __future__ import annotations

import pytest

from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.checks.verdict import CheckStatus
from tests.conftest import RunYaml

pytestmark = pytest.mark.e2e


def scenario(*steps: str, expect: str = "") -> str:
    listed = "\n".join(f"  - {step}" for step in steps)
    return f"name: fact\nurl: /\ntag: {{config: {{delay: 100}}}}\nsteps:\n{listed}\n{expect}"


def page_urls(outcome: ScenarioOutcome) -> list[str]:
    return [page.url.split("/", 3)[-1] for page in outcome.session.pages]


def tags_status(outcome: ScenarioOutcome) -> CheckStatus:
    return next(verdict.status for verdict in outcome.verdicts if verdict.check == "tags")


def test_a_hash_change_is_not_a_new_page(run_yaml: RunYaml) -> None:
    outcome = run_yaml(
        scenario("wait_for: {uploads: 1}", 'navigate: {push: "#reviews"}', "click: '#nav-home'")
    )
    assert page_urls(outcome) == [""]


def test_an_empty_hash_is_a_new_page(run_yaml: RunYaml) -> None:
    """The tag strips `location.hash` from the URL it compares, and the hash of `/#` is empty: "/#" != "/".
    So a click on `href="#"` starts a new page, and so does leaving it; the run waits for both (it used to
    treat them as hash changes, and the next step fell into the tag's 250 ms restart gap)."""
    outcome = run_yaml(scenario("wait_for: {uploads: 1}", 'navigate: {push: "#"}', "click: '#nav-home'"))
    assert page_urls(outcome) == ["", "#", ""]


IDENTIFY = "expect:\n  tags:\n    identify: customer-42\n"


def identify_then(navigation: str, run_yaml: RunYaml, slug: str) -> ScenarioOutcome:
    return run_yaml(
        scenario(
            "wait_for: {uploads: 1}",
            f"evaluate: \"window.clarity('identify', 'customer-42'); {navigation}\"",
            "wait_for: {url: /cart}",
            "click: '#nav-home'",
            expect=IDENTIFY,
        ),
        slug=slug,
    )


def test_identify_is_lost_when_a_route_change_follows_in_the_same_tick(run_yaml: RunYaml) -> None:
    """identify hashes the id asynchronously; pushState stops the page synchronously, before the hash is done.
    tagprobe's `tags` check is what catches a site doing this (the demo shop waits for the promise)."""
    outcome = identify_then("history.pushState({}, '', '/cart')", run_yaml, "same-tick-push")
    assert tags_status(outcome) is CheckStatus.FAILED
