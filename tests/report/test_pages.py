"""Per-page facts: which picture shows a page, which clicks a signal is about, how far the visitor scrolled."""

from __future__ import annotations

from pathlib import Path

from tagprobe.decode.events import Scroll
from tagprobe.decode.session import build_session
from tagprobe.detect.signal import ElementRef, Signal, SignalType
from tagprobe.report.pages import click_signals, describe_event, page_pictures, scroll_facts

from .factories import BASE, click, decoded, load_scenario, outcome, page_events

SIX_STEPS = """
name: Six steps
url: /
steps:
  - click: "#a"
  - click: "#b"
  - click: "#c"
  - click: "#d"
  - click: "#e"
"""


def test_each_visit_of_a_url_gets_the_picture_taken_during_it(tmp_path: Path) -> None:
    scenario = load_scenario(tmp_path, SIX_STEPS)
    urls = [BASE + "/", BASE + "/#top", BASE + "/p", BASE + "/p", BASE + "/", BASE + "/"]
    pages = [(BASE + "/", page_events()), (BASE + "/p", page_events()), (BASE + "/", page_events())]
    result = outcome(scenario, tmp_path / "reports", urls=urls, pages=pages)
    pictures = page_pictures(result.session.pages, result.record.steps, result.record.capture.uploads)
    numbers = {page: result.record.steps.index(step) + 1 for page, step in pictures.items()}
    assert numbers == {1: 2, 2: 4, 3: 6}, "the hash is ignored; page 1's picture predates page 2"


def test_a_page_no_picture_shows_has_none(tmp_path: Path) -> None:
    scenario = load_scenario(tmp_path, SIX_STEPS)
    result = outcome(scenario, tmp_path / "reports", pages=[(BASE + "/elsewhere", page_events())])
    assert page_pictures(result.session.pages, result.record.steps, result.record.capture.uploads) == {}


def signal(
    kind: SignalType, time_ms: int, count: int, element_id: str | None, duration_ms: int = 0
) -> Signal:
    element = ElementRef("button", element_id, "", "", f"h-{element_id}") if element_id is not None else None
    return Signal(kind, 1, BASE + "/", time_ms, count, "because", element, duration_ms)


def test_a_rage_signal_flags_the_burst_on_its_element() -> None:
    clicks = [
        click(100, 1, 1, "a"),
        click(200, 1, 1, "a"),
        click(250, 5, 5, "b"),
        click(300, 1, 1, "a"),
        click(400, 1, 1, "a"),
    ]
    flagged = click_signals(clicks, [signal(SignalType.RAGE_CLICK, 200, 3, "a", duration_ms=200)])
    assert flagged == {1: ["rage_click"], 3: ["rage_click"], 4: ["rage_click"]}


def test_a_dead_click_without_an_element_is_the_closest_click() -> None:
    clicks = [click(100, 1, 1, "a"), click(900, 2, 2, "b")]
    flagged = click_signals(clicks, [signal(SignalType.DEAD_CLICK, 880, 1, None)])
    assert flagged == {1: ["dead_click"]}
    assert click_signals(clicks, [signal(SignalType.QUICK_BACK, 880, 1, None)]) == {}


def test_scroll_depth_is_the_deepest_scroll_plus_the_viewport() -> None:
    events = page_events(
        Scroll(50, 10, 1, 0, 90), Scroll(60, 10, 1, 0, 150), document=(400, 600), viewport=(400, 300)
    )
    page = build_session([decoded(0, 1, BASE + "/", events)]).pages[0]
    assert scroll_facts(page) == {
        "max_y": 150,
        "viewport": [400, 300],
        "document": [400, 600],
        "reached": 450,
        "percent": 75.0,
    }
    bare = build_session([decoded(0, 1, BASE + "/", [])]).pages[0]
    assert scroll_facts(bare) is None


def test_events_read_as_one_line() -> None:
    assert describe_event(click(10, 5, 6, "buy", text="Buy now")) == "button#buy “Buy now” at (5, 6)"


def test_a_click_below_the_fold_proves_the_visitor_saw_that_far() -> None:
    events = page_events(click(50, 10, 500, "deep"), document=(400, 600), viewport=(400, 300))
    page = build_session([decoded(0, 1, BASE + "/", events)]).pages[0]
    facts = scroll_facts(page)
    assert facts is not None
    assert (facts["max_y"], facts["reached"]) == (0, 500)
