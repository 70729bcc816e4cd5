"""dead_click on synthetic pages: reactions at the window's edges, candidates, and how a window can be cut."""

from __future__ import annotations

import pytest

from tagprobe.decode.events import Change, DomChange, Input, OtherEvent, Unload, Viewport
from tagprobe.decode.session import RecordedPage, RecordedSession
from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.detector import detect as detect_all
from tagprobe.detect.live import LiveFacts
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
    node,
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
    assert signal.reason == (
        "1 click on a button: no DOM change, scroll, typing, navigation or visibility change in the 9.0 s "
        "recorded after it; the window is 500 ms"
    )


def test_a_dead_clicks_reason_says_how_long_the_page_stayed_still() -> None:
    [signal] = dead_of([click(1000), mutation(3100)])
    assert signal.reason.endswith("for 2.1 s (then a DOM change); the window is 500 ms")


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
    "target", [NAME_INPUT, LABEL, EDITOR], ids=["text-input", "label", "contenteditable"]
)
def test_input_like_targets_are_never_candidates(target: int) -> None:
    assert dead_of([click(1000, target=target)]) == []


@pytest.mark.parametrize(
    ("target", "link"),
    [(LINK, "https://shop.test/#"), (LINK, "javascript:void(0)"), (CARD, "https://shop.test/#")],
    ids=["hash", "javascript-void", "inside-an-anchor"],
)
def test_a_link_that_goes_nowhere_and_changes_nothing_is_dead(target: int, link: str) -> None:
    [signal] = dead_of([click(1000, target=target, link=link)])
    assert signal.reason.startswith("1 click on a link: " if target == LINK else "1 click on a link")


def test_a_link_whose_page_changes_is_alive() -> None:
    assert dead_of([click(1000, target=LINK, link="javascript:void(0)"), mutation(1200)]) == []


def test_a_new_tab_link_is_not_dead() -> None:
    assert dead_of([click(1000, target=LINK, link="https://shop.test/next", context=1)]) == []


def test_a_download_link_is_not_dead() -> None:
    downloads = DomChange(5, 6, (node(LINK, BODY, "A", id="link", href="/report.pdf", download=""),))
    assert dead_of([downloads, click(1000, target=LINK, link="https://shop.test/report.pdf")]) == []


@pytest.mark.parametrize("target", [SUBMIT_INPUT, CARD, PARAGRAPH], ids=["input-submit", "div", "paragraph"])
def test_buttons_by_type_and_plain_elements_are_candidates(target: int) -> None:
    assert len(dead_of([click(1000, target=target)])) == 1


def test_the_page_background_is_only_a_candidate_when_asked() -> None:
    assert dead_of([click(1000, target=BODY)]) == []
    assert len(dead_of([click(1000, target=BODY)], dead_click_on_background=True)) == 1


def unjudged_of(recorded: object, **settings: object) -> list:
    if isinstance(recorded, list):
        recorded = page(recorded)
    if not isinstance(recorded, RecordedSession):
        recorded = session(recorded)
    return list(detect_all(recorded, DetectorConfig().merged(settings, "test")).unjudged)


def test_a_click_whose_window_the_next_click_cuts_is_not_judged_never_dead() -> None:
    events = [click(1000), click(1200, 400, 100, target=OTHER_BUTTON), mutation(1205)]
    assert dead_of(events) == []
    [listed] = unjudged_of(events)
    assert (listed.time_ms, listed.element.id) == (1000, "go")
    assert listed.reason == (
        "1 click on a button: the next click elsewhere came 200 ms after it, before the 500 ms window had passed"
    )


def test_the_next_click_just_after_the_window_lets_the_click_be_judged() -> None:
    judged = [click(1000), click(1500, 400, 100, target=OTHER_BUTTON), mutation(1505)]
    assert [signal.time_ms for signal in dead_of(judged)] == [1000]
    cut = [click(1000), click(1499, 400, 100, target=OTHER_BUTTON), mutation(1505)]
    assert dead_of(cut) == []
    assert [listed.time_ms for listed in unjudged_of(cut)] == [1000]


def test_a_reaction_before_the_cut_still_makes_the_click_alive() -> None:
    events = [click(1000), mutation(1100), click(1200, 400, 100, target=OTHER_BUTTON), mutation(1250)]
    assert dead_of(events) == []
    assert unjudged_of(events) == []


def test_the_next_scripted_action_cuts_the_window_in_a_live_run() -> None:
    events = [click(1000)]
    live = LiveFacts(action_starts_epoch_ms=(EPOCH + 500.0, EPOCH + 1114.0))
    detection = detect_all(session(page(events)), DetectorConfig(), live)
    assert of_type(detection.signals, DEAD) == []
    [listed] = detection.unjudged
    assert "the next scripted action began 114 ms after it" in listed.reason
    waited = LiveFacts(action_starts_epoch_ms=(EPOCH + 500.0, EPOCH + 1501.0))
    assert len(of_type(detect_all(session(page(events)), DetectorConfig(), waited).signals, DEAD)) == 1


