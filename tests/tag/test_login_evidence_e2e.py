"""Issue #13's lost login tags: the captured uploads are what a page that never called `set`/`identify` sends.

The evidence (tests/fixtures/uploads/login-lost-tags.jsonl) shows the consent click reaching the running tag, the
click on "Sign in" and the form's Submit, then the page's last upload 2 ms later with no Variable event, and a
normal next page without one either. Measured on the real tag (tests/tag/test_clarity_facts_e2e.py): a `set` made
on the running tag is sent even when a route change follows in the same tick, and a `set` made while the tag
restarts is sent with the next page. So calls that were made cannot leave this trace; a page that skips them
(the demo shop's `tags-missing` defect) leaves exactly this trace, upload for upload."""

from __future__ import annotations

from pathlib import Path

import pytest

from tagprobe.assets import PinnedBuilds
from tagprobe.capture.uploads_file import read_uploads
from tagprobe.checks.verdict import CheckStatus
from tagprobe.decode.events import Click, Consent, Event, OtherEvent, Variables
from tagprobe.decode.session import RecordedPage, RecordedSession, decode_session
from tests.conftest import RunYaml

pytestmark = pytest.mark.e2e

EVIDENCE = Path(__file__).parents[1] / "fixtures" / "uploads" / "login-lost-tags.jsonl"
LOGIN = Path(__file__).parents[2] / "scenarios" / "login.scenario.yaml"
SUBMIT = 39
CONSENTV2 = 5
"""Clarity's ConsentSource for a `clarity("consentv2", ...)` call (tagprobe.decode.consent_source)."""


def kinds(events: tuple[Event, ...]) -> set[int]:
    """Clarity's event numbers: what a page sent, not when or how often."""
    return {event.type for event in events}


def signature(session: RecordedSession) -> tuple[set[int], bool, bool]:
    """What the login page sent after its first upload (the steps: consent, typing, the Submit and the page's
    end), whether the tag went on to record the next page in the same session, and whether any Variable was sent."""
    login, home = session.pages[:2]
    after_first_upload = kinds(tuple(event for upload in login.uploads[1:] for event in upload.events))
    same_session = (home.session_id, home.page_num) == (login.session_id, login.page_num + 1)
    sent_variables = any(page.of_type(Variables) for page in session.pages)
    return after_first_upload, same_session, sent_variables


def submit_ms(page: RecordedPage) -> int:
    return next(event.time for event in page.events if isinstance(event, OtherEvent) and event.type == SUBMIT)


@pytest.fixture(scope="module")
def evidence(builds: PinnedBuilds) -> RecordedSession:
    return decode_session([line.payload for line in read_uploads(EVIDENCE)], builds)


def test_in_the_evidence_the_page_reached_the_running_tag_before_it_lost_the_tags(
    evidence: RecordedSession,
) -> None:
    """The consent click's consentv2 call was recorded by the running tag, so window.clarity was the live tag
    260 ms before the Submit, and the tag ran on until the page's last upload right after it."""
    login = evidence.pages[0]
    accept = next(event for event in login.of_type(Click) if event.text == "Accept")
    consentv2 = [event for event in login.of_type(Consent) if event.source == CONSENTV2]
    assert [event.time >= accept.time for event in consentv2] == [True]
    assert login.uploads[-1].envelope.end
    assert login.uploads[-1].envelope.sequence == len(login.uploads)
    assert 0 <= login.uploads[-1].envelope.start + login.uploads[-1].envelope.duration - submit_ms(login) <= 3
    assert not [page for page in evidence.pages if page.of_type(Variables)]


def test_the_evidence_is_what_the_login_sends_when_the_page_never_calls_the_tag_api(
    evidence: RecordedSession, run_yaml: RunYaml
) -> None:
    text = LOGIN.read_text(encoding="utf-8")
    skipped = run_yaml(text, defect="tags-missing", slug="login-never-calls")
    called = run_yaml(text, slug="login-calls")

    assert signature(skipped.session) == signature(evidence)
    assert signature(called.session) != signature(evidence)
    tags = next(verdict for verdict in skipped.verdicts if verdict.check == "tags")
    assert tags.status is CheckStatus.FAILED
    reasons = " ".join(item.summary for item in tags.evidence)
    assert "tag plan=gold was not sent (found plan: nothing): no clarity('set', 'plan', …) call" in reasons
