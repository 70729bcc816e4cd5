"""Runs the pinned clarity-decode in Node.js over a batch of payloads."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
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


def decode_payloads(payloads: Sequence[str], builds: PinnedBuilds, timeout_s: float = 120) -> list[RawDecode]:
    """One Node process per batch; a payload that fails to decode yields an error, never an exception."""
    if not payloads:
        return []
    worker = resources.files("tagprobe.decode").joinpath(WORKER)
    with resources.as_file(worker) as worker_path:
        completed = subprocess.run(
            [node_executable(), str(worker_path), str(builds.decoder_module)],
            input="".join(json.dumps(payload) + "\n" for payload in payloads),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout_s,
            check=False,
        )
    lines = completed.stdout.splitlines()
    if completed.returncode != 0 or len(lines) != len(payloads):
        raise SetupError(
            f"clarity-decode stopped after {len(lines)} of {len(payloads)} payloads "
            f"(exit {completed.returncode}): {completed.stderr.strip()[-500:]}",
            hint="check that `npm ci` installed clarity-decode and that `node --version` is 18 or newer.",
        )
    results = []
    for line in lines:
        answer = json.loads(line)
        if answer.get("ok"):
            results.append(RawDecode(answer["decoded"], None))
        else:
            results.append(RawDecode(None, str(answer.get("error", "unknown decode error"))))
    return results
