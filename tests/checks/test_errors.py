"""The errors check's wording: calls on a missing `window.clarity` explained, and where a page error came from."""

from __future__ import annotations

from tagprobe.checks.errors import UNGUARDED_CALL_ADVICE, error_location, with_advice


def test_a_call_on_a_missing_clarity_is_explained_in_either_of_chromiums_words() -> None:
    for message in (
        "window.clarity is not a function",
        "clarity is not defined",
        "clarity is not a function",
    ):
        assert with_advice("the page raised an error", message).endswith(UNGUARDED_CALL_ADVICE)


def test_other_errors_are_left_as_they_are() -> None:
    assert with_advice("summary", "Coupon service unavailable") == "summary"
    assert with_advice("summary", "myclarity is not defined") == "summary"


def test_the_first_frame_naming_a_script_is_the_location() -> None:
    stack = (
        "TypeError: window.clarity is not a function\n"
        "    at HTMLButtonElement.add (http://127.0.0.1:8000/app.js:151:16)\n"
        "    at http://127.0.0.1:8000/app.js:9:3"
    )
    assert error_location(stack) == "http://127.0.0.1:8000/app.js:151:16"
    assert error_location("Error: thrown\n    at <anonymous>") is None
