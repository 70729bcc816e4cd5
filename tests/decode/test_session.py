"""Real uploads (recorded from clarity-js 0.8.70) decode into typed pages and events."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tagprobe.assets import PinnedBuilds
from tagprobe.capture.records import Transport
from tagprobe.capture.uploads_file import read_uploads
from tagprobe.decode.events import Click, Consent, Custom, DomChange, Variables
from tagprobe.decode.session import RecordedSession, decode_session

FIXTURES = Path(__file__).parents[1] / "fixtures" / "uploads"


def load(name: str, builds: PinnedBuilds) -> RecordedSession:
    return decode_session([line.payload for line in read_uploads(FIXTURES / name)], builds)


@pytest.fixture(scope="module")
def browsing(builds: PinnedBuilds) -> RecordedSession:
    return load("browsing.jsonl", builds)


def test_each_recorded_url_is_a_page_in_order(browsing: RecordedSession) -> None:
    paths = ["/" + page.url.split("/", 3)[3] for page in browsing.pages]
    assert paths == ["/", "/product/1", "/cart", "/checkout", "/cart"]
    assert [page.page_num for page in browsing.pages] == [1, 2, 3, 4, 5]
    assert len({page.session_id for page in browsing.pages}) == 1


def test_every_page_ended_with_a_beacon(browsing: RecordedSession) -> None:
    for page in browsing.pages:
        last = page.uploads[-1].envelope
        assert (last.end, last.transport) == (True, Transport.BEACON)


def test_a_click_names_its_element(browsing: RecordedSession) -> None:
    clicks = [event for _, event in browsing.of_type(Click)]
    accept = next(click for click in clicks if click.element_id == "consent-accept")
    assert (accept.tag, accept.text, accept.trusted) == ("button", "Accept", True)
    assert accept.reaction == 0
    link = next(click for click in clicks if click.tag == "a")
    assert link.link is not None
    assert link.reaction == 1


def test_custom_events_and_tags_are_typed(browsing: RecordedSession) -> None:
    assert "add_to_cart" in {event.key for _, event in browsing.of_type(Custom)}
    values = {key: value for _, event in browsing.of_type(Variables) for key, value in event.values.items()}
    assert values["last_product"] == ("trail-runner-sneakers",)


def test_consent_events_carry_the_grant(browsing: RecordedSession) -> None:
    states = [event.analytics_granted for _, event in browsing.of_type(Consent)]
    assert True in states


def test_the_first_upload_of_a_page_holds_the_dom_snapshot(browsing: RecordedSession) -> None:
    discover = [event for event in browsing.pages[0].of_type(DomChange) if event.is_discover]
    assert discover
    assert any(node.attributes.get("id") == "consent-banner" for node in discover[0].nodes)


def test_an_undecodable_payload_is_reported_not_raised(builds: PinnedBuilds) -> None:
    good = next(read_uploads(FIXTURES / "browsing.jsonl")).payload
    broken = json.dumps({"e": "not an envelope", "a": 5})
    session = decode_session([good, broken], builds)
    assert [failure.index for failure in session.failures] == [1]
    assert len(session.pages) == 1
