"""rage_click on synthetic click sequences, at each threshold's edge."""

from __future__ import annotations

import pytest

from tagprobe.detect.signal import SignalType

from .synthetic import (
    BANNER,
    BANNER_TITLE,
    CARD,
    LINK,
    NAME_INPUT,
    PARAGRAPH,
    burst,
    click,
    detect,
    double_click,
    mutation,
    of_type,
    page,
    selection,
)

RAGE = SignalType.RAGE_CLICK


def rage_of(events: list, **settings: object) -> list:
    return of_type(detect(page(events), **settings), RAGE)


def test_two_close_clicks_never_fire() -> None:
    assert rage_of(burst(1000, 2, 100)) == []


def test_three_close_clicks_fire_once_from_the_first_click() -> None:
    [signal] = rage_of(burst(1000, 3, 100))
    assert (signal.time_ms, signal.count, signal.duration_ms) == (1000, 3, 200)
    assert signal.element is not None
    assert signal.element.id == "go"
    assert "3 clicks in 200 ms" in signal.reason


def test_a_fourth_click_does_not_fire_again() -> None:
    [signal] = rage_of(burst(1000, 4, 100))
    assert signal.count == 4


def test_a_gap_at_the_limit_keeps_the_burst_and_just_over_it_resets() -> None:
    at_limit = [click(0), click(500), click(1500)]
    just_over = [click(0), click(500), click(1501)]
    assert len(rage_of(at_limit)) == 1
    assert rage_of(just_over) == []


def test_a_pixel_jump_just_over_the_radius_resets() -> None:
    assert len(rage_of(burst(0, 3, 100, step_px=30))) == 1
    assert rage_of(burst(0, 3, 100, step_px=31)) == []


def test_bursts_far_apart_make_one_signal_each() -> None:
    signals = rage_of(burst(0, 3, 100) + burst(5000, 3, 100))
    assert [signal.time_ms for signal in signals] == [0, 5000]


def test_thresholds_are_configurable_and_honoured() -> None:
    assert rage_of(burst(0, 3, 100), rage_click_count=4) == []
    assert len(rage_of(burst(0, 4, 100), rage_click_count=4)) == 1
    assert rage_of(burst(0, 3, 400), rage_click_max_gap_ms=300) == []
    assert len(rage_of(burst(0, 3, 100, step_px=45), rage_click_radius_px=50)) == 1


def test_the_burst_is_named_after_the_element_most_clicks_landed_on() -> None:
    events = [
        click(0, target=BANNER_TITLE),
        click(100, target=BANNER_TITLE),
        click(200, 110, 100, target=BANNER),
    ]
    [signal] = rage_of(events)
    assert signal.element is not None
    assert signal.element.class_name == "title"
    assert signal.element.describe() == "p.title in div#banner"


def test_a_triple_click_that_selects_text_is_not_rage() -> None:
    triple = [*burst(0, 3, 80, target=PARAGRAPH), double_click(85, PARAGRAPH), selection(700)]
    assert rage_of(triple) == []


def test_a_triple_click_is_text_selection_even_when_only_the_selection_shows_it() -> None:
    assert rage_of([*burst(0, 3, 80, target=PARAGRAPH), selection(650)]) == []


def test_a_selection_reported_after_the_delay_does_not_excuse_the_burst() -> None:
    assert len(rage_of([*burst(0, 3, 80, target=PARAGRAPH), selection(160 + 601)])) == 1


def test_a_double_tap_fires_dblclick_without_selecting_so_three_taps_are_rage() -> None:
    assert len(rage_of([*burst(0, 3, 200, target=PARAGRAPH), double_click(205, PARAGRAPH)])) == 1


def test_a_dblclick_counts_as_selecting_when_the_page_closed_before_the_tag_could_say() -> None:
    events = [*burst(0, 3, 80, target=PARAGRAPH), double_click(85, PARAGRAPH)]
    assert of_type(detect(page(events, ended_ms=400)), RAGE) == []


def test_more_clicks_than_a_triple_click_are_rage_even_when_text_got_selected() -> None:
    events = [*burst(0, 5, 80, target=PARAGRAPH), double_click(85, PARAGRAPH), selection(700)]
    assert len(rage_of(events)) == 1


def test_three_fast_clicks_on_a_button_are_rage_even_with_a_dblclick() -> None:
    assert len(rage_of([*burst(0, 3, 80), double_click(85, 10)])) == 1


def test_a_burst_answered_click_by_click_is_someone_working_a_stepper() -> None:
    stepper = [event for index in range(4) for event in (click(index * 120), mutation(index * 120 + 5))]
    assert rage_of(stepper) == []
    assert len(rage_of(stepper, rage_click_ignore_responsive=False)) == 1


def test_a_burst_with_one_unanswered_click_is_rage() -> None:
    slow = [click(0), click(150), mutation(160), click(300), mutation(310)]
    [signal] = rage_of(slow)
    assert (
        signal.reason
        == "3 clicks in 300 ms within 0 px, 1 of them got no reaction; first reaction (DOM change) at +160 ms"
    )


def test_fields_and_new_tab_links_never_rage() -> None:
    assert rage_of(burst(0, 4, 100, target=NAME_INPUT)) == []
    new_tab = [click(t, target=LINK, link="https://shop.test/next", context=1) for t in (0, 100, 200)]
    assert rage_of(new_tab) == []


def test_a_link_that_does_not_navigate_can_be_raged_at() -> None:
    same_tab = [click(t, target=LINK, link="https://shop.test/next") for t in (0, 100, 200)]
    assert len(rage_of(same_tab)) == 1


@pytest.mark.parametrize("spec", ["#card", ".tile", "div#card", "div.tile", {"text": "next SLIDE"}])
def test_ignore_lists_name_elements_by_selector_or_text(spec: object) -> None:
    events = [click(t, target=CARD, text="Next slide") for t in (0, 100, 200)]
    assert len(rage_of(events)) == 1
    assert rage_of(events, ignore=[spec]) == []
    assert rage_of(events, rage_click_ignore=[spec]) == []


def test_clicks_the_page_made_itself_are_not_a_person_raging() -> None:
    scripted = [click(t, trusted=False) for t in (0, 100, 200)]
    assert rage_of(scripted) == []
    assert len(rage_of(scripted, trusted_clicks_only=False)) == 1


def test_right_clicks_are_not_counted() -> None:
    assert rage_of([click(t, button=2) for t in (0, 100, 200)]) == []
