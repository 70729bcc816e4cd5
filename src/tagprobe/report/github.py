"""GitHub Actions output: an `::error` annotation per failure at the scenario's file and line, and a Markdown
job summary. Both read the results document, so they say what the HTML report says."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from tagprobe.report.ci_text import markdown_text, visible_controls
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


def repository_root(environ: Mapping[str, str], cwd: Path | None = None) -> Path:
    """What annotation paths are relative to: GITHUB_WORKSPACE, else the git top level, else the folder here."""
    here = (cwd or Path.cwd()).resolve()
    if environ.get(WORKSPACE_ENV):
        return Path(environ[WORKSPACE_ENV]).resolve()
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=here,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return here
    top = completed.stdout.strip()
    return Path(top).resolve() if completed.returncode == 0 and top else here


def workspace_path(file: str, workspace: Path, cwd: Path | None = None) -> str | None:
    """The file relative to the repository root, as annotations need it (a relative path is taken from the
    folder tagprobe ran in); None when it lies outside, since an absolute path points nowhere on GitHub."""
    path = (cwd or Path.cwd()) / file
    resolved = path.resolve()
    if resolved.is_relative_to(workspace):
        return resolved.relative_to(workspace).as_posix()
    return None


def annotation(failure: Failure, workspace: Path, cwd: Path | None = None) -> str:
    """`::error file=...,line=...,title=...::message`; without `file` and `line` outside the repository."""
    file = workspace_path(failure.file, workspace, cwd)
    title = _property(visible_controls(f"tagprobe: {failure.scenario}: {failure.name} failed"))
    where = f"file={_property(file)},line={failure.line}," if file is not None else ""
    message = _data(visible_controls(failure.message[:MAX_MESSAGE]))
    return f"::error {where}title={title}::{message}"


def _cell(text: Any) -> str:
    """Text shown as written in a Markdown table cell or list item: no Markdown, HTML or control character
    from a page (or a scenario) takes effect."""
    return markdown_text(text)


def _headline(summary: Mapping[str, Any]) -> str:
    failed, total = summary.get("failed", 0), summary.get("total", 0)
    invalid, interrupted = summary.get("invalid", 0), summary.get("interrupted", False)
    noun = "scenario" if total == 1 else "scenarios"
    if interrupted:
        return f"⚠️ Interrupted after {total} {noun} ({failed} failed): the run did not finish"
    if invalid:
        documents = "scenario document" if invalid == 1 else "scenario documents"
        return f"❌ {invalid} {documents} could not be loaded; {failed} of {total} {noun} that ran failed"
    if failed:
        return f"❌ {failed} of {total} {noun} failed"
    return f"✅ All {total} {noun} passed"


def job_summary(document: Mapping[str, Any], reports_dir: str = "reports") -> str:
    summary, run = document.get("summary", {}), document.get("run", {})
    lines = [
        f"## tagprobe: {_headline(summary)}",
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
    if summary.get("invalid", 0):
        lines += [
            "",
            "The scenario documents that could not be loaded are listed in the log with file and line "
            "(`tagprobe validate` shows them too).",
        ]
    lines += [
        "",
        f"Open `{_code(f'{reports_dir}/index.html')}` from the job's artifacts for evidence, heatmaps and the "
        "replay.",
        "",
    ]
    return "\n".join(lines)


def _code(text: str) -> str:
    """Text inside a Markdown code span: backticks and controls cannot end or bend it."""
    return visible_controls(text).replace("`", "'").replace("\n", " ")


def shown_reports_dir(reports_dir: Path, workspace: Path, cwd: Path | None = None) -> str:
    """The reports folder as the job's artifacts name it: relative to the repository root when inside it."""
    resolved = ((cwd or Path.cwd()) / reports_dir).resolve()
    if resolved.is_relative_to(workspace):
        return resolved.relative_to(workspace).as_posix() or "."
    return resolved.as_posix()


def publish_github(
    document: Mapping[str, Any],
    reports_dir: Path,
    environ: Mapping[str, str] | None = None,
    out: TextIO | None = None,
) -> None:
    """Prints annotations when running in GitHub Actions and appends the job summary when GitHub asks for
    one; does nothing elsewhere. The annotations start on a line of their own: GitHub reads a command only at
    the start of a line, and pytest's progress line has no end yet when the session finishes."""
    environ = os.environ if environ is None else environ
    out = sys.stdout if out is None else out
    in_actions = environ.get(ACTIONS_ENV) == "true"
    summary_file = environ.get(SUMMARY_ENV)
    if not in_actions and not summary_file:
        return
    workspace = repository_root(environ)
    if in_actions:
        annotations = [annotation(failure, workspace) for failure in failures(document)]
        if annotations:
            out.write("\n" + "".join(line + "\n" for line in annotations))
            out.flush()
    if summary_file:
        with Path(summary_file).open("a", encoding="utf-8") as summary:
            summary.write(job_summary(document, shown_reports_dir(reports_dir, workspace)))
