"""The overhead bench's hand-written check (b) is a real check: it passes on the demo shop and fails when the
card number on the checkout page leaks into an upload (the `pii-leak` demo defect)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TEST_FILE = REPO / "bench" / "journey" / "handwritten_test.py"
RUN_TIMEOUT_S = 300

pytestmark = pytest.mark.e2e


def _run(defect: str | None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(REPO), "TAGPROBE_BENCH_DEFECT": defect or ""}
    command = [
        sys.executable,
        "-m",
        "pytest",
        str(TEST_FILE),
        "-p",
        "no:tagprobe",
        "-p",
        "no:cacheprovider",
        "-q",
    ]
    return subprocess.run(
        command, cwd=REPO, env=environment, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False
    )


def test_passes_on_the_demo_shop() -> None:
    run = _run(None)
    assert run.returncode == 0, run.stdout[-3000:]


def test_fails_when_the_canary_leaks() -> None:
    run = _run("pii-leak")
    assert run.returncode == 1, run.stdout[-3000:]
    assert "the canary '4111 1111 1111 1111' reached an upload" in run.stdout
