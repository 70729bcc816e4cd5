"""Pages that fight back: huge, never still, redirecting forever, or replacing what the tag relies on.
Whatever they do, the run returns, the capture decodes and nothing leaves the machine."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser

from tagprobe.assets import PinnedBuilds
from tagprobe.capture.limits import CaptureLimits
from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.checks.verdict import CheckStatus
from tagprobe.run.attached import AttachedRecording
from tagprobe.run.results import StepStatus
from tagprobe.run.settings import RunSettings
from tagprobe.run.steps import MAX_PICTURE_HEIGHT_PX
from tests.reliability.conftest import Play, assert_capture_kept, load_scenario, verdict, write_report
from tests.reliability.hostile_site import MARKUP_TEXT, HostileSite

pytestmark = pytest.mark.e2e


def scenario(url: str, *steps: object, delay: int = 100) -> str:
    return json.dumps({"name": url, "url": url, "tag": {"config": {"delay": delay}}, "steps": list(steps)})


def assert_decoded(outcome: ScenarioOutcome) -> None:
    assert outcome.session.failures == ()
    assert outcome.session.pages
    assert_capture_kept(outcome)


def test_a_very_large_dom_is_recorded(play: Play, hostile_site: HostileSite) -> None:
    """The tag walks a big DOM in time slices: the playback upload comes seconds later (tens of seconds on a
    loaded machine, so the wait for it is bounded generously: it ends when the upload arrives), and must
    decode. Step pictures of this page (hundreds of thousands of px tall) stop at 16,384 px: whole, each would
    take seconds."""
    outcome = play(
        scenario(
            "/big-dom?n=30000",
            {"wait_for": {"selector": "#big-upload-sent", "timeout_ms": 120_000}},
            {"click": "#go"},
        ),
        hostile_site.url,
        step_timeout_ms=10_000,
    )
    assert outcome.record.problem is None
    assert all(step.status is StepStatus.PASSED for step in outcome.record.steps)
    assert sum(len(upload.payload) for upload in outcome.record.capture.uploads) > 1_000_000
    pictures = [step.screenshot for step in outcome.record.steps if step.screenshot is not None]
    assert pictures
    for picture in pictures:
        with Image.open(picture) as image:
            assert image.height <= MAX_PICTURE_HEIGHT_PX, picture
    assert_decoded(outcome)


def last_beacons(outcome: ScenarioOutcome) -> int:
    return sum(1 for upload in outcome.record.capture.uploads if upload.envelope and upload.envelope.end)


def test_a_page_slow_to_leave_still_sends_its_last_beacon(play: Play, hostile_site: HostileSite) -> None:
    """Closing a page gives its pagehide handlers ~500 ms, then Chromium drops the page: on a loaded machine the
    tag's handler came later and its last beacon was lost ("the last uploads did not arrive in time"). The run
    leaves the page by a navigation first, which waits for the handlers."""
    outcome = play(
        scenario("/slow-to-leave", {"wait_for": {"uploads": 1}}, {"click": "#go"}), hostile_site.url
    )
    assert outcome.record.capture.settled
    assert last_beacons(outcome) == 1
    health = verdict(outcome, "health")
    assert health.status is CheckStatus.PASSED, health.message


def test_a_page_asking_before_leaving_is_left_and_sends_its_last_beacon(
    play: Play, hostile_site: HostileSite
) -> None:
    """A `beforeunload` guard (unsaved changes) shows its prompt once the visitor has clicked; the run answers
    it with "leave" instead of waiting out a navigation that a dismissed prompt would cancel."""
    outcome = play(
        scenario("/asks-before-leaving", {"wait_for": {"uploads": 1}}, {"click": "#go"}), hostile_site.url
    )
    assert outcome.record.problem is None
    assert outcome.record.capture.settled
    assert last_beacons(outcome) == 1
    assert outcome.record.duration_ms < 20_000, "a hang guard: no step or navigation timeout waited out"


def test_a_page_that_mutates_non_stop_is_recorded_and_settles(play: Play, hostile_site: HostileSite) -> None:
    outcome = play(
        scenario("/mutating", {"click": "#go"}, {"wait_for": {"uploads": 3}}, {"click": "#go"}),
        hostile_site.url,
    )
    assert outcome.record.capture.settled
    assert len(outcome.record.capture.uploads) >= 3
    assert_decoded(outcome)


def test_a_page_that_redirects_itself_forever_still_comes_back(play: Play, hostile_site: HostileSite) -> None:
    outcome = play(
        scenario(
            "/script-redirect-loop", {"wait_for": {"uploads": 2, "timeout_ms": 15_000}}, {"click": "#go"}
        ),
        hostile_site.url,
    )
    # A hang guard, not a speed target: 200 hops of ~50 ms, then each step may wait out its timeout and the
    # wait for a new page (the URL it saw is gone before the tag uploads from it). The wait for 2 uploads ends
    # when they arrive; on a loaded machine that takes seconds, and the run, which leaves the page at once,
    # no longer goes on recording hops while a close hangs.
    assert outcome.record.duration_ms < 30_000
    # Each hop is a page of its own; under load a hop can replace the page before its first load ends, and then
    # the run must say so in words instead of recording nothing silently.
    failed = outcome.record.failed_step
    said = outcome.record.problem or (failed.error if failed else None)
    assert len(outcome.session.pages) >= 2 or said, outcome.record.steps
    assert outcome.session.failures == ()
    assert_capture_kept(outcome)


def test_a_page_that_replaces_window_clarity_after_the_tag_loaded(
    play: Play, hostile_site: HostileSite
) -> None:
    outcome = play(
        scenario(
            "/overwrites-clarity-later",
            {"wait_for": {"uploads": 1}},
            {"evaluate": "new Promise((done) => setTimeout(done, 400))"},
            {"clarity": ["event", "never_recorded"]},
            {"click": "#go"},
        ),
        hostile_site.url,
    )
    assert all(step.status is StepStatus.PASSED for step in outcome.record.steps)
    assert "never_recorded" not in "".join(upload.payload for upload in outcome.record.capture.uploads)
    assert_decoded(outcome)


def test_a_page_that_replaces_history_methods(play: Play, hostile_site: HostileSite) -> None:
    outcome = play(
        scenario(
            "/overwrites-history",
            {"wait_for": {"uploads": 1}},
            {"evaluate": "new Promise((done) => setTimeout(done, 300))"},
            {"navigate": {"push": "/elsewhere"}},
            {"navigate": {"replace": "/again"}},
        ),
        hostile_site.url,
    )
    failed = outcome.record.steps[-1]
    assert failed.status is StepStatus.FAILED
    assert failed.error == "Error: replaceState is disabled on this site"
    assert outcome.record.problem is None
    assert_decoded(outcome)


def test_a_page_that_hijacks_send_beacon_cannot_get_the_payload_out(
    play: Play, hostile_site: HostileSite
) -> None:
    outcome = play(
        scenario(
            "/hijacks-beacon",
            {"click": "#go"},
            {"wait_for": {"uploads": 1}},
            {"navigate": {"push": "/next"}},
            {"click": "#go"},
        ),
        hostile_site.url,
    )
    attempts = outcome.record.capture.egress_attempts
    plain = [attempt for attempt in attempts if attempt.target == "http://evil.example/steal"]
    tunnelled = [attempt for attempt in attempts if attempt.target == "collector.evil.example:443"]
    assert plain
    assert tunnelled
    assert all(attempt.body_bytes > 0 and attempt.answered_status == 403 for attempt in plain)
    assert all(attempt.body_bytes == 0 for attempt in tunnelled), "no TLS tunnel was ever opened"
    assert not outcome.record.capture.settled, "the last beacons went to the hijacker, not the collector"
    assert verdict(outcome, "health").status is CheckStatus.FAILED
    assert_capture_kept(outcome)


def test_markup_in_page_text_survives_capture_and_decoding(play: Play, hostile_site: HostileSite) -> None:
    outcome = play(scenario("/markup", {"click": "#go"}, {"wait_for": {"uploads": 1}}), hostile_site.url)
    assert_decoded(outcome)
    assert any(json.dumps(MARKUP_TEXT)[1:-1] in upload.payload for upload in outcome.record.capture.uploads)
    assert any(MARKUP_TEXT in repr(page.events) for page in outcome.session.pages)
    assert any(MARKUP_TEXT in message.text for message in outcome.record.capture.console)
    write_report(outcome)


def test_past_the_capture_limits_a_run_keeps_a_prefix_and_says_what_it_left_out(
    play: Play, hostile_site: HostileSite
) -> None:
    outcome = play(
        scenario("/logs-non-stop", {"click": "#go"}, {"wait_for": {"uploads": 3}}, {"click": "#go"}),
        hostile_site.url,
        capture_limits=CaptureLimits(uploads=2, console_messages=100),
    )
    capture = outcome.record.capture
    assert len(capture.uploads) == 2
    assert capture.uploads_left_out >= 1
    assert len(capture.console) == 100
    assert any(note.startswith(f"{capture.uploads_left_out} later uploads") for note in capture.notes)
    assert (
        "there were more console messages than the first 100 a capture keeps; "
        "tagprobe stopped listening for them after those"
    ) in capture.notes
    assert outcome.record.duration_ms < 20_000, "a console flood must not slow the run down"
    assert any(
        "the capture is incomplete" in evidence.summary for evidence in verdict(outcome, "health").evidence
    )
    assert_capture_kept(outcome)


REDIRECT_RUNS = 20
RUN_BOUND_S = 60
"""A run of the redirecting page: two steps within their watchdog budgets, the close within its own bound,
then the escalation to the context and the settle time, with room for a loaded CI machine."""


@pytest.mark.timeout(REDIRECT_RUNS * RUN_BOUND_S + 120)
def test_the_redirecting_page_never_hangs_a_run_twenty_times_in_a_row(
    play: Play, hostile_site: HostileSite
) -> None:
    """Closing a page that replaces its location every 30 ms could block for good (Playwright's `close` has
    no timeout): the watchdog bounds it, and the scenario says why it stopped."""
    durations: list[float] = []
    for _ in range(REDIRECT_RUNS):
        started = time.monotonic()
        outcome = play(
            scenario("/script-redirect-loop", {"wait_for": {"uploads": 2}}, {"click": "#go"}),
            hostile_site.url,
        )
        durations.append(time.monotonic() - started)
        assert durations[-1] < RUN_BOUND_S, durations
        problem = outcome.record.problem
        assert problem is None or "so tagprobe closed the" in problem, problem
        assert all(step.error for step in outcome.record.steps if step.status is StepStatus.FAILED)
        assert outcome.session.failures == ()
    print(f"redirect runs: longest {max(durations):.1f} s, all {[round(d, 1) for d in durations]}")


def test_the_clarity_fixture_finishes_a_page_that_redirects_itself_forever_within_its_bound(
    guarded_browser: Browser, builds: PinnedBuilds, hostile_site: HostileSite, tmp_path: Path
) -> None:
    """The `clarity` fixture's end (run/attached.py) drains and closes the test's pages as a scenario's run
    does: under the watchdog, so a page that never lets go cannot hang the test."""
    settings = RunSettings(base_url=hostile_site.url, output_dir=tmp_path, builds=builds)
    scenario = load_scenario(tmp_path, "name: attached\nsteps: []\n")
    recording = AttachedRecording(settings, scenario.location)
    context = guarded_browser.new_context(**recording.context_options())
    try:
        recording.attach(context, scenario)
        page = context.new_page()
        page.goto(f"{hostile_site.url}/script-redirect-loop", wait_until="commit")
        started = time.monotonic()
        record = recording.finish(context, scenario)
        took_s = time.monotonic() - started
    finally:
        context.close()
        recording.close()
    assert took_s < RUN_BOUND_S, took_s
    assert record.problem is None or "so tagprobe closed the" in record.problem, record.problem


def test_the_clarity_fixture_gets_the_last_beacon_of_a_page_slow_to_leave(
    guarded_browser: Browser, builds: PinnedBuilds, hostile_site: HostileSite, tmp_path: Path
) -> None:
    """The `clarity` fixture's end leaves the test's pages before closing them, as a scenario's run does: a
    bare close gave the pagehide handlers ~500 ms and the page's last beacon was lost under load (health:
    "the last uploads did not arrive in time", seen in tests/test_playwright_session_e2e.py)."""
    settings = RunSettings(base_url=hostile_site.url, output_dir=tmp_path, builds=builds)
    scenario = load_scenario(tmp_path, "name: attached\ntag: {config: {delay: 100}}\nsteps: []\n")
    recording = AttachedRecording(settings, scenario.location)
    context = guarded_browser.new_context(**recording.context_options())
    try:
        recording.attach(context, scenario)
        page = context.new_page()
        page.goto(f"{hostile_site.url}/slow-to-leave")
        page.click("#go")
        record = recording.finish(context, scenario)
    finally:
        context.close()
        recording.close()
    assert record.capture.settled
    ends = [upload for upload in record.capture.uploads if upload.envelope and upload.envelope.end]
    assert len(ends) == 1
