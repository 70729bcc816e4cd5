"""dead_click on synthetic pages: reactions at the window's edges, candidates, and how a window can be cut."""

from __future__ import annotations

import pytest

from tagprobe.decode.events import Change, DomChange, Input, Viewport
from tagprobe.detect.signal import SignalType

from .synthetic import (
    BODY,
    CARD,
    CLOCK,
    EDITOR,
    EPOCH,
    LABEL,
    LINK,
    NAME_INPUT,
    OTHER_BUTTON,
    PARAGRAPH,
    SUBMIT_INPUT,
    click,
    detect,
    mutation,
    of_type,
    page,
    press,
    scroll,
    selection,
    session,
    text_node,
    visibility,
)

DEAD = SignalType.DEAD_CLICK


def dead_of(events: list, **settings: object) -> list:
    return of_type(detect(page(events), **settings), DEAD)


def test_a_dom_change_at_100_ms_means_the_click_worked() -> None:
    assert dead_of([click(1000), mutation(1100)]) == []


def test_nothing_by_the_end_of_the_window_is_a_dead_click() -> None:
    [signal] = dead_of([click(1000)])
    assert (signal.time_ms, signal.count) == (1000, 1)
    assert signal.element is not None
    assert signal.element.id == "go"
    assert "within 500 ms" in signal.reason


def test_the_window_includes_its_last_millisecond_and_nothing_after() -> None:
    assert dead_of([click(1000), mutation(1500)]) == []
    assert len(dead_of([click(1000), mutation(1501)])) == 1


def test_the_window_is_configurable() -> None:
    assert len(dead_of([click(1000), mutation(1800)])) == 1
    assert dead_of([click(1000), mutation(1800)], dead_click_window_ms=1000) == []


def test_a_reaction_to_the_press_counts_a_menu_opening_on_mousedown() -> None:
    assert dead_of([press(960), mutation(970), click(1000)]) == []


def test_a_change_before_the_press_is_not_a_reaction() -> None:
    assert len(dead_of([mutation(950), press(960), click(1000)])) == 1


@pytest.mark.parametrize(
    "reaction",
    [scroll(1100, 300), Input(1100, 27, NAME_INPUT, "••"), visibility(1100, False)],
    ids=["scroll", "input", "visibility"],
)
def test_scroll_input_and_visibility_changes_are_reactions(reaction: object) -> None:
    assert dead_of([visibility(0, True), click(1000), reaction]) == []


def test_a_resize_is_not_a_reaction() -> None:
    assert len(dead_of([click(1000), Viewport(1100, 11, 800, 600)])) == 1


def test_a_fields_change_on_blur_is_no_answer_to_the_click_that_blurred_it() -> None:
    assert len(dead_of([click(1000), Change(1003, 42, NAME_INPUT, "email", "•••")])) == 1


def test_a_text_selection_is_a_reaction_even_reported_after_the_tags_delay() -> None:
    assert dead_of([click(1000, target=PARAGRAPH), selection(1000 + 500 + 600)]) == []
    assert len(dead_of([click(1000, target=PARAGRAPH), selection(1000 + 500 + 601)])) == 1


def test_a_selection_sent_again_unchanged_is_not_a_reaction() -> None:
    events = [selection(200), click(1000, target=PARAGRAPH), selection(1400)]
    assert len(dead_of(events)) == 1


@pytest.mark.parametrize(
    ("target", "link"),
    [(LINK, "https://shop.test/next"), (CARD, "https://shop.test/next"), (NAME_INPUT, None), (LABEL, None),
     (EDITOR, None)],
    ids=["anchor", "inside-an-anchor", "text-input", "label", "contenteditable"],
)  # fmt: skip
def test_links_and_input_like_targets_are_never_candidates(target: int, link: str | None) -> None:
    assert dead_of([click(1000, target=target, link=link)]) == []


def test_a_new_tab_link_is_not_dead() -> None:
    assert dead_of([click(1000, target=LINK, link="https://shop.test/next", context=1)]) == []


@pytest.mark.parametrize("target", [SUBMIT_INPUT, CARD, PARAGRAPH], ids=["input-submit", "div", "paragraph"])
def test_buttons_by_type_and_plain_elements_are_candidates(target: int) -> None:
    assert len(dead_of([click(1000, target=target)])) == 1


def test_the_page_background_is_only_a_candidate_when_asked() -> None:
    assert dead_of([click(1000, target=BODY)]) == []
    assert len(dead_of([click(1000, target=BODY)], dead_click_on_background=True)) == 1


def test_the_next_click_elsewhere_cuts_the_window_and_takes_the_later_reaction() -> None:
    signals = dead_of([click(1000), click(1200, 400, 100, target=OTHER_BUTTON), mutation(1205)])
    [signal] = signals
    assert signal.element is not None
    assert signal.element.id == "go"
    assert "200 ms before the next click elsewhere" in signal.reason


def test_clicking_the_same_element_again_is_one_attempt() -> None:
    [signal] = dead_of([click(1000), click(1300), click(1600)])
    assert (signal.count, signal.duration_ms) == (3, 600)


def test_an_attempt_is_judged_on_its_first_click() -> None:
    assert len(dead_of([click(1000), click(1400), mutation(1700)])) == 1


def test_a_page_that_ends_and_is_followed_by_another_was_a_navigation() -> None:
    leaving = page([click(1000)], ended_ms=1100)
    arriving = page([], number=2, url="https://shop.test/next", started_epoch_ms=EPOCH + 1400)
    assert of_type(detect(session(leaving, arriving)), DEAD) == []


def test_a_page_that_ends_with_no_page_after_it_judges_the_click_on_what_came_before() -> None:
    [signal] = of_type(detect(page([click(1000)], ended_ms=1100)), DEAD)
    assert "page closed at +100 ms, and no page followed" in signal.reason


def test_a_page_following_only_after_the_grace_is_not_this_clicks_navigation() -> None:
    leaving = page([click(1000)], ended_ms=1100)
    later = page([], number=2, url="https://shop.test/next", started_epoch_ms=EPOCH + 1100 + 2001)
    assert len(of_type(detect(session(leaving, later)), DEAD)) == 1


def test_a_window_the_recording_does_not_cover_is_left_undecided() -> None:
    assert of_type(detect(page([click(1000)], observed_ms=1200)), DEAD) == []


def test_a_new_tab_opening_after_the_click_is_a_reaction() -> None:
    opener = page([click(1000)])
    popup = page([], number=2, url="https://shop.test/popup", started_epoch_ms=EPOCH + 1900)
    assert of_type(detect(session(opener, popup)), DEAD) == []


def test_changes_in_an_ambient_element_are_not_reactions() -> None:
    tick = DomChange(1100, 6, (text_node(800, CLOCK, "58"), text_node(CLOCK + 100, None, None)))
    assert dead_of([click(1000), tick]) == []
    assert len(dead_of([click(1000), tick], ambient=["#clock"])) == 1
    assert dead_of([click(1000), tick, mutation(1200)], ambient=["#clock"]) == []


def test_ignore_lists_keep_an_element_from_being_dead() -> None:
    events = [click(1000, target=CARD, text="Maybe later")]
    assert dead_of(events, dead_click_ignore=[{"text": "later"}]) == []
    assert dead_of(events, ignore=["div.tile"]) == []
    assert len(dead_of(events, rage_click_ignore=["div.tile"])) == 1


def test_a_click_the_page_made_itself_is_not_a_candidate() -> None:
    assert dead_of([click(1000, trusted=False)]) == []
