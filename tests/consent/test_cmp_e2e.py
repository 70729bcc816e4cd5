"""A real consent manager (vanilla-cookieconsent, from npm) in front of the real tag: its script-blocking
install and its callback install; accept, reject, withdraw; and a consent manager that never passes
consent on, which must fail."""

from __future__ import annotations

import pytest

from tagprobe.checks.verdict import CheckStatus
from tagprobe.report.timeline import capture_timeline
from tests.consent.conftest import (
    ACCEPT,
    REJECT,
    REJECT_IN_SETTINGS,
    SETTINGS,
    RunConsent,
    evidence_text,
    verdict,
)

pytestmark = pytest.mark.e2e


def blocking(query: str = "", expect: str = "", steps: str = "") -> str:
    return f"""
name: script blocking
url: /blocking.html{query}
tag: {{mode: site, config: {{delay: 100, track: false}}}}
steps:
  - wait_for: {{selector: "{ACCEPT}"}}
{steps}
expect:
  consent: {expect}
"""


ACCEPT_STEPS = f"""  - click: "{ACCEPT}"
  - click: "#buy"
"""


def test_blocking_install_accept_loads_the_tag_with_consent_granted(run_consent: RunConsent) -> None:
    outcome = run_consent(
        blocking(
            expect=f'{{policy: blocked-until-consent, given_by: "{ACCEPT}", source: api-v2}}',
            steps=ACCEPT_STEPS,
        )
    )
    consent = verdict(outcome, "consent")
    assert consent.status is CheckStatus.PASSED, (consent.message, evidence_text(consent))
    assert "analytics consent granted (source api-v2" in consent.message
    assert verdict(outcome, "health").status is CheckStatus.PASSED
    # the consent moment is the click, not the wait_for on the same selector before it
    timeline = capture_timeline(outcome.record, outcome.record.scenario.expect["consent"], outcome.session)
    click = next(result for result in outcome.record.steps if result.step.action == "click")
    assert timeline["consent_given_ms"] == click.started_ms
    assert timeline["uploads_before_consent"] == 0
    states = [state for row in timeline["rows"] if row["kind"] == "upload" for state in row["consent_states"]]
    assert {"source": "api-v2", "source_code": 5, "analytics": "granted", "ad": "granted"} in states


def test_blocking_install_a_cmp_that_never_passes_consent_fails(run_consent: RunConsent) -> None:
    outcome = run_consent(
        blocking(
            "?tell=none",
            expect=f'{{policy: blocked-until-consent, given_by: "{ACCEPT}"}}',
            steps=ACCEPT_STEPS,
        )
    )
    consent = verdict(outcome, "consent")
    assert consent.status is CheckStatus.FAILED
    assert "never passed consent to the tag" in consent.message
    assert "consentv2" in consent.message
    assert "analytics denied" in evidence_text(consent)
    assert "did not write both _clck and _clsk" in evidence_text(consent)


def test_blocking_install_reject_keeps_the_tag_from_loading(run_consent: RunConsent) -> None:
    outcome = run_consent(
        blocking(
            expect="{policy: blocked-until-consent}", steps=f'  - click: "{REJECT}"\n  - click: "#buy"\n'
        )
    )
    assert outcome.record.capture.tag_requests == ()
    consent = verdict(outcome, "consent")
    assert consent.status is CheckStatus.PASSED, consent.message
    health = verdict(outcome, "health")
    assert health.status is CheckStatus.PASSED
    assert health.message.startswith("not loaded: blocked until consent")


def test_blocking_install_stays_cookieless_after_consent_when_promised(run_consent: RunConsent) -> None:
    expect = f'{{policy: blocked-until-consent, given_by: "{ACCEPT}", after_consent: cookieless}}'
    outcome = run_consent(blocking("?tell=none", expect=expect, steps=ACCEPT_STEPS))
    consent = verdict(outcome, "consent")
    assert consent.status is CheckStatus.PASSED, (consent.message, evidence_text(consent))
    assert "stayed cookieless" in consent.message


def callback(query: str = "", expect: str = "", steps: str = "") -> str:
    return f"""
name: consent callbacks
url: /callback.html{query}
tag: {{mode: site, config: {{delay: 100, track: false}}}}
steps:
{steps}
expect:
  consent: {expect}
"""


def test_callback_install_accept_turns_cookies_on(run_consent: RunConsent) -> None:
    outcome = run_consent(
        callback(
            expect=f'{{policy: cookieless-until-consent, given_by: "{ACCEPT}", source: api-v2}}',
            steps=ACCEPT_STEPS,
        )
    )
    consent = verdict(outcome, "consent")
    assert consent.status is CheckStatus.PASSED, (consent.message, evidence_text(consent))
    assert "source implicit" in evidence_text(consent)  # before consent: the start config's track: false


