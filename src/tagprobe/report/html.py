"""reports/index.html: one self-contained file rendered from the same document as results.json."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

INDEX_FILE = "index.html"


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("tagprobe.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(document: dict[str, Any]) -> str:
    scenarios = sorted(document["scenarios"], key=lambda scenario: scenario["status"] != "failed")
    return _environment().get_template("index.html.j2").render(doc=document, scenarios=scenarios)


def write_html(reports_dir: Path, document: dict[str, Any]) -> Path:
    reports_dir.mkdir(parents=True, exist_ok=True)
    path = reports_dir / INDEX_FILE
    path.write_text(render_html(document), encoding="utf-8")
    return path
