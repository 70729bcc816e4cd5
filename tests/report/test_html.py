"""The HTML report, rendered without a browser: hostile page text stays text, secrets never appear, the
policy forbids the network, and the report still renders from results.json alone."""

from __future__ import annotations

import base64
import gzip
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tagprobe.capture.records import CallSite, TagCall
from tagprobe.checks.verdict import Evidence, Verdict
from tagprobe.detect.signal import ElementRef, Signal, SignalType
from tagprobe.report import html as report_html
from tagprobe.report.html import prepare_in_background, render_html, write_html
from tagprobe.report.results_json import RunInfo, results_document, write_results

from .factories import BASE, click, load_scenario, outcome, page_events, payload, upload

HOSTILE = "<script>window.__pwned='x'</script><img src=x onerror=\"window.__pwned='y'\">"
SECRET = "tok-5ecret-value"
NAME = json.dumps("Evil " + HOSTILE)
INFO = RunInfo("0.1.0", "0.8.70", "Chromium 156", BASE, "2026-01-01T00:00:00+00:00", 3000.0)


@pytest.fixture
def hostile_document(tmp_path: Path) -> tuple[dict[str, object], Path]:
    scenario = load_scenario(
        tmp_path,
        f"""
        name: {NAME}
        url: /
        steps:
          - click: "#x"
          - fill: {{selector: "#password", value: "{SECRET}"}}
        """,
    )
    scenario = replace(scenario, secrets=frozenset({SECRET}))
    reports = tmp_path / "reports"
    hostile_url = BASE + "/" + HOSTILE
    events = page_events(click(100, 20, 30, "x", text=HOSTILE))
    verdict = Verdict.failed(
        "masking",
        f"leaked {HOSTILE} and {SECRET}",
        Evidence(
            HOSTILE,
            upload_index=0,
            page_number=1,
            excerpt=f"</script><script>alert(1)</script> {SECRET}",
            location=HOSTILE,
        ),
    )
    signal = Signal(
        SignalType.DEAD_CLICK, 1, hostile_url, 100, 1, HOSTILE, ElementRef("button", "x", "", HOSTILE, "h-x")
    )
    result = outcome(
        scenario,
        reports,
        urls=[hostile_url, hostile_url],
        pages=[(hostile_url, events)],
        verdicts=[verdict],
        signals=[signal],
        uploads=[upload(0, 1150, text=payload(1, extra=f"{HOSTILE} {SECRET}"))],
    )
    result = replace(
        result, session=replace(result.session, pages=(replace(result.session.pages[0], url=hostile_url),))
    )
    document = results_document([result], INFO, reports)
    return document, reports


def test_page_text_is_escaped_everywhere(hostile_document: tuple[dict[str, object], Path]) -> None:
    document, reports = hostile_document
    html = render_html(document, reports)
    assert "<script>window" not in html
    assert "<img src=x" not in html
    assert "</script><script>" not in html
    assert "&lt;script&gt;window.__pwned" in html
    tags = re.findall(r"<script\b[^>]*>", html)
    assert len(tags) == 6, (
        "one main script, the replay library, and a scenario's uploads, stylesheets, page list and signals"
    )
    pages_json = re.search(r'<script type="application/json" id="[^"]+-pages">(.*?)</script>', html, re.S)
    assert pages_json is not None
    assert json.loads(pages_json.group(1)) == [BASE + "/" + HOSTILE]
    signals_json = re.search(r'<script type="application/json" id="[^"]+-signals">(.*?)</script>', html, re.S)
    assert signals_json is not None
    assert [signal["type"] for signal in json.loads(signals_json.group(1))] == ["dead_click"]
    assert json.loads(signals_json.group(1))[0]["label"] == "button#x"


def test_the_policy_allows_only_the_reports_own_scripts_and_no_network(
    hostile_document: tuple[dict[str, object], Path],
) -> None:
    document, reports = hostile_document
    html = render_html(document, reports)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy is not None
    directives = dict(part.strip().split(" ", 1) for part in policy.group(1).split(";"))
    nonce = re.search(r"'nonce-([^']+)'", directives["script-src"])
    assert directives["default-src"] == "'none'"
    assert nonce is not None
    assert directives["script-src"] == f"'nonce-{nonce.group(1)}'"
    assert directives["img-src"] == "data:"
    assert "connect-src" not in directives
    assert html.count(f'nonce="{nonce.group(1)}"') == 1
    assert not re.search(r'\s(?:src|href)="https?:', html), "nothing loads from the network"


def test_secrets_never_reach_the_report_results_json_or_replay(
    hostile_document: tuple[dict[str, object], Path],
) -> None:
    document, reports = hostile_document
    write_results(reports, document)
    html = write_html(reports, document).read_text(encoding="utf-8")
    assert SECRET not in html
    assert SECRET not in (reports / "results.json").read_text(encoding="utf-8")
    packed = re.search(r'<script type="application/octet-stream" id="[^"]+-uploads">([^<]+)</script>', html)
    assert packed is not None
    replayed = gzip.decompress(base64.b64decode(packed.group(1))).decode("utf-8")
    assert SECRET not in replayed
    assert "***" in replayed


