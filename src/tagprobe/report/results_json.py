"""results.json: stable keys for machines. Documented in the README; change only by adding keys."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.checks.verdict import CheckStatus

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


def _redact(value: Any, secrets: frozenset[str]) -> Any:
    if not secrets:
        return value
    if isinstance(value, str):
        for secret in sorted(secrets, key=len, reverse=True):
            value = value.replace(secret, "***")
        return value
    if isinstance(value, list):
        return [_redact(item, secrets) for item in value]
    if isinstance(value, dict):
        return {key: _redact(item, secrets) for key, item in value.items()}
    return value


def scenario_to_dict(outcome: ScenarioOutcome, reports_dir: Path) -> dict[str, Any]:
    record = outcome.record
    scenario = record.scenario
    artifacts = Path(outcome.artifacts_dir)
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
                "message": verdict.message,
                "evidence": [asdict(evidence) for evidence in verdict.evidence],
            }
            for verdict in outcome.verdicts
        ],
        "steps": [
            {
                "step": result.step.describe(scenario.secrets),
                "file": str(result.step.location.file),
                "line": result.step.location.line,
                "status": result.status.value,
                "duration_ms": round(result.duration_ms, 1),
                "error": result.error,
            }
            for result in record.steps
        ],
        "pages": [
            {"number": page.number, "url": page.url, "page_num": page.page_num, "uploads": len(page.uploads),
             "events": len(page.events)}  # fmt: skip
            for page in outcome.session.pages
        ],
        "uploads": {
            "count": len(record.capture.uploads),
            "bytes": sum(upload.body_bytes for upload in record.capture.uploads),
            "file": str((artifacts / "uploads.jsonl").relative_to(reports_dir))
            if artifacts.is_relative_to(reports_dir)
            else str(artifacts / "uploads.jsonl"),
        },
        "egress_blocked": [asdict(attempt) for attempt in record.capture.egress_attempts],
    }
    redacted: dict[str, Any] = _redact(data, scenario.secrets)
    return redacted


def results_document(outcomes: Sequence[ScenarioOutcome], info: RunInfo, reports_dir: Path) -> dict[str, Any]:
    statuses = [outcome.status for outcome in outcomes]
    return {
        "schema_version": SCHEMA_VERSION,
        "run": asdict(info),
        "summary": {
            "total": len(outcomes),
            "passed": statuses.count(CheckStatus.PASSED),
            "failed": statuses.count(CheckStatus.FAILED),
        },
        "scenarios": [scenario_to_dict(outcome, reports_dir) for outcome in outcomes],
    }


def write_results(reports_dir: Path, document: dict[str, Any]) -> Path:
    reports_dir.mkdir(parents=True, exist_ok=True)
    path = reports_dir / RESULTS_FILE
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
