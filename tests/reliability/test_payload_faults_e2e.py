"""Garbage reaches the collector while a scenario runs: the decoder reports each bad upload and the run,
the real uploads and the report all come through."""

from __future__ import annotations

import json

import pytest

from tagprobe.checks.verdict import CheckStatus
from tests.reliability.conftest import Play, assert_capture_kept, verdict, write_report
from tests.reliability.hostile_site import HostileSite

pytestmark = pytest.mark.e2e

ENVELOPE = ["0.8.70", 1, 0, 10, "garbage", "u-garbage", "s-garbage", 1, 0, 1, 0, "http://127.0.0.1/"]
GARBAGE = [
    "not a payload at all",
    "",
    json.dumps({"e": ENVELOPE, "a": [[1, 9, "x"]]})[:40],
    json.dumps({"e": ["0.8.70", "x", "y", "z", "p", "u", "s", "q", 0, 1, 0, "u"], "a": []}),
    json.dumps({"e": {"not": "a list"}}),
    json.dumps({"e": None}),
    "\x00\x01\x02 binary",
    "[" * 50_000 + "]" * 50_000,
]
SEND_GARBAGE = """async (bodies) => {
  const upload = performance.getEntriesByType("resource").map((entry) => entry.name)
    .find((name) => name.includes("/collect"));
  const send = (body) => fetch(upload, {method: "POST", body}).then((answer) => answer.status, () => 0);
  const statuses = [];
  for (const body of bodies) statuses.push(await send(body));
  statuses.push(await send(new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad])));
  return statuses;
}"""


def test_malformed_and_truncated_payloads_are_reported_and_never_stop_the_run(
    play: Play, hostile_site: HostileSite
) -> None:
    scenario = {
        "name": "garbage in",
        "url": "/",
        "tag": {"config": {"delay": 100}},
        "steps": [
            {"click": "#go"},
            {"wait_for": {"uploads": 1}},
            {"evaluate": f"({SEND_GARBAGE})({json.dumps(GARBAGE)})"},
            {"click": "#go"},
        ],
    }
    outcome = play(json.dumps(scenario), hostile_site.url)
    record = outcome.record
    assert record.problem is None
    assert all(step.error is None for step in record.steps)
    garbage = len(GARBAGE) + 1
    real = len(record.capture.uploads) - garbage
    assert real >= 2, "the tag's own uploads before and after the garbage"
    assert len(outcome.session.failures) == garbage
    assert outcome.session.pages, "the real uploads still decode into pages"
    malformed = [upload for upload in record.capture.uploads if upload.problem]
    assert any("gzip body could not be read" in (upload.problem or "") for upload in malformed)
    health = verdict(outcome, "health")
    assert health.status is CheckStatus.FAILED
    summaries = [evidence.summary for evidence in health.evidence]
    assert any("could not be decoded" in summary for summary in summaries)
    assert_capture_kept(outcome)
    assert write_report(outcome)["uploads"]["count"] == len(record.capture.uploads)
