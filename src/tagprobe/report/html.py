"""reports/index.html: one self-contained file rendered from the same document as results.json.

Safety: Jinja autoescapes every value (page text included; nothing from a page is marked safe); JSON inside
<script> goes through `tojson`, which escapes `<`, `>` and `&`; a Content-Security-Policy allows only the
report's own scripts (by nonce), data: images and no network at all."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, Template, select_autoescape
from markupsafe import Markup

from tagprobe.report.heatmap import kind_of
from tagprobe.report.pictures import ScenarioPictures
from tagprobe.report.redaction import Redactor
from tagprobe.report.replay import player_bundle
from tagprobe.report.results_json import ResultsDocument
from tagprobe.report.view import scenario_views

INDEX_FILE = "index.html"
_PREPARING = threading.Lock()
"""Held while the template compiles and the player is packed, so that work is done once, whoever asks first."""


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("tagprobe.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["seconds"] = lambda ms: f"{(ms or 0) / 1000:.1f} s"
    environment.filters["kb"] = lambda size: f"{(size or 0) / 1024:.1f} kB"
    environment.filters["short_path"] = short_path
    environment.filters["click_kind"] = lambda signals: kind_of(signals or []).value
    return environment


@cache
def _compiled_template() -> Template:
    return _environment().get_template("index.html.j2")


def _prepared(with_player: bool = True) -> tuple[Template, str | None]:
    """The compiled template and the packed replay player (about half the cost of a small report)."""
    with _PREPARING:
        return _compiled_template(), player_bundle() if with_player else None


def prepare_in_background() -> None:
    """Compiles the template and packs the player on a thread of its own while scenarios run, so that
    index.html follows results.json sooner; write_html then waits for that work rather than doing it again."""
    threading.Thread(target=_prepared, name="tagprobe-report-prepare", daemon=True).start()


def short_path(path: str) -> str:
    """A scenario file as people know it (its folder and name), not the CI machine's absolute path."""
    parts = Path(path).parts
    return "/".join(parts[-2:]) if len(parts) > 1 else path


def _static(name: str) -> Markup:
    """The report's own stylesheet or script, inlined verbatim (it is ours, not page data)."""
    return Markup(resources.files("tagprobe.report").joinpath("templates", name).read_text(encoding="utf-8"))


def render_html(
    document: Mapping[str, Any],
    reports_dir: Path = Path(),
    redactors: Sequence[Redactor] | None = None,
    pictures: Mapping[str, ScenarioPictures] | None = None,
) -> str:
    """The report. Redactors default to those a ResultsDocument carries; pictures are read from reports_dir,
    except those drawn already (`pictures`, by scenario id)."""
    if redactors is None:
        redactors = document.redactors if isinstance(document, ResultsDocument) else ()
    scenarios = scenario_views(document, reports_dir, redactors, pictures)
    has_replay = any(view.replay.payloads for view in scenarios)
    template, bundle = _prepared(with_player=has_replay)
    return template.render(
        doc=document,
        scenarios=scenarios,
        failures=[failure for view in scenarios for failure in view.failures],
        nonce=secrets.token_urlsafe(18),
        player_bundle=bundle,
        css=_static("report.css"),
        js=_static("report.js"),
    )


def write_html(
    reports_dir: Path, document: Mapping[str, Any], pictures: Mapping[str, ScenarioPictures] | None = None
) -> Path:
    reports_dir.mkdir(parents=True, exist_ok=True)
    path = reports_dir / INDEX_FILE
    path.write_text(render_html(document, reports_dir, pictures=pictures), encoding="utf-8")
    return path