def test_a_popup_the_live_run_saw_is_a_reaction() -> None:
    live = LiveFacts(popups_epoch_ms=(EPOCH + 1300.0,))
    assert of_type(detect_all(session(page([click(1000)])), DetectorConfig(), live).signals, DEAD) == []
    late = LiveFacts(popups_epoch_ms=(EPOCH + 1000 + 500 + 2001.0,))
    assert len(of_type(detect_all(session(page([click(1000)])), DetectorConfig(), late).signals, DEAD)) == 1


def test_clicking_the_same_element_again_is_one_attempt() -> None:
    [signal] = dead_of([click(1000), click(1300), click(1600)])
    assert (signal.count, signal.duration_ms) == (3, 600)


def test_an_attempt_is_judged_on_its_first_click() -> None:
    assert len(dead_of([click(1000), click(1400), mutation(1700)])) == 1


def test_a_page_that_ends_and_is_followed_by_another_was_a_navigation() -> None:
    leaving = page([click(1000)], ended_ms=1100)
    arriving = page([], number=2, url="https://shop.test/next", started_epoch_ms=EPOCH + 1400)
    assert of_type(detect(session(leaving, arriving)), DEAD) == []


def test_a_page_that_ends_inside_the_window_with_no_page_after_it_leaves_the_click_not_judged() -> None:
    assert of_type(detect(page([click(1000)], ended_ms=1100)), DEAD) == []
    [listed] = unjudged_of(page([click(1000)], ended_ms=1100))
    assert "the page ended 100 ms after it" in listed.reason
    assert len(of_type(detect(page([click(1000)], ended_ms=1500)), DEAD)) == 1


def restart(number: int, url: str, started: int, events: list, *, unloaded: bool = False) -> RecordedPage:
    """A page the tag started in the same document (the navigation timing the tag re-sends is the same)."""
    timing = OtherEvent(3, 29, "navigation", {"type": "navigate", "domComplete": 557})
    body = [timing, *events, *([Unload(9000, 26, "pagehide")] if unloaded else [])]
    return page(body, number=number, url=url, started_epoch_ms=started, ended_ms=9000)


def test_a_move_to_an_empty_hash_is_the_same_page_going_on_not_a_navigation() -> None:
    timing = OtherEvent(3, 29, "navigation", {"type": "navigate", "domComplete": 557})
    before = page([timing, click(1000, target=LINK, link="https://shop.test/#")], ended_ms=1010)
    quiet = restart(2, "https://shop.test/#", EPOCH + 1260, [])
    [signal] = of_type(detect(session(before, quiet)), DEAD)
    assert signal.page_number == 1
    changed = restart(2, "https://shop.test/#", EPOCH + 1260, [mutation(100)])
    assert of_type(detect(session(before, changed)), DEAD) == []


def test_a_page_that_unloaded_and_was_followed_by_the_same_address_was_a_reload() -> None:
    timing = OtherEvent(3, 29, "navigation", {"type": "navigate", "domComplete": 557})
    before = page([timing, click(1000), Unload(1010, 26, "pagehide")], ended_ms=1010)
    reloaded = restart(2, "https://shop.test/", EPOCH + 1600, [])
    assert of_type(detect(session(before, reloaded)), DEAD) == []


def test_a_restarted_page_ending_inside_the_window_leaves_the_click_not_judged() -> None:
    timing = OtherEvent(3, 29, "navigation", {"type": "navigate", "domComplete": 557})
    before = page([timing, click(1000, target=LINK, link="https://shop.test/#")], ended_ms=1010)
    short = page([timing], number=2, url="https://shop.test/#", started_epoch_ms=EPOCH + 1260, ended_ms=100)
    assert of_type(detect(session(before, short)), DEAD) == []
    assert len(unjudged_of(session(before, short))) == 1


def test_a_page_following_only_after_the_grace_is_not_this_clicks_navigation() -> None:
    leaving = page([click(1000)], ended_ms=1600)
    later = page([], number=2, url="https://shop.test/next", started_epoch_ms=EPOCH + 1600 + 2001)
    assert len(of_type(detect(session(leaving, later)), DEAD)) == 1


def test_a_window_the_recording_does_not_cover_is_left_undecided() -> None:
    assert of_type(detect(page([click(1000)], observed_ms=1200)), DEAD) == []
    [listed] = unjudged_of(page([click(1000)], observed_ms=1200))
    assert "the recording stops 200 ms after it" in listed.reason


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


def test_a_hash_link_that_scrolled_the_page_back_to_the_top_is_alive() -> None:
    """The tag restarts on "#" before the browser's scroll event: the positions the two pages report tell."""
    timing = OtherEvent(3, 29, "navigation", {"type": "navigate", "domComplete": 557})
    scrolled = page(
        [timing, scroll(400, 262), click(1000, target=LINK, link="https://shop.test/#")], ended_ms=1010
    )
    at_top = restart(2, "https://shop.test/#", EPOCH + 1260, [])
    assert of_type(detect(session(scrolled, at_top)), DEAD) == []
    still = restart(2, "https://shop.test/#", EPOCH + 1260, [scroll(2, 262)])
    assert len(of_type(detect(session(scrolled, still)), DEAD)) == 1
