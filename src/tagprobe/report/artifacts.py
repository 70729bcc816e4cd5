"""Per-scenario files kept next to the report (reports/scenarios/<slug>/): the raw uploads, exactly as the tag
sent them; the stylesheets the pages loaded and the fonts and images they use (for the replay); the step pictures (steps/NN.jpg); the click heatmaps; a Playwright trace when the runner kept one."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path

from tagprobe.capture.records import Upload
from tagprobe.capture.stylesheets import KeptAsset, KeptStylesheet
from tagprobe.capture.uploads_file import write_uploads
from tagprobe.report.redaction import Redactor

UPLOADS_FILE = "uploads.jsonl"
TRACE_FILE = "trace.zip"
STYLESHEETS_FILE = "stylesheets.json"


MAX_SLUG_CHARS = 80


def scenario_slug(file_label: str, name: str, index: int, hidden: Iterable[str] = ()) -> str:
    """The folder name of a scenario's artifacts. `file_label` is the scenario file's path from the project
    root without its suffixes, so same-named files in different folders do not share artifacts. The name
    never carries a `hidden` value (in any of the forms the report redacts), nor PII."""
    name = Redactor(secrets=frozenset(hidden)).text(name)
    text = re.sub(r"[^A-Za-z0-9]+", "-", f"{file_label}-{index + 1}-{name}").strip("-").lower()
    if len(text) <= MAX_SLUG_CHARS:
        return text or f"scenario-{index + 1}"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return f"{text[: MAX_SLUG_CHARS - 9].rstrip('-')}-{digest}"


def file_label(path: Path, root: Path) -> str:
    """`path` relative to `root` (or its own name when outside it), without `.scenario.yaml` and the like."""
    try:
        relative = path.resolve().relative_to(root.resolve())
    except ValueError:
        relative = Path(path.name)
    return relative.with_name(relative.name.split(".")[0]).as_posix()


def save_uploads(directory: Path, uploads: tuple[Upload, ...]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / UPLOADS_FILE
    write_uploads(path, (upload.payload for upload in uploads))
    return path


def save_stylesheets(
    directory: Path,
    stylesheets: tuple[KeptStylesheet, ...],
    left_out: tuple[str, ...],
    assets: tuple[KeptAsset, ...] = (),
) -> Path:
    """The kept stylesheets, fonts and images as the browser received them (the report redacts the sheets and
    leaves out any asset holding a hidden value when it embeds them)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / STYLESHEETS_FILE
    document = {
        "kept": [{"url": sheet.url, "text": sheet.text} for sheet in stylesheets],
        "left_out": list(left_out),
        "assets": [
            {
                "url": asset.url,
                "content_type": asset.content_type,
                "base64": base64.b64encode(asset.body).decode("ascii"),
            }
            for asset in assets
        ],
    }
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path
