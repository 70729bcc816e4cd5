"""results.json: stable keys for machines, documented in docs/results-format.md; change only by adding keys.

The same document renders the HTML report, so everything the report shows is in results.json too, except the
pictures and the uploads, which stay files next to it (paths are relative to the reports folder)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tagprobe.capture.records import TagCall, Upload
from tagprobe.capture.refused_hosts import is_browser_service, refused_hosts, site_attempts
from tagprobe.checks import spa, tags
from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.checks.verdict import CheckStatus, Comparison, Evidence
from tagprobe.report.artifacts import STYLESHEETS_FILE, UPLOADS_FILE
from tagprobe.report.pages import page_facts, page_pictures
from tagprobe.report.redaction import Redactor
from tagprobe.report.replay_styles import masked_regions
from tagprobe.report.timeline import capture_timeline

RESULTS_FILE = "results.json"
SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class RunInfo:
    tagprobe_version: str
    tag_version: str
    browser: str
    base_url: str
    started_at: str
    duration_ms: float
    site: str = ""
    """What was tested, in words: the built-in demo shop (and the defect it was served with) or the site at the
    base URL (and where that URL came from)."""


class ResultsDocument(dict[str, Any]):
    """The results document, plus what only the HTML report may use and results.json must never hold: how to
    redact each scenario's raw uploads (its secrets) for the replay. Serialises as a plain dict."""

    def __init__(self, data: Mapping[str, Any], redactors: Sequence[Redactor]) -> None:
        super().__init__(data)
        self.redactors = tuple(redactors)


def _tag_call(call: TagCall) -> dict[str, Any]:
    return {
        "time_ms": call.called_ms,
        "method": call.method,
        "arguments": list(call.arguments),
        "page_url": call.page_url,
        "queued": call.queued,
        "site": asdict(call.site) if call.site else None,
        "caller": asdict(call.caller) if call.caller else None,
    }


def relative_path(path: Path, reports_dir: Path) -> str:
    """A path inside the reports folder as the report links it; anything else stays absolute."""
    return path.relative_to(reports_dir).as_posix() if path.is_relative_to(reports_dir) else str(path)


def _steps(outcome: ScenarioOutcome, reports_dir: Path) -> list[dict[str, Any]]:
    scenario = outcome.record.scenario
    return [
        {
            "step": result.step.describe(scenario.secrets),
            "file": str(result.step.location.file),
            "line": result.step.location.line,
            "status": result.status.value,
            "duration_ms": round(result.duration_ms, 1),
            "error": result.error,
            "number": number,
            "started_ms": round(result.started_ms, 1),
            "url": result.url,
            "screenshot": relative_path(result.screenshot, reports_dir) if result.screenshot else None,
        }
        for number, result in enumerate(outcome.record.steps, start=1)
    ]


def _pages(outcome: ScenarioOutcome, reports_dir: Path) -> list[dict[str, Any]]:
    record = outcome.record
    pictures = page_pictures(outcome.session.pages, record.steps, record.capture.uploads)
    pages = []
    for page in outcome.session.pages:
        picture = pictures.get(page.number)
        pages.append(
            {
                "number": page.number,
                "url": page.url,
                "page_num": page.page_num,
                "uploads": len(page.uploads),
                "events": len(page.events),
                "screenshot": relative_path(picture.screenshot, reports_dir)
                if picture and picture.screenshot
                else None,
                "screenshot_step": record.steps.index(picture) + 1 if picture else None,
                **page_facts(page, outcome.signals),
            }
        )
    return pages


def _evidence(evidence: Evidence, uploads: Sequence[Upload], redactor: Redactor) -> dict[str, Any]:
    """The evidence, plus the stretch of its upload around the first value that must stay hidden, masked."""
    upload = next((item for item in uploads if item.index == evidence.upload_index), None)
    leak = redactor.leak_excerpt(upload.payload) if upload is not None else None
    return {**asdict(evidence), "payload_excerpt": leak}


def _signals(outcome: ScenarioOutcome) -> list[dict[str, Any]]:
    return [
        {
            **asdict(signal),
            "type": signal.type.value,
            "element_label": signal.element.describe() if signal.element else None,
        }
        for signal in outcome.signals
    ]


def _compared(outcome: ScenarioOutcome, check: str) -> tuple[Comparison, ...]:
    return next((verdict.comparison for verdict in outcome.verdicts if verdict.check == check), ())