def test_from_results_json_alone_a_scenario_with_secrets_gets_no_replay(
    hostile_document: tuple[dict[str, object], Path],
) -> None:
    document, reports = hostile_document
    plain = json.loads(json.dumps(document))
    html = render_html(plain, reports)
    assert "application/octet-stream" not in html
    assert "rendered without the scenario&#39;s secrets" in html
    assert SECRET not in html


def test_a_scenario_without_uploads_or_pictures_still_renders(tmp_path: Path) -> None:
    scenario = load_scenario(tmp_path, "name: Nothing\nurl: /\nsteps: []\n")
    result = outcome(scenario, tmp_path / "reports", pages=[], verdicts=[Verdict.failed("health", "no tag")])
    html = render_html(results_document([result], INFO, tmp_path / "reports"), tmp_path / "reports")
    assert "The tag recorded no page." in html
    assert "the tag sent no upload, so there is nothing to replay" in html
    assert 'id="player-bundle"' not in html


def test_heatmaps_are_saved_next_to_the_report(hostile_document: tuple[dict[str, object], Path]) -> None:
    document, reports = hostile_document
    html = write_html(reports, document).read_text(encoding="utf-8")
    assert (reports / "scenarios" / "unit" / "heatmap-page-1.jpg").is_file()
    assert 'href="scenarios/unit/heatmap-page-1.jpg"' in html
    assert 'data-heatmap="1"' in html


def test_the_template_prepared_while_scenarios_run_is_compiled_once(
    hostile_document: tuple[dict[str, object], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled: list[str] = []
    environment = report_html._environment

    def counting_environment() -> Any:
        compiled.append("index.html.j2")
        return environment()

    monkeypatch.setattr(report_html, "_environment", counting_environment)
    report_html._compiled_template.cache_clear()
    try:
        prepare_in_background()
        prepare_in_background()
        document, reports = hostile_document
        html = render_html(document, reports)
    finally:
        report_html._compiled_template.cache_clear()
    assert compiled == ["index.html.j2"], "the background work and the render share one compiled template"
    assert 'id="player-bundle"' in html


def test_a_kept_playwright_trace_is_linked_with_how_to_open_it(tmp_path: Path) -> None:
    scenario = load_scenario(tmp_path, "name: Traced\nurl: /\nsteps: []\n")
    reports = tmp_path / "reports"
    result = outcome(scenario, reports, pages=[], verdicts=[Verdict.failed("health", "no tag")])
    trace = reports / "scenarios" / "unit" / "trace.zip"
    trace.write_bytes(b"PK")
    result = replace(result, record=replace(result.record, trace=trace))
    document = results_document([result], INFO, reports)
    assert document["scenarios"][0]["trace"] == "scenarios/unit/trace.zip"
    html = render_html(document, reports)
    assert 'href="scenarios/unit/trace.zip"' in html
    assert "playwright show-trace scenarios/unit/trace.zip" in html


def test_calls_to_the_tag_api_are_listed_in_results_and_in_the_timeline(tmp_path: Path) -> None:
    scenario = load_scenario(tmp_path, "name: Calls\nurl: /\nsteps: []\n")
    result = outcome(scenario, tmp_path / "reports", pages=[])
    call = TagCall(850.0, "set", ("cart_items", 3), BASE + "/", False, CallSite(BASE + "/app.js", 12, 7))
    result = replace(
        result, record=replace(result.record, capture=replace(result.record.capture, tag_calls=(call,)))
    )
    document = results_document([result], INFO, tmp_path / "reports")
    (listed,) = document["scenarios"][0]["tag_calls"]
    assert listed["arguments"] == ["cart_items", 3]
    assert listed["site"] == {"script_url": BASE + "/app.js", "line": 12, "column": 7}
    html = render_html(document, tmp_path / "reports")
    assert "clarity(&#34;set&#34;, &#34;cart_items&#34;, 3)" in html
    assert f"at {BASE}/app.js:12:7" in html


def test_refused_hosts_are_summarised_once_and_chromiums_own_requests_are_not_the_sites(
    tmp_path: Path,
) -> None:
    from tagprobe.capture.records import EgressAttempt

    scenario = load_scenario(tmp_path, "name: Fonts\nurl: /\nsteps: []\n")
    result = outcome(scenario, tmp_path / "reports", pages=[])
    attempts = (
        EgressAttempt(10, "CONNECT", "fonts.googleapis.com:443"),
        EgressAttempt(11, "CONNECT", "fonts.googleapis.com:443"),
        EgressAttempt(12, "CONNECT", "content-autofill.googleapis.com:443"),
    )
    result = replace(
        result,
        record=replace(result.record, capture=replace(result.record.capture, egress_attempts=attempts)),
    )
    document = results_document([result], INFO, tmp_path / "reports")
    entry = document["scenarios"][0]
    assert [attempt["target"] for attempt in entry["egress_blocked"]] == ["fonts.googleapis.com:443"] * 2
    assert entry["browser_background_refused"] == ["content-autofill.googleapis.com:443"]
    html = render_html(document, tmp_path / "reports")
    assert "<code>--allow-host fonts.googleapis.com</code> would let them through" in html
    assert html.count("fonts.googleapis.com</span>: 2 request(s) refused") == 1
    assert "content-autofill" not in html.split("Not listed:")[0]
