"""Checks, before a run, that the reports folder can be created and written, so that a run does not end in
a traceback after every scenario was played."""

from __future__ import annotations

import uuid
from pathlib import Path

from tagprobe.errors import SetupError


def ensure_writable(folder: Path, option: str) -> None:
    """Creates `folder` if needed and writes (then removes) a probe file in it; raises a one-line error."""
    probe = folder / f".tagprobe-write-check-{uuid.uuid4().hex}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise SetupError(
            f"the reports folder {folder} cannot be {'written' if folder.is_dir() else 'created'} ({reason})",
            hint=f"pass {option} a folder you can write",
        ) from None
