"""A typed value leaks only where it shows after it was typed, in a place it did not already fill."""

from __future__ import annotations

from tagprobe.checks.canaries import Canary
from tagprobe.checks.leaks import first_leak
from tagprobe.checks.payload_strings import PayloadString
from tests.report.factories import upload

TYPED_AT = 5000.0
PLANS = Canary("plans", "typed in step 3, search.scenario.yaml:9", "'plans'", TYPED_AT)


def text(
    value: str, place: str, recorded_ms: float, *, page: int = 1, repeats: tuple[str, ...] = ()
) -> PayloadString:
    return PayloadString(value, page, 1, int(recorded_ms), f"{place} in p", True, place, recorded_ms, repeats)


def test_text_the_page_showed_before_the_typing_is_no_leak() -> None:
    strings = [
        text("Plans start at $5", "page 1 node 10 text", 100),
        text("Plans start at $5", "page 1 node 10 text", 6000),
        text("Plans start at $5", "page 2 node 99 text", 7000, page=2),
    ]
    assert first_leak(PLANS, strings, []) is None


def test_a_link_in_the_first_snapshot_is_no_leak_in_any_case() -> None:
    guide = Canary("Guide", "typed in step 2", "'Guide'", TYPED_AT)
    strings = [text("https://docs.test/guide/", "page 1 node 7 @href", 50)]
    assert (
        first_leak(guide, [*strings, text("https://docs.test/guide/", "page 2 node 7 @href", 9000)], [])
        is None
    )


def test_the_typed_word_echoed_as_new_text_leaks_with_where_and_how() -> None:
    strings = [
        text("Plans start at $5", "page 1 node 10 text", 100),
        text("3 results for PLANS", "page 1 node 42 text", 6200),
        text("plans", "page 1 node 43 text", 6300),
    ]
    leak = first_leak(PLANS, strings, [])
    assert leak is not None
    assert leak.location == "page 1 node 42 text in p"
    assert leak.match.how == "as typed, case-folded"
    assert leak.excerpt == "3 results for PLANS"
    assert leak.elsewhere == 1


def test_a_place_that_newly_holds_the_value_leaks_even_if_another_place_held_it() -> None:
    strings = [
        text("Plans start at $5", "page 1 node 10 text", 100),
        text("No results", "page 1 node 11 text", 100),
    ]
    strings.append(text("Results for plans", "page 1 node 11 text", 6000))
    leak = first_leak(PLANS, strings, [])
    assert leak is not None
    assert leak.location == "page 1 node 11 text in p"


def test_a_click_on_text_the_page_already_showed_is_no_leak() -> None:
    strings = [
        text("Plans", "page 1 node 21 text", 100),
        text(
            "Plans Pricing",
            "page 1 node 20 click text",
            6000,
            repeats=("page 1 node 21 text", "page 1 node 22 text"),
        ),
    ]
    assert first_leak(PLANS, strings, []) is None


def test_a_value_from_elsewhere_leaks_wherever_it_shows() -> None:
    listed = Canary("plans", "listed 1st in expect.masking.sensitive")
    leak = first_leak(listed, [text("Plans start at $5", "page 1 node 10 text", 100)], [])
    assert leak is not None
    assert leak.match.how == "as typed, case-folded"


def test_raw_payloads_are_searched_only_after_the_typing_and_only_for_new_text() -> None:
    early = upload(0, 100, text='{"e":[],"a":[[1,99,"plans"]]}')
    late = upload(1, 6000, text='{"e":[],"a":[[1,99,"plans"]]}')
    assert first_leak(PLANS, [], [early, late]) is None
    leak = first_leak(PLANS, [], [upload(0, 100), late])
    assert leak is not None
    assert leak.upload_index == 1
    assert leak.location.startswith("raw payload")


def test_text_repeated_word_for_word_is_no_leak_whatever_its_layout_whitespace() -> None:
    guide = Canary("Guide", "typed in step 2", "'Guide'", TYPED_AT)
    strings = [
        text("\n    \n  Guide\n  \n", "page 1 node 233 text", 100),
        text("Guide", "page 1 node 245 text", 6000),
        text("guide", "page 1 node 256 text", 6000),
    ]
    assert first_leak(guide, strings, []) is None
