"""The consent moment is the action that gave consent, never a wait or a hover on the same selector."""

from __future__ import annotations

from pathlib import Path

from tagprobe.checks.consent_moment import ConsentEffect, consent_effect
from tests.report.factories import load_scenario

SCENARIO = """
name: Moment
url: /
steps:
  - wait_for: {selector: "#accept"}
  - hover: "#accept"
  - click: "#accept"
  - press: {selector: "#withdraw", key: Enter}
  - clarity: [consentv2, {ad_Storage: granted, analytics_Storage: granted}]
  - clarity: [consentv2, {ad_Storage: denied, analytics_Storage: denied}]
  - clarity: [consent, false]
  - clarity: [event, bought]
  - evaluate: "CookieConsent.acceptCategory('analytics')"
  - wait_for: {selector: "#withdraw"}
"""
OPTIONS = {"given_by": "#accept", "withdrawn_by": "#withdraw"}


def test_only_actions_on_the_selector_and_consent_calls_count(tmp_path: Path) -> None:
    steps = load_scenario(tmp_path, SCENARIO).steps
    effects = [consent_effect(step, OPTIONS) for step in steps]
    given, withdrawn = ConsentEffect.GIVEN, ConsentEffect.WITHDRAWN
    # steps[0] is the scenario's `url`, loaded as the first step
    assert effects[1:] == [None, None, given, withdrawn, given, withdrawn, withdrawn, None, None, None]
    calls = {"given_by": "acceptCategory('analytics')"}
    assert consent_effect(steps[-2], calls) is given
