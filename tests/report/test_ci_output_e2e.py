"""`tagprobe run` in GitHub Actions, as a user's CI runs it: page text cannot command the runner or the
terminal, annotations start on their own line with repository-relative paths, and a run with an invalid
scenario document says so everywhere instead of "all passed"."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

TAGPROBE = str(Path(sys.executable).with_name("tagprobe"))
EXIT_USAGE = 2
THROWS = r"boom\\r\\n::error file=INJECTED.py,line=7::owned\\n::stop-commands::abc\\u001b[2J ![x](https://evil.example/p.png)"
"""JavaScript escapes inside a YAML double-quoted string: the page builds the control characters itself."""
HOSTILE = f"""
name: hostile page
url: /
tag: {{config: {{delay: 100}}}}
steps:
  - evaluate: "setTimeout(() => {{ throw new Error('{THROWS}') }}, 0)"
  - click: "#consent-accept"
  - wait_for: {{uploads: 1}}
expect:
  errors: {{}}
"""
INVALID = "name: broken\nsteps:\n  - clik: '#x'\n"


def workflow_command_lines(text: str) -> list[str]:
    """The lines GitHub's runner would read as commands: `::` at the start once trimmed, `##[` anywhere."""
    return [line for line in text.split("\n") if line.strip().startswith("::") or "##[" in line]


def test_page_text_cannot_command_the_ci_and_an_invalid_document_is_reported(tmp_path: Path) -> None:
    repository = tmp_path / "repo"
    site = repository / "site"
    (site / "scenarios").mkdir(parents=True)
    (site / "scenarios" / "hostile.scenario.yaml").write_text(textwrap.dedent(HOSTILE), encoding="utf-8")
    (site / "scenarios" / "broken.scenario.yaml").write_text(INVALID, encoding="utf-8")
    summary_file = tmp_path / "summary.md"
    environ = {
        **os.environ,
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(repository),
        "GITHUB_STEP_SUMMARY": str(summary_file),
    }
    completed = subprocess.run(
        [TAGPROBE, "run", "--tagprobe-reports", "out", "-p", "no:randomly"],
        cwd=site,
        env=environ,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == EXIT_USAGE, output[-3000:]

    commands = workflow_command_lines(output)
    assert commands, "tagprobe's own annotation is there"
    assert all(
        line.startswith("::error file=site/scenarios/hostile.scenario.yaml,line=2,") for line in commands
    ), commands
    assert "INJECTED.py" in output, "the page's text is shown, defused"
    assert "\x1b" not in output
    assert "\r" not in output

    junit = (site / "out" / "junit.xml").read_text(encoding="utf-8")
    assert "\x1b" not in junit
    assert "#x1B" not in junit.upper()
    assert not workflow_command_lines(junit.replace("&#10;", "\n"))

    summary = summary_file.read_text(encoding="utf-8")
    assert summary.startswith("## tagprobe: ❌ 1 scenario document could not be loaded")
    assert "passed" not in summary.splitlines()[0]
    assert "Open `site/out/index.html`" in summary
    assert "![" not in summary
    assert "](" not in summary
    assert "\x1b" not in summary
    assert not workflow_command_lines(summary)

    index = (site / "out" / "index.html").read_text(encoding="utf-8")
    assert "<title>INVALID: " in index
    assert "could not be loaded" in index
