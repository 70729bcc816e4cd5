"""Behaviours of the real tag (clarity-js 0.8.70) that tagprobe's waits and checks rely on, measured and pinned
here so that upgrading the pinned build shows which of them changed."""

from __future__ import annotations

import pytest

from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.checks.verdict import CheckStatus
from tagprobe.decode.events import Click, DomChange, OtherEvent, Unload, Variables
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


PLAN = "expect:\n  tags:\n    tags: {plan: gold}\n"


def pages_with_the_plan(navigation: str, run_yaml: RunYaml, slug: str) -> list[str]:
    outcome = run_yaml(
        scenario(
            "wait_for: {uploads: 1}",
            f'evaluate: "{navigation}"',
            "wait_for: {url: /cart}",
            "click: '#nav-home'",
            expect=PLAN,
        ),
        slug=slug,
    )
    assert tags_status(outcome) is CheckStatus.PASSED
    return [
        page_urls(outcome)[index]
        for index, page in enumerate(outcome.session.pages)
        if any(variables.values.get("plan") == ("gold",) for variables in page.of_type(Variables))
    ]


def test_a_tag_set_on_the_running_tag_is_sent_even_when_a_route_change_follows_in_the_same_tick(
    run_yaml: RunYaml,
) -> None:
    """`set` logs synchronously, and the stop a pushState causes encodes the variables into the page's last
    upload: a tag set on the running tag is not lost to the route change (what rules out a race in #13's login
    evidence, tests/tag/test_login_evidence_e2e.py)."""
    navigation = "window.clarity('set', 'plan', 'gold'); history.pushState({}, '', '/cart')"
    assert pages_with_the_plan(navigation, run_yaml, "set-then-push") == [""]


def test_a_tag_set_while_the_tag_restarts_is_sent_with_the_next_page(run_yaml: RunYaml) -> None:
    """While the tag restarts, window.clarity is a queue again (queue.setup on stop); the restart replays it."""
    navigation = "history.pushState({}, '', '/cart'); window.clarity('set', 'plan', 'gold')"
    assert pages_with_the_plan(navigation, run_yaml, "push-then-set") == ["cart"]


def test_the_empty_hash_restart_keeps_the_document_no_unload_and_the_same_navigation_timing(
    run_yaml: RunYaml,
) -> None:
    """What the detector reads a move to `/#` by (detect/timeline.py `continuation`): the page the tag ends
    has no Unload event, and the page it starts in the same document re-sends the same navigation timing."""
    outcome = run_yaml(scenario("wait_for: {uploads: 1}", 'navigate: {push: "#"}', "click: '#nav-home'"))
    first, restarted = outcome.session.pages[:2]
    assert not [event for event in first.events if isinstance(event, Unload)]
    timings = [
        [event.data for event in page.events if isinstance(event, OtherEvent) and event.type == 29]
        for page in (first, restarted)
    ]
    assert timings[0]
    assert timings[0][:1] == timings[1][:1]


def test_a_submit_event_names_the_form_and_a_click_into_a_field_sends_no_focus_event(
    run_yaml: RunYaml,
) -> None:
    """What form abandonment is built on: Submit (39) carries the form's node id; focus has no event of its own."""
    outcome = run_yaml(
        "name: fact\nurl: /login\ntag: {config: {delay: 100}}\nsteps:\n"
        "  - click: '#username'\n  - fill: {selector: '#username', value: ada}\n"
        "  - fill: {selector: '#login-password', value: secret-words}\n  - click: '#login-submit'\n"
    )
    login = outcome.session.pages[0]
    forms = [
        node.id
        for event in login.events
        if isinstance(event, DomChange)
        for node in event.nodes
        if node.attributes.get("id") == "login-form"
    ]
    submits = [event.data for event in login.events if isinstance(event, OtherEvent) and event.type == 39]
    assert submits == [{"target": forms[0]}]
    assert not [event for event in login.events if isinstance(event, OtherEvent) and event.type == 50]


def test_a_click_while_the_tag_restarts_after_a_move_to_an_empty_hash_is_not_recorded(
    run_yaml: RunYaml,
) -> None:
    """The tag stops its page on the move to "/#" and starts the next one `restart` ms later: a click in that
    gap leaves no trace, so a burst on an `href="#"` link shows fewer clicks than were made (corpus hash-rage)."""
    outcome = run_yaml(
        scenario(
            "wait_for: {uploads: 1}",
            "evaluate: \"document.getElementById('promo-banner').click()\"",
            "wait_for: {uploads: 2}",
            "evaluate: \"history.pushState({}, '', '#'); document.getElementById('promo-banner').click()\"",
            "wait_for: {uploads: 4}",
            "click: '#promo-banner'",
        )
    )
    clicks = [event for page in outcome.session.pages for event in page.events if isinstance(event, Click)]
    assert [click.trusted for click in clicks] == [False, True], "the click in the gap was recorded"
