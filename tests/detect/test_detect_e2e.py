"""The detector on a real run: the demo shop in real Chromium with the real tag, through tagprobe's pipeline."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tagprobe.checks import signals as signals_check
from tagprobe.checks.observation import Observation
from tagprobe.checks.verdict import CheckStatus
from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.detector import detect_signals
from tagprobe.detect.element import ElementSpec
from tagprobe.detect.signal import Signal, SignalType

from ..conftest import RunYaml

SCENARIO = """
name: Frustration on the demo shop
url: /product/2
tag:
  config: {delay: 100}
steps:
  - click: "#consent-accept"
  - click: "#qty-plus"
  - click: "#qty-plus"
  - click: "#add-to-cart"
  - click: "#nav-home"
  - rage_click: {selector: "#promo-banner", clicks: 4, interval_ms: 120}
  - dead_click: "#newsletter"
  - click: "#nav-cart"
  - click: "#checkout-link"
  - click: "#apply-coupon"
  - click: "#buy"
expect:
  signals:
    present:
      - {type: rage_click, element: "#promo-banner", page: /}
      - {type: dead_click, element: "#newsletter", page: /}
      - {type: error_click, element: "#apply-coupon", page: /checkout}
      - {type: js_error, page: /checkout}
    absent:
      - {type: rage_click, element: "#qty-plus"}
      - {type: dead_click, element: "#qty-plus"}
      - {type: dead_click, element: "#add-to-cart"}
      - {type: dead_click, element: "#buy"}
      - {type: dead_click, element: "#consent-accept"}
      - quick_back
      - excessive_scroll
"""


def on(signals: tuple[Signal, ...], kind: SignalType, element: str) -> list[Signal]:
    spec = ElementSpec.parse(element)
    return [s for s in signals if s.type is kind and s.element is not None and spec.matches(s.element)]


@pytest.mark.e2e
def test_rage_dead_and_error_clicks_are_flagged_on_their_elements_and_working_controls_are_not(
    run_yaml: RunYaml,
) -> None:
    outcome = run_yaml(SCENARIO)
    signals = outcome.signals
    described = [signal.describe() for signal in signals]

    [rage] = on(signals, SignalType.RAGE_CLICK, "#promo-banner")
    assert rage.count == 4, described
    assert urlsplit(rage.page_url).path == "/"
    assert on(signals, SignalType.DEAD_CLICK, "#newsletter"), described
    [error_click] = on(signals, SignalType.ERROR_CLICK, "#apply-coupon")
    assert "Coupon service unavailable" in error_click.reason
    for working in ("#qty-plus", "#add-to-cart", "#buy", "#consent-accept", "#nav-home", "#nav-cart"):
        assert on(signals, SignalType.DEAD_CLICK, working) == [], described
        assert on(signals, SignalType.RAGE_CLICK, working) == [], described

    observation = Observation(outcome.record, outcome.session, signals)
    verdict = signals_check.check(observation, outcome.record.scenario.expect["signals"])
    assert verdict.status is CheckStatus.PASSED, verdict.message


def scenario(*steps: str, expect: str = "") -> str:
    listed = "\n".join(f"  - {step}" for step in steps)
    return f"name: detector\nurl: /\ntag: {{config: {{delay: 100}}}}\nsteps:\n{listed}\n{expect}"


PRESENT_NEWSLETTER = "expect:\n  signals:\n    present: [{type: dead_click, element: '#newsletter'}]\n"
LONG_WINDOW = PRESENT_NEWSLETTER + "    detector: {dead_click_window_ms: 5000}\n"
"""Long enough that the next step surely comes inside it, whatever the machine's load."""


@pytest.mark.e2e
def test_a_click_the_next_step_follows_at_once_is_not_judged_and_the_evidence_says_why(
    run_yaml: RunYaml,
) -> None:
    outcome = run_yaml(
        scenario(
            "click: '#consent-accept'", "click: '#newsletter'", "evaluate: '0'", expect=PRESENT_NEWSLETTER
        )
    )
    assert on(outcome.signals, SignalType.DEAD_CLICK, "#newsletter") == []
    verdict = next(verdict for verdict in outcome.verdicts if verdict.check == "signals")
    assert verdict.status is CheckStatus.FAILED
    assert "not judged: 1 click on a button: the next scripted action began" in verdict.message, (
        verdict.message
    )
    assert any(item.summary.startswith("not judged: click on button#newsletter") for item in verdict.evidence)


@pytest.mark.e2e
def test_a_dead_click_step_waits_out_the_window_so_its_click_is_judged(run_yaml: RunYaml) -> None:
    outcome = run_yaml(
        scenario(
            "click: '#consent-accept'",
            "dead_click: '#newsletter'",
            "evaluate: '0'",
            expect=PRESENT_NEWSLETTER,
        )
    )
    [dead] = on(outcome.signals, SignalType.DEAD_CLICK, "#newsletter")
    assert "the window is 500 ms" in dead.reason
    verdict = next(verdict for verdict in outcome.verdicts if verdict.check == "signals")
    assert verdict.status is CheckStatus.PASSED, verdict.message


@pytest.mark.e2e
def test_a_popup_is_a_reaction_in_a_live_run_and_invisible_in_saved_uploads(run_yaml: RunYaml) -> None:
    opens_a_window = "document.getElementById('newsletter').addEventListener('click', () => window.open(''))"
    outcome = run_yaml(
        scenario("click: '#consent-accept'", f'evaluate: "{opens_a_window}"', "dead_click: '#newsletter'")
    )
    assert outcome.record.capture.popups_ms, "the run saw no popup"
    assert on(outcome.signals, SignalType.DEAD_CLICK, "#newsletter") == []
    offline = detect_signals(outcome.session, DetectorConfig())
    assert on(offline, SignalType.DEAD_CLICK, "#newsletter"), "saved uploads show no trace of the popup"
