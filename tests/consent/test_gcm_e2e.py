"""Google Consent Mode: a site whose consent comes from gtag('consent', 'default' | 'update', ...).

gtag.js cannot be downloaded here, so the page loads site/gcm-standin.js, a stand-in for Google's consent
state implementing exactly what clarity-js calls; the tag, the browser and the consent manager are real."""

from __future__ import annotations

import pytest

from tagprobe.checks.verdict import CheckStatus
from tagprobe.report.timeline import capture_timeline
from tests.consent.conftest import (
    ACCEPT,
    REJECT_IN_SETTINGS,
    SETTINGS,
    RunConsent,
    evidence_text,
    verdict,
)

pytestmark = pytest.mark.e2e


def gcm(expect: str, extra_steps: str = "") -> str:
    return f"""
name: Google Consent Mode
url: /gcm.html?tell=gcm
tag: {{mode: site, config: {{delay: 100, track: false}}}}
steps:
  - click: "#buy"
  - click: "{ACCEPT}"
  - click: "#buy"
{extra_steps}
expect:
  consent: {expect}
"""


def test_consent_from_google_consent_mode_names_the_gcm_source(run_consent: RunConsent) -> None:
    outcome = run_consent(gcm(f'{{policy: cookieless-until-consent, given_by: "{ACCEPT}", source: gcm}}'))
    consent = verdict(outcome, "consent")
    assert consent.status is CheckStatus.PASSED, (consent.message, evidence_text(consent))
    assert "analytics consent granted (source gcm)" in consent.message
    evidence = evidence_text(consent)
    assert "consent analytics denied, ad denied, source implicit" in evidence  # before: gtag default denied
    assert "consent analytics granted, ad granted, source gcm (Google Consent Mode)" in evidence
    assert "_clck, _clsk written" in evidence
    timeline = capture_timeline(outcome.record, outcome.record.scenario.expect["consent"], outcome.session)
    sources = [
        (state["source"], state["analytics"])
        for row in timeline["rows"]
        if row["kind"] == "upload"
        for state in row["consent_states"]
    ]
    assert sources[0] == ("implicit", "denied")
    assert ("gcm", "granted") in sources
    assert not {"_clck", "_clsk"} & set(timeline["cookies_before_consent"])


def test_a_required_source_the_site_does_not_use_fails(run_consent: RunConsent) -> None:
    outcome = run_consent(gcm(f'{{policy: cookieless-until-consent, given_by: "{ACCEPT}", source: api-v2}}'))
    consent = verdict(outcome, "consent")
    assert consent.status is CheckStatus.FAILED
    assert "analytics consent was granted by gcm (Google Consent Mode), not by api-v2" in consent.message


def test_a_consent_mode_withdrawal_reaches_the_tag(run_consent: RunConsent) -> None:
    withdraw = f'  - click: "{SETTINGS}"\n  - click: "{REJECT_IN_SETTINGS}"\n  - click: "#buy"\n'
    expect = f'{{policy: cookieless-until-consent, given_by: "{ACCEPT}", withdrawn_by: "{REJECT_IN_SETTINGS}", source: gcm}}'
    outcome = run_consent(gcm(expect, withdraw))
    consent = verdict(outcome, "consent")
    assert consent.status is CheckStatus.PASSED, (consent.message, evidence_text(consent))
    assert "consent analytics denied, ad denied, source gcm" in evidence_text(consent)
