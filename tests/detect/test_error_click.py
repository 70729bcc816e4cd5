"""error_click and js_error on synthetic pages."""

from __future__ import annotations

from tagprobe.detect.signal import SignalType

from .synthetic import OTHER_BUTTON, click, detect, of_type, page, script_error, session

ERROR_CLICK = SignalType.ERROR_CLICK
JS_ERROR = SignalType.JS_ERROR


def test_an_error_right_after_a_click_is_an_error_click() -> None:
    [signal] = of_type(
        detect(page([click(1000), script_error(1003, "Coupon service unavailable")])), ERROR_CLICK
    )
    assert (signal.time_ms, signal.count) == (1000, 1)
    assert signal.element is not None
    assert signal.element.id == "go"
    assert signal.reason == "Coupon service unavailable, 3 ms after the click (within 1000 ms)"


def test_the_window_includes_its_last_millisecond_and_is_configurable() -> None:
    assert len(of_type(detect(page([click(1000), script_error(2000)])), ERROR_CLICK)) == 1
    assert of_type(detect(page([click(1000), script_error(2001)])), ERROR_CLICK) == []
    assert (
        len(of_type(detect(page([click(1000), script_error(2500)]), error_click_window_ms=2000), ERROR_CLICK))
        == 1
    )


def test_an_error_belongs_to_the_latest_click_before_it() -> None:
    events = [click(1000), click(1300, 400, 100, target=OTHER_BUTTON), script_error(1310)]
    [signal] = of_type(detect(page(events)), ERROR_CLICK)
    assert signal.element is not None
    assert signal.element.id == "other"


def test_an_error_before_any_click_is_only_a_js_error() -> None:
    signals = detect(page([script_error(50, "Widget failed to load"), click(1000)]))
    assert of_type(signals, ERROR_CLICK) == []
    assert [signal.reason for signal in of_type(signals, JS_ERROR)] == [
        "Widget failed to load at https://shop.test/app.js:12:7, once, at 0.1 s"
    ]


def test_repeated_clicks_that_each_throw_are_one_error_click_counting_the_errors() -> None:
    events = [
        click(1000),
        script_error(1001),
        click(1200),
        script_error(1201),
        click(1400),
        script_error(1401),
    ]
    [signal] = of_type(detect(page(events)), ERROR_CLICK)
    assert signal.count == 3
    assert signal.reason == "Boom (and 2 more), 1 ms after the click (within 1000 ms)"


def test_js_errors_are_one_signal_per_message_and_page_counting_occurrences() -> None:
    first = page([script_error(100, "A"), script_error(900, "A"), script_error(950, "B")])
    second = page([script_error(100, "A")], number=2, url="https://shop.test/cart")
    signals = of_type(detect(session(first, second)), JS_ERROR)
    assert [(s.page_number, s.time_ms, s.count, s.duration_ms) for s in signals] == [
        (1, 100, 2, 800),
        (1, 950, 1, 0),
        (2, 100, 1, 0),
    ]
    assert all(signal.element is None for signal in signals)