def _expectations(outcome: ScenarioOutcome) -> dict[str, Any]:
    """The tables of what the spa and tags checks compared, row for row as they judged it."""
    routes = _compared(outcome, spa.NAME)
    expected_routes = {
        "routes": [
            {"route": row.name, "page": row.page_number, "url": row.url, "ok": row.ok}
            for row in routes
            if row.kind == "route"
        ],
        "other_pages": [{"page": row.page_number, "url": row.url} for row in routes if row.kind == "page"],
    }
    expected_tags = [
        {"kind": row.kind, "name": row.name, "expected": row.expected, "found": list(row.found), "ok": row.ok}
        for row in _compared(outcome, tags.NAME)
    ]
    return {
        "expected_routes": expected_routes if routes else None,
        "tags": {
            "variables": tags.found_tags(outcome.session),
            "events": tags.found_events(outcome.session),
            "expected": expected_tags,
        },
    }


def scenario_to_dict(
    outcome: ScenarioOutcome, reports_dir: Path, redactor: Redactor | None = None
) -> dict[str, Any]:
    record = outcome.record
    scenario = record.scenario
    artifacts = Path(outcome.artifacts_dir)
    consent = scenario.expect.get("consent")
    redactor = redactor or Redactor.for_scenario(scenario)
    data = {
        "name": scenario.name,
        "file": str(scenario.location.file),
        "line": scenario.location.line,
        "status": outcome.status.value,
        "duration_ms": record.duration_ms,
        "problem": record.problem,
        "checks": [
            {
                "check": verdict.check,
                "status": verdict.status.value,
                "warned": verdict.warned,
                "message": verdict.message,
                "evidence": [
                    _evidence(evidence, record.capture.uploads, redactor) for evidence in verdict.evidence
                ],
            }
            for verdict in outcome.verdicts
        ],
        "steps": _steps(outcome, reports_dir),
        "pages": _pages(outcome, reports_dir),
        "uploads": {
            "count": len(record.capture.uploads),
            "bytes": sum(upload.body_bytes for upload in record.capture.uploads),
            "file": relative_path(artifacts / UPLOADS_FILE, reports_dir),
        },
        "stylesheets": {
            "count": len(record.capture.stylesheets),
            "bytes": sum(len(sheet.text.encode("utf-8")) for sheet in record.capture.stylesheets),
            "file": relative_path(artifacts / STYLESHEETS_FILE, reports_dir)
            if (artifacts / STYLESHEETS_FILE).is_file()
            else None,
            "left_out": list(record.capture.stylesheets_left_out),
            "assets": len(record.capture.stylesheet_assets),
            "images_masked_in": masked_regions(record.scenario.tag.start_config),
        },
        "egress_blocked": [asdict(attempt) for attempt in site_attempts(record.capture.egress_attempts)],
        "egress_refused_hosts": [asdict(host) for host in refused_hosts(record.capture.egress_attempts)],
        "browser_background_refused": [
            attempt.target for attempt in record.capture.egress_attempts if is_browser_service(attempt)
        ],
        "tag_calls": [_tag_call(call) for call in record.capture.tag_calls],
        "id": artifacts.name,
        "artifacts_dir": relative_path(artifacts, reports_dir),
        "trace": relative_path(record.trace, reports_dir)
        if record.trace is not None and record.trace.is_file()
        else None,
        "signals": _signals(outcome),
        "timeline": capture_timeline(
            record, consent if isinstance(consent, Mapping) else {}, outcome.session
        ),
        **_expectations(outcome),
        "redacts_values": redactor.hides_values,
    }
    redacted: dict[str, Any] = redactor.value(data)
    return redacted


def results_document(
    outcomes: Sequence[ScenarioOutcome], info: RunInfo, reports_dir: Path
) -> ResultsDocument:
    statuses = [outcome.status for outcome in outcomes]
    redactors = [Redactor.for_scenario(outcome.record.scenario) for outcome in outcomes]
    data = {
        "schema_version": SCHEMA_VERSION,
        "run": asdict(info),
        "summary": {
            "total": len(outcomes),
            "passed": statuses.count(CheckStatus.PASSED),
            "failed": statuses.count(CheckStatus.FAILED),
        },
        "scenarios": [
            scenario_to_dict(outcome, reports_dir, redactor)
            for outcome, redactor in zip(outcomes, redactors, strict=True)
        ],
    }
    return ResultsDocument(data, redactors)


def write_results(reports_dir: Path, document: Mapping[str, Any]) -> Path:
    reports_dir.mkdir(parents=True, exist_ok=True)
    path = reports_dir / RESULTS_FILE
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
