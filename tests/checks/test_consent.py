"""The consent check on hand-built captures: the second half of a promise, the consent moment, the source
a consent came from, and a withdrawal the tag never heard of. (End-to-end on a real consent manager:
tests/consent/.)"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tagprobe.capture.records import CookieSnapshot, Upload
from tagprobe.checks.consent import check
from tagprobe.checks.observation import Observation
from tagprobe.checks.verdict import CheckStatus, Verdict
from tagprobe.decode.events import Consent, Event
from tests.report.factories import BASE, cookies, load_scenario, outcome, upload

# steps start at 1100 (the page load), 1200 (wait_for), 1300 (accept), 1400 (withdraw), 1500; 50 ms each
SCENARIO = """
name: Consent
url: /
steps:
  - wait_for: {selector: "#accept"}
  - click: "#accept"
  - click: "#withdraw"
  - click: "#buy"
expect:
  consent: {policy: cookieless-until-consent, given_by: "#accept"}
"""
DENIED_AT_START = Consent(0, 47, 0, False, False)
GRANTED_BY_API = Consent(10, 47, 5, True, True)
GRANTED_BY_GCM = Consent(10, 47, 2, True, True)
DENIED_BY_API = Consent(20, 47, 5, False, False)
BOTH_COOKIES = ("_clck", "_clsk")


def judge(
    tmp_path: Path,
    options: dict[str, object],
    uploads: Sequence[tuple[Upload, Sequence[Event]]],
    snapshots: Sequence[CookieSnapshot],
) -> Verdict:
    scenario = load_scenario(tmp_path, SCENARIO)
    result = outcome(
        scenario,
        tmp_path / "reports",
        pages=[(BASE + "/", events) for _, events in uploads],
        uploads=[item for item, _ in uploads],
        snapshots=snapshots,
    )
    return check(Observation(result.record, result.session, (), {"consent": options}), options)


def test_the_moment_is_the_click_not_the_wait_for_on_the_same_selector(tmp_path: Path) -> None:
    verdict = judge(
        tmp_path,
        {"policy": "cookieless-until-consent", "given_by": "#accept"},
        [(upload(0, 1150), [DENIED_AT_START]), (upload(1, 1360), [GRANTED_BY_API])],
        [cookies(1160, 0), cookies(1360, 2, *BOTH_COOKIES)],
    )
    assert verdict.status is CheckStatus.PASSED, verdict.message
    assert "until step 3 click(selector='#accept')" in verdict.message
    assert "granted (source api-v2)" in verdict.message


def test_a_consent_the_tag_never_got_fails_the_second_half(tmp_path: Path) -> None:
    verdict = judge(
        tmp_path,
        {"policy": "cookieless-until-consent", "given_by": "#accept"},
        [(upload(0, 1150), [DENIED_AT_START]), (upload(1, 1360), [])],
        [cookies(1160, 0), cookies(1360, 2)],
    )
    assert verdict.status is CheckStatus.FAILED
    assert "never passed consent to the tag" in verdict.message
    assert any("did not write both _clck and _clsk" in item.summary for item in verdict.evidence)


def test_after_consent_cookieless_is_a_promise_of_its_own(tmp_path: Path) -> None:
    options = {"policy": "cookieless-until-consent", "given_by": "#accept", "after_consent": "cookieless"}
    uploads = [(upload(0, 1150), [DENIED_AT_START]), (upload(1, 1360), [])]
    kept = judge(tmp_path, options, uploads, [cookies(1360, 2)])
    assert kept.status is CheckStatus.PASSED, kept.message
    broken = judge(tmp_path, options, uploads, [cookies(1360, 2, *BOTH_COOKIES)])
    assert broken.status is CheckStatus.FAILED
    assert "written after consent, although the site promises to stay cookieless" in broken.message


def test_a_required_source_must_be_the_one_that_granted(tmp_path: Path) -> None:
    uploads = [(upload(0, 1150), [DENIED_AT_START]), (upload(1, 1360), [GRANTED_BY_API])]
    snapshots = [cookies(1360, 2, *BOTH_COOKIES)]
    options = {"policy": "cookieless-until-consent", "given_by": "#accept", "source": "gcm"}
    verdict = judge(tmp_path, options, uploads, snapshots)
    assert verdict.status is CheckStatus.FAILED
    assert 'analytics consent was granted by api-v2 (clarity("consentv2")), not by gcm' in verdict.message
    gcm = judge(
        tmp_path,
        options,
        [(upload(0, 1150), [DENIED_AT_START]), (upload(1, 1360), [GRANTED_BY_GCM])],
        snapshots,
    )
    assert gcm.status is CheckStatus.PASSED, gcm.message


WITHDRAWAL = {"policy": "cookieless-until-consent", "given_by": "#accept", "withdrawn_by": "#withdraw"}
BEFORE_WITHDRAWAL = [(upload(0, 1150), [DENIED_AT_START]), (upload(1, 1360), [GRANTED_BY_API])]
WITHDRAWN_COOKIES = [cookies(1360, 2, *BOTH_COOKIES), cookies(1460, 3)]


def test_a_withdrawal_the_tag_never_heard_of_fails_with_the_fix(tmp_path: Path) -> None:
    went_on = (upload(2, 1520, page_num=1), [])  # the same page, a regular upload after the withdrawal step
    verdict = judge(tmp_path, WITHDRAWAL, [*BEFORE_WITHDRAWAL, went_on], WITHDRAWN_COOKIES)
    assert verdict.status is CheckStatus.FAILED
    assert "went on recording the same session with analytics consent still granted" in verdict.message
    assert "clarity('stop')" in verdict.message


def test_a_withdrawal_the_tag_records_as_denied_passes(tmp_path: Path) -> None:
    restarted = (upload(2, 1520, page_num=2), [DENIED_BY_API])
    verdict = judge(tmp_path, WITHDRAWAL, [*BEFORE_WITHDRAWAL, restarted], WITHDRAWN_COOKIES)
    assert verdict.status is CheckStatus.PASSED, verdict.message


def test_cookies_left_after_withdrawal_fail(tmp_path: Path) -> None:
    restarted = (upload(2, 1520, page_num=2), [DENIED_BY_API])
    kept = [cookies(1360, 2, *BOTH_COOKIES), cookies(1460, 3, "_clck")]
    verdict = judge(tmp_path, WITHDRAWAL, [*BEFORE_WITHDRAWAL, restarted], kept)
    assert verdict.status is CheckStatus.FAILED
    assert verdict.message.endswith(
        "_clck still set after withdrawal, after step 4 click(selector='#withdraw')"
    )
