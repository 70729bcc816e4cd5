"""detect_signals: every detector over a session, in page then time order."""

from __future__ import annotations

from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.signal import SignalType
from tagprobe.detect.timeline import build_timeline

from .synthetic import burst, click, detect, page, script_error, session


def test_signals_come_in_page_then_time_order() -> None:
    first = page([*burst(3000, 3, 100), script_error(3050), click(500)])
    second = page([click(100)], number=2, url="https://shop.test/cart")
    signals = detect(session(first, second))
    assert [(s.page_number, s.time_ms, s.type) for s in signals] == [
        (1, 500, SignalType.DEAD_CLICK),
        (1, 3000, SignalType.RAGE_CLICK),
        (1, 3000, SignalType.DEAD_CLICK),
        (1, 3000, SignalType.ERROR_CLICK),
        (1, 3050, SignalType.JS_ERROR),
        (2, 100, SignalType.DEAD_CLICK),
    ]
    assert signals[-1].page_url == "https://shop.test/cart"


def test_an_empty_session_has_no_signals() -> None:
    assert detect(session()) == ()


def test_a_page_without_a_recorded_dom_still_gets_its_click_signals() -> None:
    signals = detect(page(burst(1000, 3, 100), with_dom=False))
    assert {signal.type for signal in signals} == {SignalType.RAGE_CLICK, SignalType.DEAD_CLICK}
    assert all(signal.element is not None and signal.element.ancestors == () for signal in signals)


def test_each_signal_describes_itself() -> None:
    [signal] = detect(page([click(1000)]))
    assert signal.describe().startswith("dead_click on button#go (page 1 https://shop.test/, at 1000 ms): ")


def test_an_empty_range_counts_nothing() -> None:
    timeline = build_timeline(page([click(100)]), DetectorConfig())
    assert timeline.count_between((100, 200, 300), 250, 150) == 0
    assert timeline.count_between((100, 200, 300), 100, 200) == 2
