"""Parsing what the page's recorder reports: the site's frame, hidden values, Clarity's own replays."""

from __future__ import annotations

import hashlib
import json

from tagprobe.capture.tag_calls import call_site, hide, parse_call

SITE_STACK = (
    "Error\n"
    "    at Object.apply (<anonymous>:30:60)\n"
    "    at callClarity (http://127.0.0.1:8000/app.js:66:12)\n"
    "    at HTMLButtonElement.addToCart (http://127.0.0.1:8000/app.js:155:7)"
)


def report(
    method: object, *args: object, stack: str = SITE_STACK, queued: bool = False, script: str = ""
) -> str:
    return json.dumps(
        {
            "method": method,
            "args": list(args),
            "queued": queued,
            "page": "http://127.0.0.1:8000/",
            "stack": stack,
            "script": script,
        }
    )


def test_the_site_is_the_first_frame_naming_a_script_and_the_caller_the_next() -> None:
    call = parse_call(report("set", "plan", "gold"), 12.5, ())
    assert call is not None
    assert (str(call.site), str(call.caller)) == (
        "http://127.0.0.1:8000/app.js:66:12",
        "http://127.0.0.1:8000/app.js:155:7",
    )
    assert (call.method, call.arguments, call.called_ms, call.queued) == (
        "set",
        ("plan", "gold"),
        12.5,
        False,
    )


def test_calls_from_clarity_s_own_scripts_are_replays_and_not_kept() -> None:
    replay = "Error\n    at Object.apply (<anonymous>:1:1)\n    at https://scripts.clarity.ms/0.8.70/clarity.js:1:500"
    assert parse_call(report("set", "plan", "gold", stack=replay), 0, ()) is None


def test_a_queued_call_found_after_clarity_s_loader_ran_is_the_loader_s_own() -> None:
    """Calls found on the queue when the recorder takes over late carry no stack, only the script that ran."""
    loader = "https://www.clarity.ms/tag/abc123"
    assert parse_call(report("start", {}, stack="", queued=True, script=loader), 0, ()) is None
    call = parse_call(report("set", "plan", "gold", stack="", queued=True), 0, ())
    assert call is not None
    assert (call.site, call.queued) == (None, True)


def test_hidden_values_are_replaced_everywhere_in_the_arguments() -> None:
    call = parse_call(
        report("set", "email", ["jane@example.com", {"k": "x jane@example.com"}]), 0, ("jane@example.com",)
    )
    assert call is not None
    assert call.arguments == ("email", ["***", {"k": "x ***"}])
    assert hide({"jane@example.com": 1}, ("jane@example.com",)) == {"***": 1}


def test_identify_keeps_the_hash_the_tag_sends_even_when_the_id_is_hidden() -> None:
    call = parse_call(report("identify", "customer-1042"), 0, ("customer-1042",))
    assert call is not None
    assert call.arguments == ("***",)
    assert call.identify_hash == hashlib.sha256(b"customer-1042").hexdigest()


def test_a_call_from_no_script_has_no_site() -> None:
    call = parse_call(report("event", "x", stack="Error\n    at <anonymous>:1:1"), 0, ())
    assert call is not None
    assert call.site is None
    assert call_site("") is None


def test_a_broken_report_is_ignored() -> None:
    assert parse_call("{not json", 0, ()) is None
    assert parse_call("[1, 2]", 0, ()) is None
