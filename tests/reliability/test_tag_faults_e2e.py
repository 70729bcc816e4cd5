"""The tag cannot load, cannot upload, or never starts: the health check names the cause and the fix.

The wording asserted here comes from checks/health.py (see docs/troubleshooting.md)."""

from __future__ import annotations

from collections import Counter

import pytest

from tagprobe.capture.records import Transport
from tagprobe.checks.verdict import CheckStatus
from tagprobe.demo import DemoSite
from tests.reliability.conftest import Play, assert_capture_kept, failed_checks, verdict
from tests.reliability.hostile_site import HostileSite

pytestmark = pytest.mark.e2e

SHOPPING = """
name: shopping
url: /
tag: {config: {delay: 100}}
steps:
  - click: "#consent-accept"
  - click: "a[href='/product/1']"
  - click: "#add-to-cart"
"""


@pytest.mark.parametrize("status", [404, 500])
def test_a_tag_script_that_fails_to_load_is_named_with_its_status(
    play: Play, demo_site: DemoSite, status: int
) -> None:
    outcome = play(SHOPPING, demo_site.url, tag_script_status=status)
    health = verdict(outcome, "health")
    assert health.status is CheckStatus.FAILED
    assert health.message.startswith(
        f"the Clarity script https://scripts.clarity.ms/0.8.70/clarity.js was answered {status}, so the tag never ran"
    )
    assert "check the snippet's URLs" in health.message
    assert outcome.record.problem is None
    assert all(step.error is None for step in outcome.record.steps)
    assert outcome.record.duration_ms < 8000, "no waiting for pages a tag that never loaded cannot record"


def test_a_loader_that_fails_is_named_too(play: Play, demo_site: DemoSite) -> None:
    outcome = play(SHOPPING, demo_site.url, tag_loader_status=500)
    assert verdict(outcome, "health").message.startswith(
        "the Clarity loader https://www.clarity.ms/tag/tpdemo0001 was answered 500, so the tag never ran"
    )


def test_a_collector_answering_4xx_says_the_tag_shut_itself_down(play: Play, demo_site: DemoSite) -> None:
    outcome = play(SHOPPING, demo_site.url, collector_status=400)
    health = verdict(outcome, "health")
    assert health.message.startswith("the collector answered 400 to upload 0")
    assert "shuts itself down for the rest of the page after any 4xx" in health.message
    assert "make the collector (or a proxy in front of it) accept the uploads" in health.message
    assert outcome.record.capture.settled, "a page refused with a 4xx counts as ended: no wait for its beacon"
    assert_capture_kept(outcome)


def test_a_collector_answering_5xx_says_the_tag_retries_once(play: Play, demo_site: DemoSite) -> None:
    outcome = play(SHOPPING, demo_site.url, collector_status=503)
    health = verdict(outcome, "health")
    assert health.message.startswith("the collector answered 503 to upload 0 and ")
    assert "sends a failed upload once more, then drops it" in health.message
    # Per page and sequence, not in arrival order: the retry goes out when the 503 comes back, and on a
    # loaded machine the next upload's timer may fire first ([1, 2, 1]); a page left before the 503 came
    # back is never retried.
    attempts = Counter(
        (upload.envelope.page_key, upload.envelope.sequence)
        for upload in outcome.record.capture.uploads
        if upload.envelope and upload.envelope.transport is Transport.XHR
    )
    assert 2 in attempts.values(), "an upload sent once more"
    assert max(attempts.values()) == 2, "and only once more"
    assert_capture_kept(outcome)


def test_global_privacy_control_on_the_page_is_named(play: Play, hostile_site: HostileSite) -> None:
    outcome = play('name: gpc\nurl: /gpc\nsteps:\n  - click: "#go"\n', hostile_site.url)
    message = verdict(outcome, "health").message
    assert message.startswith(
        "the tag script loaded but never started: navigator.globalPrivacyControl is true"
    )
    assert "consent: {policy: global-privacy-control}" in message


def test_a_csp_that_blocks_the_tag_names_the_directive_to_change(
    play: Play, hostile_site: HostileSite
) -> None:
    outcome = play('name: csp\nurl: /csp-blocks-tag\nsteps:\n  - click: "#go"\n', hostile_site.url)
    assert verdict(outcome, "health").message == (
        "CSP script-src-elem blocked https://www.clarity.ms/tag/tagprobe00: "
        "add https://www.clarity.ms https://scripts.clarity.ms to script-src"
    )


def test_a_csp_that_blocks_the_uploads_names_connect_src(play: Play, hostile_site: HostileSite) -> None:
    outcome = play('name: csp\nurl: /csp-blocks-upload\nsteps:\n  - click: "#go"\n', hostile_site.url)
    message = verdict(outcome, "health").message
    assert message.startswith("CSP connect-src blocked https://tagprobe.clarity.ms/collect")
    assert message.endswith("add https://*.clarity.ms to connect-src")


def test_a_csp_written_for_clarity_lets_the_tag_upload(play: Play, hostile_site: HostileSite) -> None:
    """The policy Microsoft documents for Clarity must pass, though tagprobe's collector is not on clarity.ms."""
    outcome = play(
        'name: csp ok\nurl: /csp-allows-clarity\nsteps:\n  - click: "#go"\n  - wait_for: {uploads: 1}\n',
        hostile_site.url,
    )
    assert outcome.record.capture.csp_violations == ()
    assert verdict(outcome, "health").status is CheckStatus.PASSED, verdict(outcome, "health").message


def test_a_script_error_before_the_snippet_is_named(play: Play, hostile_site: HostileSite) -> None:
    outcome = play(
        'name: error first\nurl: /error-before-tag\ntag: {mode: site}\nsteps:\n  - click: "#go"\n',
        hostile_site.url,
    )
    message = verdict(outcome, "health").message
    assert message.startswith("the Clarity tag script was never requested, and the page threw an error first")
    assert "reading 'init'" in message
    assert "move the snippet into a <script> of its own" in message
    assert failed_checks(outcome) == {"health"}


def test_a_page_that_defines_window_clarity_itself_is_named(play: Play, hostile_site: HostileSite) -> None:
    outcome = play('name: impostor\nurl: /overwrites-clarity\nsteps:\n  - click: "#go"\n', hostile_site.url)
    message = verdict(outcome, "health").message
    assert "the page defines window.clarity itself (a object)" in message
    assert "set `tag: {mode: inject}`" in message
