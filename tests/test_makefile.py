"""`make setup` runs `npm ci` (which empties node_modules first) only when package.json or package-lock.json
changed in content: a rebase that gives them a new time must not pull node_modules from under a running test."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FAKE_NPM = '#!/bin/sh\necho "$@" >> "$NPM_CALLS"\nrm -rf node_modules && mkdir node_modules\n'

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """The Makefile beside its npm inputs, with an npm that only logs its calls and replaces node_modules."""
    shutil.copy(REPO / "Makefile", tmp_path / "Makefile")
    (tmp_path / "package.json").write_text('{"name": "x"}\n')
    (tmp_path / "package-lock.json").write_text('{"lockfileVersion": 3}\n')
    (tmp_path / ".stamps").mkdir()
    (tmp_path / ".stamps" / "node").touch()
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    (fake_bin / "npm").write_text(FAKE_NPM)
    (fake_bin / "npm").chmod(0o755)
    return tmp_path


def npm_calls_after_make(checkout: Path) -> list[str]:
    calls = checkout / "npm-calls"
    env = {
        **os.environ,
        "PATH": f"{checkout / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "NPM_CALLS": str(calls),
    }
    subprocess.run(["make", "-s", ".stamps/npm"], cwd=checkout, env=env, check=True, capture_output=True)
    return calls.read_text().splitlines() if calls.exists() else []


def touch_later(path: Path) -> None:
    later = path.stat().st_mtime + 5
    os.utime(path, (later, later))


def test_npm_ci_runs_once_and_again_only_when_the_lockfile_content_changes(checkout: Path) -> None:
    assert npm_calls_after_make(checkout) == ["ci --no-audit --no-fund --loglevel=error"]
    installed = (checkout / "node_modules").stat().st_ino

    touch_later(checkout / "package-lock.json")
    touch_later(checkout / "package.json")
    assert len(npm_calls_after_make(checkout)) == 1, "a new time alone must not run npm ci"
    assert (checkout / "node_modules").stat().st_ino == installed

    (checkout / "package-lock.json").write_text('{"lockfileVersion": 3, "packages": {}}\n')
    touch_later(checkout / "package-lock.json")
    assert len(npm_calls_after_make(checkout)) == 2, "new content runs npm ci"


def test_npm_ci_runs_when_node_modules_is_gone(checkout: Path) -> None:
    npm_calls_after_make(checkout)
    shutil.rmtree(checkout / "node_modules")
    touch_later(checkout / "package-lock.json")
    assert len(npm_calls_after_make(checkout)) == 2
