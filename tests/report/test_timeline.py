"""The capture timeline: steps, cookie changes and uploads on one clock, and what happened before consent."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tagprobe.capture.records import CallSite, TagCall
from tagprobe.report.timeline import capture_timeline, consent_effect

from .factories import BASE, cookies, load_scenario, outcome, page_events, upload

CONSENT = """
name: Consent
url: /
steps:
  - click: "#consent-accept"
  - clarity: [consentv2, {ad_Storage: denied, analytics_Storage: denied}]
expect:
  consent:
    policy: cookieless-until-consent
    given_by: "#consent-accept"
"""


def test_uploads_and_cookies_before_consent_are_counted(tmp_path: Path) -> None:
    scenario = load_scenario(tmp_path, CONSENT)
    result = outcome(
        scenario,
        tmp_path / "reports",
        pages=[(BASE + "/", page_events())],
        uploads=[upload(0, 1150), upload(1, 1250)],
        snapshots=[cookies(1000, -1), cookies(1190, 0, "_clck", "theme"), cookies(1390, 2, "theme")],
    )
    timeline = capture_timeline(result.record, scenario.expect["consent"])
    assert timeline["consent_given_ms"] == 1200
    assert timeline["uploads_before_consent"] == 1
    assert timeline["cookies_before_consent"] == ["_clck", "theme"]
    rows = [
        (row["kind"], row.get("step") or row.get("upload"), row.get("consent")) for row in timeline["rows"]
    ]
    assert rows == [
        ("step", 1, None),
        ("upload", 0, None),
        ("cookies", None, None),
        ("step", 2, "given"),
        ("upload", 1, None),
        ("step", 3, "withdrawn"),
        ("cookies", None, None),
    ]
    removed = timeline["rows"][-1]
    assert removed["removed"] == ["_clck"]
    assert removed["clarity"] == []


def test_a_step_without_consent_options_changes_nothing(tmp_path: Path) -> None:
    scenario = load_scenario(tmp_path, CONSENT)
    assert [consent_effect(step, {}) for step in scenario.steps] == [None, None, "withdrawn"]


def test_without_a_consent_step_everything_came_before_consent(tmp_path: Path) -> None:
    scenario = load_scenario(tmp_path, 'name: Reject\nurl: /\nsteps:\n  - click: "#consent-reject"\n')
    result = outcome(
        scenario,
        tmp_path / "reports",
        pages=[(BASE + "/", page_events())],
        uploads=[upload(0, 1150)],
        snapshots=[cookies(1190, 0, "_clck")],
    )
    timeline = capture_timeline(result.record, {"policy": "cookieless-until-consent"})
    assert timeline["consent_given_ms"] is None
    assert (timeline["uploads_before_consent"], timeline["cookies_before_consent"]) == (1, ["_clck"])
    assert capture_timeline(result.record, {})["uploads_before_consent"] is None


def test_calls_to_the_tag_api_are_rows_naming_their_site(tmp_path: Path) -> None:
    scenario = load_scenario(tmp_path, CONSENT)
    result = outcome(
        scenario, tmp_path / "reports", pages=[(BASE + "/", page_events())], uploads=[upload(0, 900)]
    )
    site = CallSite(BASE + "/app.js", 12, 7)
    calls = (TagCall(850.0, "set", ("cart_items", 3), BASE + "/", True, site),)
    record = replace(result.record, capture=replace(result.record.capture, tag_calls=calls))
    rows = [row for row in capture_timeline(record, {})["rows"] if row["kind"] == "tag_call"]
    assert rows == [
        {
            "time_ms": 850.0,
            "kind": "tag_call",
            "call": 'clarity("set", "cart_items", 3)',
            "queued": True,
            "site": BASE + "/app.js:12:7",
            "page_url": BASE + "/",
        }
    ]


def test_each_upload_row_names_the_source_of_its_consent_states(tmp_path: Path) -> None:
    from tagprobe.decode.events import Consent
    from tagprobe.report.html import render_html
    from tagprobe.report.results_json import RunInfo, results_document

    scenario = load_scenario(tmp_path, CONSENT)
    reports = tmp_path / "reports"
    result = outcome(
        scenario,
        reports,
        pages=[(BASE + "/", [Consent(0, 47, 0, False, False), Consent(5, 47, 2, False, True)])],
        uploads=[upload(0, 1250)],
    )
    timeline = capture_timeline(result.record, scenario.expect["consent"], result.session)
    (row,) = [row for row in timeline["rows"] if row["kind"] == "upload"]
    assert row["consent_states"] == [
        {"source": "implicit", "source_code": 0, "analytics": "denied", "ad": "denied"},
        {"source": "gcm", "source_code": 2, "analytics": "granted", "ad": "denied"},
    ]
    info = RunInfo("0.1.0", "0.8.70", "Chromium 156", BASE, "2026-01-01T00:00:00+00:00", 3000.0)
    document = results_document([result], info, reports)
    rows = document["scenarios"][0]["timeline"]["rows"]
    assert [
        state["source"] for row in rows if row["kind"] == "upload" for state in row["consent_states"]
    ] == [
        "implicit",
        "gcm",
    ]
    assert "consent analytics granted, ad denied · source gcm" in render_html(document, reports)
