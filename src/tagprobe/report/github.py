"""GitHub Actions output: an `::error` annotation per failure at the scenario's file and line, and a Markdown
job summary. Both read the results document, so they say what the HTML report says."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from tagprobe.report.failures import Failure, failures

SUMMARY_ENV = "GITHUB_STEP_SUMMARY"
ACTIONS_ENV = "GITHUB_ACTIONS"
WORKSPACE_ENV = "GITHUB_WORKSPACE"
MAX_MESSAGE = 1000


def _data(text: str) -> str:
    """Escapes a workflow command's message (GitHub's own escaping rules)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def workspace_path(file: str, workspace: Path) -> str:
    """The file relative to the workspace, as annotations need it; unchanged when it lies outside."""
    path = Path(file)
    if path.is_absolute() and path.is_relative_to(workspace):
        return path.relative_to(workspace).as_posix()
    return path.as_posix()


def annotation(failure: Failure, workspace: Path) -> str:
    """`::error file=...,line=...,title=...::message`."""
    file = _property(workspace_path(failure.file, workspace))
    title = _property(f"tagprobe: {failure.scenario}: {failure.name} failed")
    return f"::error file={file},line={failure.line},title={title}::{_data(failure.message[:MAX_MESSAGE])}"


def _cell(text: Any) -> str:
    """Text safe inside a Markdown table cell: GitHub renders HTML in summaries, and `|` ends a cell."""
    escaped = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("|", "\\|").replace("`", "\\`").replace("\r", " ").replace("\n", " ")


def job_summary(document: Mapping[str, Any]) -> str:
    summary, run = document.get("summary", {}), document.get("run", {})
    failed, total = summary.get("failed", 0), summary.get("total", 0)
    noun = "scenario" if total == 1 else "scenarios"
    headline = f"❌ {failed} of {total} {noun} failed" if failed else f"✅ All {total} {noun} passed"
    lines = [
        f"## tagprobe: {headline}",
        "",
        f"Clarity tag {_cell(run.get('tag_version', '?'))} · {_cell(run.get('browser', '?'))} · "
        f"{_cell(run.get('base_url', '?'))} · {run.get('duration_ms', 0) / 1000:.1f} s",
        "",
        "| Scenario | Status | Checks | Duration |",
        "| --- | --- | --- | --- |",
    ]
    scenarios = sorted(document.get("scenarios", []), key=lambda scenario: scenario.get("status") != "failed")
    for scenario in scenarios:
        checks = ", ".join(
            f"{'❌' if check['status'] == 'failed' else '✅'} {_cell(check['check'])}"
            for check in scenario.get("checks", [])
            if check.get("status") != "skipped"
        )
        status = "❌ failed" if scenario.get("status") == "failed" else "✅ passed"
        duration = f"{scenario.get('duration_ms', 0) / 1000:.1f} s"
        lines.append(f"| {_cell(scenario['name'])} | {status} | {checks} | {duration} |")
    found = [
        f"- **{_cell(item.scenario)}** · {_cell(item.name)}: {_cell(item.message)}"
        for item in failures(document)
    ]
    if found:
        lines += ["", "### Failures", "", *found]
    lines += [
        "",
        "Open `reports/index.html` from the job's artifacts for evidence, heatmaps and the replay.",
        "",
    ]
    return "\n".join(lines)


def publish_github(
    document: Mapping[str, Any],
    environ: Mapping[str, str] | None = None,
    out: TextIO | None = None,
) -> None:
    """Prints annotations when running in GitHub Actions and appends the job summary when GitHub asks for
    one; does nothing elsewhere."""
    environ = os.environ if environ is None else environ
    out = sys.stdout if out is None else out
    if environ.get(ACTIONS_ENV) == "true":
        workspace = Path(environ.get(WORKSPACE_ENV) or Path.cwd())
        for failure in failures(document):
            out.write(annotation(failure, workspace) + "\n")
        out.flush()
    summary_file = environ.get(SUMMARY_ENV)
    if summary_file:
        with Path(summary_file).open("a", encoding="utf-8") as summary:
            summary.write(job_summary(document))
