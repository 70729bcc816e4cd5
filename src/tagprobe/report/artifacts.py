"""Per-scenario files kept next to the report (reports/scenarios/<slug>/): the raw uploads, exactly as the tag
sent them; the step pictures (steps/NN.jpg); the click heatmaps; a Playwright trace when the runner kept one."""

from __future__ import annotations

import re
from pathlib import Path

from tagprobe.capture.records import Upload
from tagprobe.capture.uploads_file import write_uploads

UPLOADS_FILE = "uploads.jsonl"
TRACE_FILE = "trace.zip"


def scenario_slug(file_stem: str, name: str, index: int) -> str:
    text = re.sub(r"[^A-Za-z0-9]+", "-", f"{file_stem}-{index + 1}-{name}").strip("-").lower()
    return text[:80] or f"scenario-{index + 1}"


def save_uploads(directory: Path, uploads: tuple[Upload, ...]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / UPLOADS_FILE
    write_uploads(path, (upload.payload for upload in uploads))
    return path
