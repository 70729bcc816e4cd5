"""Runs the pinned clarity-decode in Node.js over a batch of payloads: the Node.js that Playwright ships with
its driver (so a user installs no Node), else the one on PATH."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import playwright

from tagprobe.assets import PinnedBuilds
from tagprobe.errors import SetupError

WORKER = "decode_worker.cjs"


@dataclass(frozen=True, slots=True)
class RawDecode:
    """clarity-decode's output for one payload, or why it could not decode it."""

    decoded: dict[str, Any] | None
    error: str | None


def playwright_node() -> Path | None:
    """The Node.js that runs Playwright's driver, found as Playwright finds it (PLAYWRIGHT_NODEJS_PATH, else
    the one in its wheel); None when this Playwright install has none (its source distribution)."""
    configured = os.environ.get("PLAYWRIGHT_NODEJS_PATH")
    driver = Path(playwright.__file__).resolve().parent / "driver"
    path = Path(configured) if configured else driver / ("node.exe" if os.name == "nt" else "node")
    return path if path.is_file() else None


def node_executable() -> str:
    """Playwright's Node.js first: it is in every Playwright wheel, so `pip install tagprobe` needs no Node;
    clarity-decode is plain JavaScript and decodes the same in any Node (as fast: `make bench`, bench/decode_runtimes.py)."""
    bundled = playwright_node()
    found = str(bundled) if bundled else shutil.which("node") or shutil.which("nodejs")
    if found is None:
        raise SetupError(
            "Node.js is needed to run the pinned clarity-decode: this Playwright install has none of its own "
            "and `node` is not on PATH.",
            hint="install Playwright from its wheel (`pip install --force-reinstall playwright`), or install "
            "Node.js (e.g. `sudo apt-get install nodejs`).",
        )
    return found


class DecoderProcess:
    """One Node process running clarity-decode over a batch of payloads.

    Started before a scenario runs, so that Node's start-up overlaps the run instead of delaying the verdict."""

    def __init__(self, builds: PinnedBuilds, node: str | None = None) -> None:
        worker = Path(__file__).with_name(WORKER)
        self._node = node or node_executable()
        self._process = subprocess.Popen(
            [self._node, str(worker), str(builds.decoder_module)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def decode(self, payloads: Sequence[str], timeout_s: float = 120) -> list[RawDecode]:
        """A payload that fails to decode yields an error, never an exception."""
        try:
            stdout, stderr = self._process.communicate(
                "".join(json.dumps(payload) + "\n" for payload in payloads), timeout=timeout_s
            )
        except subprocess.TimeoutExpired:
            self.close()
            raise SetupError(
                f"clarity-decode did not finish {len(payloads)} payloads within {timeout_s:.0f} s",
                hint=f"check that `{self._node} --version` is 18 or newer",
            ) from None
        lines = stdout.splitlines()
        if self._process.returncode != 0 or len(lines) != len(payloads):
            raise SetupError(
                f"clarity-decode stopped after {len(lines)} of {len(payloads)} payloads "
                f"(exit {self._process.returncode}): {stderr.strip()[-500:]}",
                hint=f"check that the pinned clarity-decode is installed and that `{self._node} --version` "
                "is 18 or newer.",
            )
        return [_answer(line) for line in lines]

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.communicate()


def _answer(line: str) -> RawDecode:
    answer = json.loads(line)
    if answer.get("ok"):
        return RawDecode(answer["decoded"], None)
    return RawDecode(None, str(answer.get("error", "unknown decode error")))


def decode_payloads(
    payloads: Sequence[str], builds: PinnedBuilds, decoder: DecoderProcess | None = None
) -> list[RawDecode]:
    """Decodes with `decoder` if one was started ahead, else with a process of its own."""
    process = decoder or DecoderProcess(builds)
    try:
        return process.decode(payloads)
    finally:
        process.close()
