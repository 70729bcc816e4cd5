"""Faults of the machine, not of a scenario (a port in use, a reports folder that cannot be written, no
browser, no pinned builds, a merge folder that cannot be read or written): every command and the plugin say
what to do on one line and exit 2 (pytest's own usage-error code, 4, under plain pytest), with no traceback.
No Node on the PATH is no fault: decoding runs in Playwright's own Node.js (tests/test_wheel.py,
tests/decode/test_node_bridge.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tagprobe.cli import EXIT_USAGE

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SCENARIO = 'name: one\nurl: /\nsteps:\n  - click: "#consent-accept"\n'


def run(*command: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(command),
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def tagprobe(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run(str(BIN / "tagprobe"), *args, cwd=cwd, env=env)


def assert_one_line(completed: subprocess.CompletedProcess[str], code: int, *words: str) -> str:
    """The exit code, no traceback, and the one line that carries every word, returned."""
    output = completed.stdout + completed.stderr
    assert completed.returncode == code, output[-3000:]
    assert "Traceback" not in output
    assert "INTERNALERROR" not in output
    lines = [line for line in output.splitlines() if all(word in line for word in words)]
    assert len(lines) == 1, output[-3000:]
    return lines[0]


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "one.scenario.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    return path


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def test_demo_site_on_a_port_in_use(tmp_path: Path, busy_port: int) -> None:
    completed = tagprobe("demo-site", "--port", str(busy_port), cwd=tmp_path)
    line = assert_one_line(completed, EXIT_USAGE, f"127.0.0.1:{busy_port}")
    assert "pick another --port" in line


def test_run_with_a_reports_folder_that_cannot_be_created(tmp_path: Path, scenario: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    completed = tagprobe("run", str(scenario), "--tagprobe-reports", str(blocker / "reports"), cwd=tmp_path)
    line = assert_one_line(completed, EXIT_USAGE, "reports folder")
    assert "pass --tagprobe-reports a folder you can write" in line


def test_plain_pytest_with_a_reports_folder_that_cannot_be_created(tmp_path: Path, scenario: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    completed = run(
        sys.executable, "-m", "pytest", str(scenario), "-p", "no:cacheprovider",
        "--tagprobe-reports", str(blocker / "reports"), cwd=tmp_path,
    )  # fmt: skip
    assert_one_line(completed, pytest.ExitCode.USAGE_ERROR, "reports folder", "--tagprobe-reports")


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("env", "words"),
    [
        (
            {"TAGPROBE_BROWSER": "/nowhere/chromium"},
            ("'/nowhere/chromium' does not exist", "TAGPROBE_BROWSER"),
        ),
        ({"TAGPROBE_BROWSER": "/bin/false"}, ("the browser could not be started", "TAGPROBE_BROWSER")),
        ({"TAGPROBE_NODE_MODULES": "."}, ("pinned Clarity builds", "npm ci")),
    ],
    ids=["browser-missing", "browser-does-not-start", "npm-builds-missing"],
)
def test_run_without_what_it_needs(
    tmp_path: Path, scenario: Path, env: dict[str, str], words: tuple[str, ...]
) -> None:
    completed = tagprobe(
        "run", str(scenario), "--tagprobe-reports", str(tmp_path / "r"), cwd=tmp_path, env=env
    )
    assert_one_line(completed, EXIT_USAGE, *words)
    assert "1 failed" not in completed.stdout, "a fault of the machine is not a failed scenario"


def test_merge_from_a_folder_it_cannot_read(tmp_path: Path) -> None:
    (tmp_path / "run" / "results.json").mkdir(parents=True)
    completed = tagprobe("merge", str(tmp_path / "run"), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert_one_line(completed, EXIT_USAGE, "results.json")


def test_merge_into_a_folder_it_cannot_write(tmp_path: Path) -> None:
    source = tmp_path / "run"
    source.mkdir()
    (source / "results.json").write_text(
        '{"format": 1, "run": {}, "summary": {"total": 0}, "scenarios": []}', encoding="utf-8"
    )
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    completed = tagprobe("merge", str(source), "-o", str(blocker / "out"), cwd=tmp_path)
    line = assert_one_line(completed, EXIT_USAGE, "cannot read or write")
    assert "-o names a folder you can write" in line
