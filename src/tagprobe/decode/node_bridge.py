"""Runs the pinned clarity-decode in Node.js over a batch of payloads."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tagprobe.assets import PinnedBuilds
from tagprobe.errors import SetupError

WORKER = "decode_worker.cjs"


@dataclass(frozen=True, slots=True)
class RawDecode:
    """clarity-decode's output for one payload, or why it could not decode it."""

    decoded: dict[str, Any] | None
    error: str | None


def node_executable() -> str:
    found = shutil.which("node") or shutil.which("nodejs")
    if found is None:
        raise SetupError(
            "Node.js is needed to run the pinned clarity-decode, and `node` is not on PATH.",
            hint="install Node.js (e.g. `sudo apt-get install nodejs`) or run `make setup`.",
        )
    return found


class DecoderProcess:
    """One Node process running clarity-decode over a batch of payloads.

    Started before a scenario runs, so that Node's start-up overlaps the run instead of delaying the verdict."""

    def __init__(self, builds: PinnedBuilds) -> None:
        worker = Path(__file__).with_name(WORKER)
        self._process = subprocess.Popen(
            [node_executable(), str(worker), str(builds.decoder_module)],
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
                hint="check that `node --version` is 18 or newer",
            ) from None
        lines = stdout.splitlines()
        if self._process.returncode != 0 or len(lines) != len(payloads):
            raise SetupError(
                f"clarity-decode stopped after {len(lines)} of {len(payloads)} payloads "
                f"(exit {self._process.returncode}): {stderr.strip()[-500:]}",
                hint="check that `npm ci` installed clarity-decode and that `node --version` is 18 or newer.",
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
