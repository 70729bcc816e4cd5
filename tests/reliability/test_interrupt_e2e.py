"""`tagprobe run` as a user runs it: a scenario that breaks does not stop the others, and Ctrl-C leaves the
results of the scenarios already done, with exit code 130."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

TAGPROBE = str(Path(sys.executable).with_name("tagprobe"))
EXIT_INTERRUPTED = 130
RUN_LIMIT_S = 120

QUICK = """
name: {name}
url: /
tag: {{config: {{delay: 100}}}}
steps:
  - click: "#consent-accept"
"""
LONG = """
name: long
url: /
steps:
  - wait_for: {selector: "#never-there", timeout_ms: 60000}
"""
CRASHES = """
name: crashes
url: /
tag: {config: {delay: 100}}
steps:
  - click: "#consent-accept"
  - wait_for: {uploads: 1}
  - goto: "chrome://crash"
"""


def write_scenarios(directory: Path, *documents: str) -> Path:
    path = directory / "scenarios" / "suite.scenario.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("\n---\n".join(textwrap.dedent(document) for document in documents), encoding="utf-8")
    return path.parent


def as_from_a_terminal() -> None:
    """Ctrl-C as a user's shell leaves it: the run's Python handles SIGINT. The suite itself may have been started
    with SIGINT ignored (POSIX: a non-interactive shell ignores it for a command run with `&`, as a CI step or
    `(make test &)` does), and a child inherits an ignored signal."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def start_run(tmp_path: Path, scenarios: Path) -> subprocess.Popen[str]:
    command = [TAGPROBE, "run", str(scenarios), "--tagprobe-reports", str(tmp_path / "reports")]
    return subprocess.Popen(
        [*command, "-v", "-p", "no:randomly", "--step-timeout", "2000"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        preexec_fn=as_from_a_terminal,
        env={**os.environ, "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")},
    )


def results(tmp_path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((tmp_path / "reports" / "results.json").read_text(encoding="utf-8"))
    return document


def finish(run: subprocess.Popen[str]) -> str:
    try:
        output, _ = run.communicate(timeout=RUN_LIMIT_S)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)
        output, _ = run.communicate()
        pytest.fail(f"tagprobe run did not finish within {RUN_LIMIT_S} s:\n{output[-3000:]}")
    return output


def test_a_crashing_scenario_does_not_stop_the_others_and_its_capture_is_reported(tmp_path: Path) -> None:
    scenarios = write_scenarios(tmp_path, QUICK.format(name="before"), CRASHES, QUICK.format(name="after"))
    run = start_run(tmp_path, scenarios)
    output = finish(run)
    assert run.returncode == 1, output[-3000:]
    by_name = {scenario["name"]: scenario for scenario in results(tmp_path)["scenarios"]}
    assert [by_name[name]["status"] for name in ("before", "crashes", "after")] == [
        "passed",
        "failed",
        "passed",
    ]
    crashed = by_name["crashes"]
    assert crashed["problem"].startswith("the page crashed during step 4")
    assert crashed["uploads"]["count"] >= 1
    kept = tmp_path / "reports" / crashed["uploads"]["file"]
    assert len(kept.read_text(encoding="utf-8").splitlines()) == crashed["uploads"]["count"]
    assert "the page crashed during step 4" in output, "the terminal says why, too"


class LineReader:
    """Reads a child's output on a thread, so the test can wait for a line with a time limit."""

    def __init__(self, run: subprocess.Popen[str]) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert run.stdout is not None
        stream = run.stdout
        threading.Thread(target=lambda: [self.lines.put(line) for line in stream], daemon=True).start()

    def wait_for(self, count: int, marker: str, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while sum(marker in line for line in self.seen) < count:
            self.seen.append(self.lines.get(timeout=max(deadline - time.monotonic(), 0.01)))

    def rest(self, run: subprocess.Popen[str]) -> str:
        run.wait(timeout=RUN_LIMIT_S)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return "".join(self.seen)


@pytest.mark.parametrize("whom", ["process-group", "python-only"])
def test_ctrl_c_mid_run_writes_the_finished_scenarios_and_exits_130(tmp_path: Path, whom: str) -> None:
    scenarios = write_scenarios(tmp_path, QUICK.format(name="first"), QUICK.format(name="second"), LONG)
    run = start_run(tmp_path, scenarios)
    reader = LineReader(run)
    try:
        reader.wait_for(2, " PASSED", timeout_s=RUN_LIMIT_S)
        if whom == "process-group":
            os.killpg(run.pid, signal.SIGINT)
        else:
            run.send_signal(signal.SIGINT)
        output = reader.rest(run)
    except (queue.Empty, subprocess.TimeoutExpired):
        os.killpg(run.pid, signal.SIGKILL)
        pytest.fail("tagprobe run hung after Ctrl-C:\n" + "".join(reader.seen)[-3000:])
    assert run.returncode == EXIT_INTERRUPTED, output[-3000:]
    document = results(tmp_path)
    assert [scenario["name"] for scenario in document["scenarios"]] == ["first", "second"]
    assert document["summary"] == {"total": 2, "passed": 2, "failed": 0, "invalid": 0, "interrupted": True}
    assert "<title>INTERRUPTED: " in (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith(
        "## tagprobe: ⚠️ Interrupted after 2 scenarios (0 failed): the run did not finish"
    )
