"""GitHub Actions output: error annotations at the scenario's file and line, and a Markdown job summary."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from tagprobe.report.github import job_summary, publish_github

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
    publish_github(document(), environ, out)
    assert out.getvalue().splitlines() == [
        "::error file=scenarios/checkout.scenario.yaml,line=15,"
        "title=tagprobe%3A Checkout%2C with <b>card</b> | 100%25%3A step 2 failed::Timeout: #buy%0Anot visible",
        "::error file=scenarios/checkout.scenario.yaml,line=12,"
        "title=tagprobe%3A Checkout%2C with <b>card</b> | 100%25%3A masking failed::card 42••••42 sent: 100%25 <script>",
    ]


def test_nothing_is_printed_outside_github_actions(tmp_path: Path) -> None:
    out = io.StringIO()
    publish_github(document(), {}, out)
    assert out.getvalue() == ""


def test_the_job_summary_is_appended_and_escaped(tmp_path: Path) -> None:
    summary_file = tmp_path / "summary.md"
    summary_file.write_text("earlier step\n", encoding="utf-8")
    publish_github(document(), {"GITHUB_STEP_SUMMARY": str(summary_file)}, io.StringIO())
    text = summary_file.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## tagprobe: ❌ 1 of 2 scenarios failed")
    assert "| Checkout, with &lt;b&gt;card&lt;/b&gt; \\| 100% | ❌ failed | ❌ masking | 2.1 s |" in text
    assert "<script>" not in text
    assert "- **Checkout, with &lt;b&gt;card&lt;/b&gt; \\| 100%** · step 2: Timeout: #buy not visible" in text


def test_a_passing_run_has_a_short_summary() -> None:
    passing = document()
    passing["scenarios"] = passing["scenarios"][:1]
    passing["summary"] = {"total": 1, "passed": 1, "failed": 0}
    text = job_summary(passing)
    assert "✅ All 1 scenario passed" in text
    assert "### Failures" not in text
