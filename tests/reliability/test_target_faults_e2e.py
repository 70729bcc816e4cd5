"""The site under test is down, unreachable, never answers or never finishes: the scenario fails with a
sentence naming the cause and the fix, and the run goes on."""

from __future__ import annotations

import socket

import pytest

from tagprobe.checks.verdict import CheckStatus
from tagprobe.run.results import StepStatus
from tests.reliability.conftest import UNRESOLVABLE_HOST, Play, assert_capture_kept, report_entry
from tests.reliability.hostile_site import HostileSite

pytestmark = pytest.mark.e2e

OPEN_HOME = """
name: open the home page
url: /
steps:
  - click: "#go"
"""


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def first_step_error(outcome_steps: tuple[object, ...]) -> str:
    step = outcome_steps[0]
    error = getattr(step, "error", None)
    assert isinstance(error, str)
    return error


def test_a_site_that_is_down_names_the_refused_connection_and_what_to_do(play: Play) -> None:
    outcome = play(OPEN_HOME, f"http://127.0.0.1:{closed_port()}")
    steps = outcome.record.steps
    assert [step.status for step in steps] == [StepStatus.FAILED, StepStatus.SKIPPED]
    assert "connection was refused" in first_step_error(steps)
    assert "Start the site, or point --base-url at where it runs" in first_step_error(steps)
    assert outcome.status is CheckStatus.FAILED
    assert outcome.failure_summary().startswith("/")


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_non_local_site_is_refused_by_the_egress_guard_which_says_how_to_allow_it(
    play: Play, scheme: str
) -> None:
    outcome = play(OPEN_HOME, f"{scheme}://shop.example.test")
    error = first_step_error(outcome.record.steps)
    assert "shop.example.test is not a local host, so tagprobe's egress guard refused the request" in error
    assert "--allow-host shop.example.test" in error
    assert {attempt.answered_status for attempt in outcome.record.capture.egress_attempts} == {403}


def test_an_allowed_host_that_does_not_resolve_is_a_dns_failure(play: Play) -> None:
    outcome = play(OPEN_HOME, f"http://{UNRESOLVABLE_HOST}", allowed_hosts=(UNRESOLVABLE_HOST,))
    error = first_step_error(outcome.record.steps)
    assert "could not be resolved (DNS)" in error
    assert "ERR_NAME_NOT_RESOLVED" in error


def test_a_server_that_accepts_and_never_answers_times_out_with_a_clear_message(
    play: Play, hostile_site: HostileSite
) -> None:
    outcome = play(OPEN_HOME.replace("url: /", "url: /never-answers"), hostile_site.url, step_timeout_ms=400)
    error = first_step_error(outcome.record.steps)
    assert "/never-answers did not answer within 1200 ms" in error
    assert "the server accepted the connection but sent no response" in error
    assert "--step-timeout" in error
    assert outcome.record.duration_ms < 10_000


def test_a_page_whose_load_never_finishes_says_so_and_keeps_what_the_tag_sent(
    play: Play, hostile_site: HostileSite
) -> None:
    outcome = play(
        """
        name: never loads
        url: /never-loads
        tag: {config: {delay: 100}}
        steps:
          - click: "p"
        """,
        hostile_site.url,
        step_timeout_ms=700,
    )
    error = first_step_error(outcome.record.steps)
    assert "did not finish loading within 2100 ms: the page arrived but its load event never fired" in error
    assert_capture_kept(outcome)


def test_a_redirect_loop_is_named(play: Play, hostile_site: HostileSite) -> None:
    outcome = play(OPEN_HOME.replace("url: /", "url: /redirect-loop"), hostile_site.url)
    error = first_step_error(outcome.record.steps)
    assert "the page redirects in a loop" in error
    assert "ERR_TOO_MANY_REDIRECTS" in error
    assert report_entry(outcome)["status"] == "failed"


def test_a_stylesheet_whose_body_never_ends_holds_nothing_up(play: Play, hostile_site: HostileSite) -> None:
    """The run keeps the stylesheets pages load (capture/stylesheets.py); one that never finishes arriving is
    not waited for: the steps go on and the sheet is simply not kept."""
    outcome = play(
        """
        name: a stylesheet that never ends
        url: /late-stylesheet
        steps:
          - click: "#go"
          - wait_for: {selector: "#out:has-text('styled')"}
        """,
        hostile_site.url,
    )
    assert all(step.status is StepStatus.PASSED for step in outcome.record.steps), outcome.record.steps
    assert outcome.record.problem is None
    assert not [sheet for sheet in outcome.record.capture.stylesheets if "never-ending" in sheet.url]
    assert outcome.record.duration_ms < 30_000, "a hang guard, not a speed target"
