"""excessive_scroll: direction reversals within a window, ignoring jitter and sideways scrolling."""

from __future__ import annotations

from tagprobe.detect.signal import SignalType

from .synthetic import CLOCK, detect, of_type, page, scroll

SCROLL = SignalType.EXCESSIVE_SCROLL


def thrash(start: int, legs: int, gap_ms: int, distance: int = 600, target: int = 1) -> list:
    return [scroll(start + index * gap_ms, distance * (index % 2), target) for index in range(legs)]


def scrolling_of(events: list, **settings: object) -> list:
    return of_type(detect(page(events), **settings), SCROLL)


def test_fast_up_and_down_scrolling_is_one_signal_counting_the_reversals() -> None:
    [signal] = scrolling_of(thrash(1000, 8, 200))
    assert (signal.time_ms, signal.count, signal.duration_ms) == (1400, 6, 1000)
    assert signal.reason == "6 up/down reversals in 1000 ms over 600 px (the threshold: 4 within 3000 ms)"


def test_three_reversals_are_not_enough_and_four_are() -> None:
    """The first leg only sets a direction: five positions make three reversals, six make four."""
    assert scrolling_of(thrash(0, 5, 200)) == []
    assert len(scrolling_of(thrash(0, 6, 200))) == 1


def test_reversals_spread_wider_than_the_window_are_reading_not_thrashing() -> None:
    assert scrolling_of(thrash(0, 6, 1001)) == []
    assert len(scrolling_of(thrash(0, 6, 1000))) == 1


def test_small_movements_back_are_jitter() -> None:
    assert scrolling_of(thrash(0, 10, 100, distance=49)) == []
    assert len(scrolling_of(thrash(0, 10, 100, distance=50))) == 1


def test_sideways_scrolling_does_not_count() -> None:
    sideways = [scroll(index * 200, 0, x=600 * (index % 2)) for index in range(10)]
    assert scrolling_of(sideways) == []


def test_each_scrolling_element_is_followed_on_its_own() -> None:
    interleaved = [*thrash(0, 4, 200, target=1), *thrash(100, 4, 200, target=CLOCK)]
    assert scrolling_of(interleaved) == []


def test_two_separate_episodes_make_two_signals_and_thresholds_are_configurable() -> None:
    assert len(scrolling_of(thrash(0, 8, 200) + thrash(10_000, 8, 200))) == 2
    assert scrolling_of(thrash(0, 8, 200), excessive_scroll_reversals=7) == []
