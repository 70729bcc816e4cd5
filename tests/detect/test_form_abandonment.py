"""form_abandonment on synthetic pages: touched fields, a submit, a navigation the form caused, a replaced form,
the thresholds and the ignore list."""

from __future__ import annotations

from tagprobe.decode.events import Change, DomChange, Input, OtherEvent, Unload
from tagprobe.detect.signal import SignalType

from .synthetic import BODY, EPOCH, LINK, click, detect, node, of_type, page, session

LINK_ELSEWHERE = LINK

FORM = SignalType.FORM_ABANDONMENT
SIGNUP, NAME, EMAIL, SEND = 50, 51, 52, 53
"""form#signup > input#name, input#email, button#send"""
OUTSIDE, NOTE, CONTACT_SEND, CONTACT_LINK = 60, 61, 62, 63
"""div#contact > textarea#note, button#contact-send, a#contact-help (fields without a <form>)"""


def form_dom() -> DomChange:
    return DomChange(
        1,
        6,
        (
            node(SIGNUP, BODY, "FORM", id="signup"),
            node(NAME, SIGNUP, "INPUT", id="name", type="text"),
            node(EMAIL, SIGNUP, "INPUT", id="email", type="email"),
            node(SEND, SIGNUP, "BUTTON", id="send", type="submit"),
            node(OUTSIDE, BODY, "DIV", id="contact"),
            node(NOTE, OUTSIDE, "TEXTAREA", id="note"),
            node(CONTACT_SEND, OUTSIDE, "BUTTON", id="contact-send", type="button"),
            node(CONTACT_LINK, OUTSIDE, "A", id="contact-help", href="/help"),
        ),
    )


def typed(time: int, target: int) -> Input:
    return Input(time, 27, target, "•••")


def submit(time: int, target: int = SIGNUP) -> OtherEvent:
    return OtherEvent(time, 39, "submit", {"target": target})


def left(events: list, *, ended_ms: int = 9000, followed: bool = True, **settings: object) -> list:
    leaving = page([form_dom(), *events, Unload(ended_ms, 26, "pagehide")], ended_ms=ended_ms)
    pages = [leaving]
    if followed:
        pages.append(
            page([], number=2, url="https://shop.test/next", started_epoch_ms=EPOCH + ended_ms + 300)
        )
    return of_type(detect(session(*pages), **settings), FORM)


def test_fields_typed_into_then_leaving_the_page_is_abandonment_naming_form_and_last_field() -> None:
    [signal] = left([typed(1000, NAME), typed(3000, EMAIL)])
    assert (signal.time_ms, signal.count, signal.duration_ms) == (1000, 2, 2000)
    assert signal.element is not None
    assert signal.element.describe() == "input#email"
    assert signal.reason == (
        "2 fields of form#signup touched over 2.0 s (last: input#email at 3.0 s), then the visitor left the "
        "page 6.0 s later without sending it"
    )


def test_a_click_into_a_field_counts_as_touching_it() -> None:
    [signal] = left([click(1000, target=EMAIL)])
    assert signal.count == 1


def test_a_change_counts_and_a_field_touched_twice_counts_once() -> None:
    [signal] = left([typed(1000, NAME), Change(2000, 42, NAME, "text", "•••"), typed(2500, NAME)])
    assert signal.count == 1


def test_the_session_ending_without_a_next_page_is_abandonment_too() -> None:
    [signal] = left([typed(1000, NAME)], followed=False)
    assert "then the page closed 8.0 s later" in signal.reason


def test_a_recording_that_stops_without_the_last_upload_still_ends_the_session() -> None:
    recorded = page([form_dom(), typed(1000, NAME)], observed_ms=5000)
    [signal] = of_type(detect(recorded), FORM)
    assert "then the recording stops 4.0 s later" in signal.reason


def test_a_submit_event_is_no_abandonment() -> None:
    assert left([typed(1000, NAME), submit(2000)]) == []


def test_a_submit_before_the_fields_were_touched_does_not_count() -> None:
    assert len(left([submit(500), typed(1000, NAME)])) == 1


def test_a_navigation_right_after_a_click_inside_the_form_was_caused_by_it() -> None:
    assert left([typed(1000, NOTE), click(2000, target=CONTACT_SEND)], ended_ms=2100) == []


def test_a_link_inside_the_form_takes_the_visitor_away_without_sending() -> None:
    assert len(left([typed(1000, NOTE), click(2000, target=CONTACT_LINK, link="/help")], ended_ms=2100)) == 1


def test_a_navigation_long_after_the_last_click_inside_the_form_was_not() -> None:
    assert len(left([typed(1000, NOTE), click(2000, target=CONTACT_SEND)], ended_ms=2000 + 2001)) == 1


def test_a_form_the_page_replaced_after_its_button_was_clicked_was_sent() -> None:
    removed = DomChange(2500, 6, (node(SIGNUP, None, "FORM"),))
    assert left([typed(1000, NAME), click(2400, target=SEND), removed]) == []


def test_a_form_removed_because_the_visitor_went_elsewhere_was_abandoned() -> None:
    removed = DomChange(2500, 6, (node(SIGNUP, None, "FORM"),))
    assert len(left([typed(1000, NAME), click(2400, target=LINK_ELSEWHERE, link="/next"), removed])) == 1


def test_fields_outside_a_form_are_grouped_by_their_nearest_container_with_an_id() -> None:
    [signal] = left([typed(1000, NOTE)])
    assert "1 field of div#contact" in signal.reason


def test_the_minimum_number_of_fields_is_configurable_and_inclusive() -> None:
    assert left([typed(1000, NAME)], form_abandonment_min_fields=2) == []
    assert len(left([typed(1000, NAME), typed(2000, EMAIL)], form_abandonment_min_fields=2)) == 1


def test_ignored_fields_and_forms_do_not_count() -> None:
    assert left([typed(1000, NAME)], form_abandonment_ignore=["#signup"]) == []
    assert left([typed(1000, NAME)], form_abandonment_ignore=["input#name"]) == []
    assert len(left([typed(1000, NAME), typed(2000, EMAIL)], form_abandonment_ignore=["input#name"])) == 1


def test_a_page_without_touched_fields_has_none() -> None:
    assert left([click(1000)]) == []