def test_callback_install_reject_stays_cookieless(run_consent: RunConsent) -> None:
    outcome = run_consent(
        callback(
            expect="{policy: cookieless-until-consent}", steps=f'  - click: "{REJECT}"\n  - click: "#buy"\n'
        )
    )
    consent = verdict(outcome, "consent")
    assert consent.status is CheckStatus.PASSED, (consent.message, evidence_text(consent))


WITHDRAW_STEPS = f"""  - click: "{ACCEPT}"
  - click: "#buy"
  - click: "{SETTINGS}"
  - click: "{REJECT_IN_SETTINGS}"
  - click: "#buy"
  - dblclick: "#buy"
"""


def withdrawal(query: str) -> str:
    expect = (
        f'{{policy: cookieless-until-consent, given_by: "{ACCEPT}", withdrawn_by: "{REJECT_IN_SETTINGS}"}}'
    )
    return callback(query, expect=expect, steps=WITHDRAW_STEPS)


def test_callback_install_withdrawal_that_tells_the_tag_passes(run_consent: RunConsent) -> None:
    outcome = run_consent(withdrawal(""))
    consent = verdict(outcome, "consent")
    assert consent.status is CheckStatus.PASSED, (consent.message, evidence_text(consent))


def test_a_withdrawal_the_tag_never_hears_of_fails_with_the_fix(run_consent: RunConsent) -> None:
    outcome = run_consent(withdrawal("?withdraw=none"))
    consent = verdict(outcome, "consent")
    assert consent.status is CheckStatus.FAILED
    assert "went on recording the same session with analytics consent still granted" in consent.message
    assert "clarity('consentv2', {ad_Storage: 'denied', analytics_Storage: 'denied'})" in consent.message
    assert "clarity('stop')" in consent.message


def test_a_page_error_while_blocked_fails_errors_but_is_not_taken_for_a_broken_snippet(
    run_consent: RunConsent,
) -> None:
    steps = f'  - click: "{REJECT}"\n  - click: "#buy"\n'
    text = blocking("?unguarded=1", expect="{policy: blocked-until-consent}", steps=steps) + "  errors: {}\n"
    outcome = run_consent(text)
    errors = verdict(outcome, "errors")
    assert errors.status is CheckStatus.FAILED
    assert "clarity is not a function" in errors.message + evidence_text(errors)
    assert "called while the tag was blocked or gated" in errors.message + evidence_text(errors)
    assert any("clarity is not a function" in error.message for error in outcome.record.capture.page_errors)
    health = verdict(outcome, "health")
    assert health.status is CheckStatus.PASSED
    assert health.message.startswith("not loaded: blocked until consent")
    assert "Code before the snippet" not in health.message + evidence_text(health)
    assert "loaded and sent" not in health.message


def auto(steps: str) -> str:
    return f"""
name: a site I did not write
url: /blocking.html
tag: {{config: {{delay: 100, track: false}}}}
steps:
{steps}
"""


def test_auto_mode_takes_a_snippet_the_cmp_holds_back_for_the_sites_own(run_consent: RunConsent) -> None:
    outcome = run_consent(auto(f'  - click: "{REJECT}"\n  - click: "#buy"\n'))
    assert outcome.record.capture.tag_requests == ()  # tagprobe injected no snippet of its own
    health = verdict(outcome, "health")
    assert health.status is CheckStatus.PASSED, health.message
    assert health.message == (
        'not loaded: blocked until consent: the page holds its Clarity snippet in <script type="text/plain" '
        'data-category="analytics">, which its consent manager runs once the visitor consents'
    )


def test_auto_mode_records_the_sites_snippet_once_the_cmp_releases_it(run_consent: RunConsent) -> None:
    outcome = run_consent(auto(ACCEPT_STEPS))
    loaders = [request.url for request in outcome.record.capture.tag_requests if request.kind == "loader"]
    assert loaders == ["https://www.clarity.ms/tag/cmpsite01"]
    health = verdict(outcome, "health")
    assert health.status is CheckStatus.PASSED, health.message


def test_a_call_of_the_consent_managers_api_is_a_consent_moment(run_consent: RunConsent) -> None:
    steps = '  - evaluate: "CookieConsent.acceptCategory(\'analytics\')"\n  - click: "#buy"\n'
    outcome = run_consent(
        callback(expect="{policy: cookieless-until-consent, given_by: acceptCategory}", steps=steps)
    )
    consent = verdict(outcome, "consent")
    assert consent.status is CheckStatus.PASSED, (consent.message, evidence_text(consent))
    assert "until step 2 evaluate" in consent.message
