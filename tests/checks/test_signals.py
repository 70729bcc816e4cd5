"""The `signals` check: expected signals present, unwanted ones absent, each by type, element and page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tagprobe.capture.capture import Capture
from tagprobe.capture.records import Upload
from tagprobe.checks import signals as signals_check
from tagprobe.checks.observation import Observation
from tagprobe.checks.verdict import CheckStatus
from tagprobe.decode.session import RecordedSession
from tagprobe.detect.signal import ElementRef, NodeRef, Signal, SignalType
from tagprobe.run.results import RunRecord
from tagprobe.scenario.model import Scenario, SourceLocation, TagSetup

HOME, PRODUCT = "http://127.0.0.1:8000/", "http://127.0.0.1:8000/product/1?ref=home"
BANNER_TITLE = ElementRef(
    "p", "", "hero-title", "Up to 30% off", "h1", (NodeRef("div", "promo-banner", "hero"), NodeRef("body"))
)
NEWSLETTER = ElementRef("button", "newsletter", "button", "Subscribe to newsletter", "h2", (NodeRef("body"),))
ADD_TO_CART = ElementRef("button", "add-to-cart", "button", "Add to cart", "h3", (NodeRef("body"),))

RAGE = Signal(SignalType.RAGE_CLICK, 1, HOME, 1200, 4, "4 clicks in 360 ms", BANNER_TITLE, 360)
DEAD_BANNER = Signal(
    SignalType.DEAD_CLICK, 1, HOME, 1200, 4, "4 clicks on an element: no reaction", BANNER_TITLE
)
DEAD_NEWSLETTER = Signal(
    SignalType.DEAD_CLICK, 1, HOME, 2500, 1, "1 click on a button: no reaction", NEWSLETTER
)
DEAD_CART = Signal(SignalType.DEAD_CLICK, 2, PRODUCT, 800, 1, "1 click on a button: no reaction", ADD_TO_CART)
JS = Signal(SignalType.JS_ERROR, 2, PRODUCT, 900, 1, "Boom at app.js:1:2")
DETECTED = (RAGE, DEAD_BANNER, DEAD_NEWSLETTER, JS)


ONE_UPLOAD = (Upload(0, 10.0, '{"e":[]}', True, 20, "", 204, None),)


def observation(signals: tuple[Signal, ...], uploads: tuple[Upload, ...] = ONE_UPLOAD) -> Observation:
    location = SourceLocation(Path("inline.scenario.yaml"), 1, "name")
    scenario = Scenario("inline", "/", TagSetup(), (), {}, (), None, None, location)
    capture = Capture(uploads, (), (), (), (), (), (), settled=True)
    record = RunRecord(scenario, "http://127.0.0.1:8000", (), capture, 0.0, "156")
    return Observation(record, RecordedSession((), ()), signals)


def run(options: dict[str, Any], signals: tuple[Signal, ...] = DETECTED) -> signals_check.Verdict:
    return signals_check.check(observation(signals), options)


def test_the_check_is_named_signals() -> None:
    assert signals_check.NAME == "signals"


@pytest.mark.parametrize(
    "item",
    [
        "rage_click",
        {"type": "rage_click"},
        {"type": "rage_click", "element": "#promo-banner"},
        {"type": "rage_click", "element": "p.hero-title"},
        {"type": "rage_click", "element": "div.hero"},
        {"type": "rage_click", "element": {"tag": "p", "text": "30% off"}},
        {"type": "rage_click", "element": "#promo-banner", "page": "/"},
        {"type": "js_error", "page": "/product/1"},
        {"type": "js_error", "page": "/product/1?ref=home"},
        {"type": "js_error", "page": PRODUCT},
    ],
)
def test_a_present_signal_may_be_named_by_type_element_and_page(item: object) -> None:
    verdict = run({"present": [item]})
    assert verdict.status is CheckStatus.PASSED, verdict.message
    assert verdict.message == "1 expected signal(s) detected, none of 0 unwanted one(s)"


def test_a_missing_signal_is_named_with_what_was_detected_instead() -> None:
    verdict = run({"present": [{"type": "dead_click", "element": "#add-to-cart"}]})
    assert verdict.status is CheckStatus.FAILED
    assert verdict.message.startswith("expected dead_click on #add-to-cart: not detected; detected instead: ")
    assert "dead_click on button#newsletter (page 1 http://127.0.0.1:8000/, at 2.50 s)" in verdict.message
    instead = [evidence for evidence in verdict.evidence if evidence.summary.startswith("detected instead")]
    assert [(evidence.page_number, evidence.time_ms, evidence.location) for evidence in instead] == [
        (1, 1200, "p.hero-title in div#promo-banner"),
        (1, 2500, "button#newsletter"),
    ]
    assert instead[0].excerpt == "4 clicks on an element: no reaction"


def test_other_signals_on_the_expected_element_are_offered_too() -> None:
    verdict = run({"present": [{"type": "error_click", "element": "#promo-banner"}]})
    assert verdict.status is CheckStatus.FAILED
    assert "detected instead: rage_click on p.hero-title in div#promo-banner" in verdict.message


def test_a_signal_on_the_wrong_page_does_not_count() -> None:
    verdict = run({"present": [{"type": "rage_click", "page": "/product/1"}]})
    assert verdict.status is CheckStatus.FAILED
    assert verdict.message.startswith("expected rage_click (page /product/1): not detected")


def test_nothing_detected_at_all_is_said_plainly() -> None:
    verdict = run({"present": ["quick_back"]}, signals=())
    assert verdict.status is CheckStatus.FAILED
    assert verdict.message == "expected quick_back: not detected"


def test_an_unwanted_signal_fails_with_where_it_was_and_why() -> None:
    verdict = run(
        {"absent": [{"type": "dead_click", "element": "#add-to-cart"}, "excessive_scroll"]},
        (*DETECTED, DEAD_CART),
    )
    assert verdict.status is CheckStatus.FAILED
    assert verdict.message == (
        "unexpected dead_click on button#add-to-cart (page 2 http://127.0.0.1:8000/product/1?ref=home, at 0.80 s): "
        "1 click on a button: no reaction"
    )
    [evidence] = verdict.evidence
    assert (evidence.page_number, evidence.time_ms, evidence.location) == (2, 800, "button#add-to-cart")


def test_unwanted_signals_elsewhere_do_not_matter() -> None:
    verdict = run(
        {"absent": [{"type": "dead_click", "element": "#add-to-cart"}, {"type": "rage_click", "page": "/x"}]}
    )
    assert verdict.status is CheckStatus.PASSED
    assert verdict.message == "0 expected signal(s) detected, none of 2 unwanted one(s)"


def test_every_problem_is_evidence_and_the_message_counts_the_rest() -> None:
    verdict = run({"present": ["quick_back", "error_click"], "absent": ["js_error"]})
    assert verdict.message.startswith("expected quick_back: not detected")
    assert verdict.message.endswith("(and 2 more)")
    assert sum(evidence.summary.startswith(("expected", "unexpected")) for evidence in verdict.evidence) == 3


def test_without_expectations_the_check_lists_what_was_detected() -> None:
    verdict = run({"detector": {"dead_click_window_ms": 800}})
    assert verdict.status is CheckStatus.PASSED
    assert verdict.message == "4 signal(s) detected; nothing was expected or ruled out"
    assert [evidence.summary.split(" (")[0] for evidence in verdict.evidence] == [
        "detected rage_click on p.hero-title in div#promo-banner",
        "detected dead_click on p.hero-title in div#promo-banner",
        "detected dead_click on button#newsletter",
        "detected js_error",
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"present": [{"type": "rage_click", "element": "div > p"}]}, "expect.signals.present[0].element: "),
        ({"absent": ["sad_click"]}, "expect.signals.absent[0]: unknown signal type 'sad_click'"),
        ({"present": [{"element": "#x"}]}, "expect.signals.present[0]: expected a signal type or {type, "),
        ({"present": "rage_click"}, "expect.signals.present: expected a list"),
    ],
)
def test_expectations_it_cannot_read_fail_with_where_they_are(options: dict[str, Any], message: str) -> None:
    verdict = run(options)
    assert verdict.status is CheckStatus.FAILED
    assert verdict.message.startswith(message)


def test_a_tag_that_sent_nothing_leaves_the_verdict_to_health() -> None:
    verdict = signals_check.check(observation((), uploads=()), {"present": ["rage_click"]})
    assert verdict.status is CheckStatus.SKIPPED
    assert "health" in verdict.message
