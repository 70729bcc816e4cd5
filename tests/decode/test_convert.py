"""clarity-decode's entries become typed events; unknown or odd shapes are kept, never raised."""

from __future__ import annotations

from tagprobe.decode.convert import convert_upload
from tagprobe.decode.events import Click, Custom, OtherEvent, Variables, event_name


def test_variables_are_flattened_whether_wrapped_once_or_twice() -> None:
    (event,) = convert_upload(
        {"variable": [{"time": 5, "event": 34, "data": {"plan": [["gold"]], "t": ["x"]}}]}
    )
    assert isinstance(event, Variables)
    assert dict(event.values) == {"plan": ("gold",), "t": ("x",)}


def test_single_argument_custom_events_have_no_value() -> None:
    (event,) = convert_upload({"custom": [{"time": 1, "event": 24, "data": {"key": "add_to_cart"}}]})
    assert event == Custom(1, 24, "add_to_cart", None)


def test_unknown_groups_and_broken_entries_stay_as_other_events() -> None:
    events = convert_upload(
        {
            "envelope": {"sequence": 1},
            "summary": [{"time": 3, "event": 36, "data": {"6": [[1, 0]]}}],
            "click": [{"time": 2, "event": 9, "data": None}],
        }
    )
    assert [type(event) for event in events] == [OtherEvent, OtherEvent]
    assert [event.time for event in events] == [2, 3]


def test_clicks_keep_the_element_description() -> None:
    data = {
        "target": 8,
        "x": 1,
        "y": 2,
        "reaction": 0,
        "context": 1,
        "text": "Buy",
        "tag": "BUTTON",
        "id": "buy",
        "class": "button",
        "hash": "h",
        "trust": 1,
        "w": 3,
        "h": 4,
        "link": None,
    }
    (event,) = convert_upload({"click": [{"time": 9, "event": 9, "data": data}]})
    assert isinstance(event, Click)
    assert (event.tag, event.element_id, event.class_name, event.context, event.trusted) == (
        "button",
        "buy",
        "button",
        1,
        True,
    )


def test_event_names() -> None:
    assert event_name(9) == "Click"
    assert event_name(999) == "Event999"
