"""The engine end to end: the real tag in real Chromium against the demo shop, every upload captured locally."""

from __future__ import annotations

import pytest

from tagprobe.capture.records import Transport
from tagprobe.decode.events import Click
from tagprobe.run.results import StepStatus
from tests.conftest import RunYaml

pytestmark = pytest.mark.e2e

JOURNEY = """
name: journey
url: /
tag: {config: {delay: 100}}
steps:
  - click: "#consent-accept"
  - click: "a[href='/product/1']"
  - click: "#add-to-cart"
"""


def test_uploads_are_captured_including_the_unload_beacon(run_yaml: RunYaml) -> None:
    outcome = run_yaml(JOURNEY)
    capture = outcome.record.capture
    assert capture.settled
    assert {upload.transport for upload in capture.uploads} == {Transport.XHR, Transport.BEACON}
    # Sent as text (run/compressing.py: a compression a stop interrupts is lost), and read whole.
    assert not any(upload.gzip or upload.problem for upload in capture.uploads)
    final = outcome.session.pages[-1].uploads[-1]
    assert (final.envelope.transport, final.envelope.end) == (Transport.BEACON, True)
    assert capture.uploads[final.index].received_ms > outcome.record.steps[-1].started_ms


def test_a_click_arrives_as_a_click_event_naming_its_element(run_yaml: RunYaml) -> None:
    outcome = run_yaml(JOURNEY)
    clicks = [click for _, click in outcome.session.of_type(Click)]
    add = [click for click in clicks if click.element_id == "add-to-cart"]
    assert len(add) == 1
    assert (add[0].tag, add[0].text, add[0].trusted) == ("button", "Add to cart", True)


def test_an_spa_route_change_is_a_new_recorded_page(run_yaml: RunYaml) -> None:
    outcome = run_yaml(JOURNEY)
    pages = outcome.session.pages
    assert [page.url.removeprefix(outcome.record.base_url) for page in pages] == ["/", "/product/1"]
    assert pages[1].page_num == pages[0].page_num + 1
    assert pages[1].session_id == pages[0].session_id


def test_no_request_left_for_a_non_local_host(run_yaml: RunYaml) -> None:
    outcome = run_yaml(JOURNEY)
    capture = outcome.record.capture
    assert capture.egress_attempts == ()
    assert {request.kind for request in capture.tag_requests} == {"loader", "script"}


def test_a_page_trying_to_reach_clarity_is_stopped_and_reported(run_yaml: RunYaml) -> None:
    outcome = run_yaml(
        """
        name: leaky
        url: /
        steps:
          - evaluate: "navigator.sendBeacon('https://x.clarity.ms/collect', 'payload')"
        """
    )
    assert [attempt.target for attempt in outcome.record.capture.egress_attempts] == ["x.clarity.ms:443"]


def test_a_failed_step_says_where_and_why_and_the_capture_is_kept(run_yaml: RunYaml) -> None:
    outcome = run_yaml(
        """
        name: missing
        url: /
        steps:
          - click: "#consent-accept"
          - click: "#no-such-button"
          - click: "#newsletter"
        """,
        step_timeout_ms=500,
    )
    statuses = [result.status for result in outcome.record.steps]
    assert statuses == [StepStatus.PASSED, StepStatus.PASSED, StepStatus.FAILED, StepStatus.SKIPPED]
    failed = outcome.record.steps[2]
    assert failed.error is not None
    assert "'#no-such-button'" in failed.error
    assert failed.step.location.line == 6
    assert outcome.record.capture.uploads
    assert (
        "inline.scenario.yaml:6: step click(selector='#no-such-button') failed" in outcome.failure_summary()
    )
