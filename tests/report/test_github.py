"""GitHub Actions output: error annotations at the scenario's file and line, and a Markdown job summary."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

from tagprobe.report.failures import Failure
from tagprobe.report.github import annotation, job_summary, publish_github, repository_root

WORKSPACE = Path("/home/runner/work/shop/shop")
RUN = {
    "tag_version": "0.8.70",
    "browser": "Chromium 156",
    "base_url": "http://127.0.0.1:8000",
    "duration_ms": 4200.0,
}


def document() -> dict[str, Any]:
    scenario_file = str(WORKSPACE / "scenarios" / "checkout.scenario.yaml")
    return {
        "run": RUN,
        "summary": {"total": 2, "passed": 1, "failed": 1},
        "scenarios": [
            {
                "name": "Browse",
                "file": "/elsewhere/browse.scenario.yaml",
                "line": 1,
                "status": "passed",
                "duration_ms": 900.0,
                "steps": [],
                "checks": [{"check": "health", "status": "passed", "message": "ok"}],
            },
            {
                "name": "Checkout, with <b>card</b> | 100%",
                "file": scenario_file,
                "line": 12,
                "status": "failed",
                "duration_ms": 2100.0,
                "problem": None,
                "steps": [
                    {"status": "passed", "file": scenario_file, "line": 14, "error": None},
                    {
                        "status": "failed",
                        "file": scenario_file,
                        "line": 15,
                        "error": "Timeout: #buy\nnot visible",
                    },
                ],
                "checks": [
                    {"check": "masking", "status": "failed", "message": "card 42••••42 sent: 100% <script>"},
                    {"check": "spa", "status": "skipped", "message": "not asked for"},
                ],
            },
        ],
    }


def test_each_failure_is_annotated_where_it_was_written() -> None:
    out = io.StringIO()
    environ = {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(WORKSPACE)}
    publish_github(document(), WORKSPACE / "reports", environ, out)
    assert out.getvalue().splitlines() == [
        "",
        "::error file=scenarios/checkout.scenario.yaml,line=15,"
        "title=tagprobe%3A Checkout%2C with <b>card</b> | 100%25%3A step 2 failed::Timeout: #buy%0Anot visible",
        "::error file=scenarios/checkout.scenario.yaml,line=12,"
        "title=tagprobe%3A Checkout%2C with <b>card</b> | 100%25%3A masking failed::card 42••••42 sent: 100%25 <script>",
    ]


def test_nothing_is_printed_outside_github_actions(tmp_path: Path) -> None:
    out = io.StringIO()
    publish_github(document(), WORKSPACE / "reports", {}, out)
    assert out.getvalue() == ""


def test_the_job_summary_is_appended_and_escaped(tmp_path: Path) -> None:
    summary_file = tmp_path / "summary.md"
    summary_file.write_text("earlier step\n", encoding="utf-8")
    publish_github(
        document(), tmp_path / "reports", {"GITHUB_STEP_SUMMARY": str(summary_file)}, io.StringIO()
    )
    text = summary_file.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## tagprobe: ❌ 1 of 2 scenarios failed")
    name = "Checkout\\, with \\<b\\>card\\<\\/b\\> \\| 100\\%"
    assert f"| {name} | ❌ failed | ❌ masking | 2.1 s |" in text
    assert "<script>" not in text
    assert f"- **{name}** · step 2: Timeout\\: \\#buy not visible" in text
    assert f"Open `{tmp_path / 'reports' / 'index.html'}`" in text


def test_a_passing_run_has_a_short_summary() -> None:
    passing = document()
    passing["scenarios"] = passing["scenarios"][:1]
    passing["summary"] = {"total": 1, "passed": 1, "failed": 0}
    text = job_summary(passing)
    assert "✅ All 1 scenario passed" in text
    assert "### Failures" not in text


INJECTION = (
    "boom\r\n::error file=INJECTED.py,line=7::owned\n::stop-commands::abc\x1b[2J\x1b]8;;https://x.example\x07"
)


def hostile_document() -> dict[str, Any]:
    hostile = document()
    scenario = hostile["scenarios"][1]
    scenario["checks"][0]["message"] = (
        INJECTION + " ![x](https://evil.example/p.png) <img src=x> www.evil.example"
    )
    return hostile


def test_page_text_cannot_start_a_workflow_command_or_move_the_terminal() -> None:
    out = io.StringIO()
    environ = {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(WORKSPACE)}
    publish_github(hostile_document(), WORKSPACE / "reports", environ, out)
    lines = out.getvalue().split("\n")
    commands = [line for line in lines if line.strip().startswith("::")]
    assert len(commands) == 2
    assert all(line.startswith("::error file=scenarios/") for line in commands)
    assert "\x1b" not in out.getvalue()
    assert "\r" not in out.getvalue()
    assert "\x07" not in out.getvalue()
    assert "::stop-commands" not in lines[-2].split("::", 2)[1], "the injected command is inside the message"


def test_page_text_in_the_summary_is_shown_not_rendered(tmp_path: Path) -> None:
    summary_file = tmp_path / "summary.md"
    publish_github(hostile_document(), tmp_path / "r", {"GITHUB_STEP_SUMMARY": str(summary_file)})
    text = summary_file.read_text(encoding="utf-8")
    assert "![" not in text
    assert "](" not in text
    assert "www.evil" not in text
    assert text.count("<") == text.count("\\<"), "every < is escaped: no HTML"
    assert "\\!\\[x\\]\\(https\\:\\/\\/evil\\.example\\/p\\.png\\)" in text
    assert "\x1b" not in text
    assert "\r" not in text
    assert "\x07" not in text
    assert "\\\\x1b\\[2J" in text, "the escape is shown, not sent"
    assert not [line for line in text.splitlines() if line.lstrip().startswith("::")]


def test_annotation_paths_are_relative_to_the_repository_root_never_absolute(tmp_path: Path) -> None:
    repository = tmp_path / "repo"
    (repository / "site").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    failure = Failure("s", "check", "health", "m", "scenarios/a.scenario.yaml", 3)
    assert repository_root({}, repository / "site") == repository.resolve()
    line = annotation(failure, repository_root({}, repository / "site"), repository / "site")
    assert line.startswith("::error file=site/scenarios/a.scenario.yaml,line=3,title=")
    outside = Failure("s", "check", "health", "m", "/elsewhere/a.scenario.yaml", 3)
    assert annotation(outside, repository.resolve()).startswith("::error title=")
    assert repository_root({"GITHUB_WORKSPACE": str(WORKSPACE)}) == WORKSPACE


def test_an_interrupted_run_and_invalid_documents_are_not_reported_as_passed() -> None:
    passing = document()
    passing["scenarios"] = passing["scenarios"][:1]
    passing["summary"] = {"total": 1, "passed": 1, "failed": 0, "invalid": 0, "interrupted": True}
    assert "⚠️ Interrupted after 1 scenario (0 failed): the run did not finish" in job_summary(passing)
    passing["summary"].update(interrupted=False, invalid=2)
    text = job_summary(passing)
    assert "❌ 2 scenario documents could not be loaded" in text
    assert "passed" not in text.splitlines()[0]


def test_the_summary_names_the_reports_folder_relative_to_the_repository(tmp_path: Path) -> None:
    summary_file = tmp_path / "summary.md"
    environ = {"GITHUB_STEP_SUMMARY": str(summary_file), "GITHUB_WORKSPACE": str(tmp_path)}
    publish_github(document(), tmp_path / "site" / "out", environ)
    assert "Open `site/out/index.html`" in summary_file.read_text(encoding="utf-8")
