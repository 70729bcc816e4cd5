"""A tag, identify or event that never arrived is explained with the page's own tag-API calls: never made,
made on the tag's queue, or made on the running tag and still not sent."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import Any

from tagprobe.capture.records import CallSite, TagCall
from tagprobe.checks import tags
from tagprobe.checks.observation import Observation
from tagprobe.checks.verdict import CheckStatus
from tests.report.factories import BASE, load_scenario, outcome

SCENARIO = "name: unit\nurl: /\nsteps:\n  - scroll: {to: bottom}\n"
APP_JS = f"{BASE}/app.js"


def call(method: str, *arguments: Any, queued: bool = False, identify_hash: str | None = None) -> TagCall:
    return TagCall(
        1200.0,
        method,
        arguments,
        BASE + "/login",
        queued,
        CallSite(APP_JS, 66, 61),
        identify_hash,
        caller=CallSite(APP_JS, 307, 9),
    )


def message(tmp_path: Path, options: dict[str, Any], *calls: TagCall, notes: tuple[str, ...] = ()) -> str:
    scenario_outcome = outcome(load_scenario(tmp_path, SCENARIO), tmp_path, pages=[(BASE + "/", [])])
    capture = dataclasses.replace(scenario_outcome.record.capture, tag_calls=calls, notes=notes)
    record = dataclasses.replace(scenario_outcome.record, capture=capture)
    verdict = tags.check(Observation(record, scenario_outcome.session), options)
    assert verdict.status is CheckStatus.FAILED
    return verdict.message


def test_a_tag_the_page_never_set_says_so(tmp_path: Path) -> None:
    assert message(tmp_path, {"tags": {"plan": "gold"}}, call("set", "tier", "1")) == (
        "tag plan=gold was not sent (found plan: nothing): "
        "no clarity('set', 'plan', …) call was recorded on the page"
    )


def test_a_tag_set_on_the_queue_names_the_call_site_and_the_queue(tmp_path: Path) -> None:
    text = message(tmp_path, {"tags": {"plan": "gold"}}, call("set", "plan", "gold", queued=True))
    assert text == (
        "tag plan=gold was not sent (found plan: nothing): the page called clarity('set', 'plan', …) "
        f"at {APP_JS}:66:61 (from {APP_JS}:307:9) on the tag's queue (the tag not running yet, or "
        "restarting), and no upload carries it"
    )


def test_identify_on_the_running_tag_is_matched_by_its_hash(tmp_path: Path) -> None:
    digest = hashlib.sha256(b"customer-1042").hexdigest()
    text = message(tmp_path, {"identify": "customer-1042"}, call("identify", "***", identify_hash=digest))
    assert text.endswith(
        f"the page called clarity('identify', 'customer-1042') at {APP_JS}:66:61 (from {APP_JS}:307:9) "
        "on the running tag, and no upload carries it"
    )


def test_an_event_called_with_another_name_does_not_count(tmp_path: Path) -> None:
    text = message(tmp_path, {"events": ["add_to_cart"]}, call("event", "add_to_basket"))
    assert text.endswith("no clarity('event', 'add_to_cart') call was recorded on the page")


def test_nothing_is_claimed_about_calls_when_the_capture_stopped_recording_them(tmp_path: Path) -> None:
    note = "there were more tag API calls than the first 1000 a capture keeps; tagprobe stopped listening"
    text = message(tmp_path, {"tags": {"plan": "gold"}}, notes=(note,))
    assert text == "tag plan=gold was not sent (found plan: nothing)"
