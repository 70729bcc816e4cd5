"""The detector on a real run: the demo shop in real Chromium with the real tag, through tagprobe's pipeline."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tagprobe.checks import signals as signals_check
from tagprobe.checks.observation import Observation
from tagprobe.checks.verdict import CheckStatus
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
