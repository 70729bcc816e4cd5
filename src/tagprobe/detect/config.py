"""Detector thresholds in one frozen object, from defaults, [tool.tagprobe.detector] and the scenario."""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from tagprobe.detect.element import ElementSpec, ElementSpecError
from tagprobe.errors import TagprobeError

PYPROJECT = "pyproject.toml"
PYPROJECT_SECTION = "[tool.tagprobe.detector]"
OVERRIDES_SOURCE = "expect.signals.detector"
MINIMUMS = {"rage_click_count": 2, "excessive_scroll_reversals": 2, "form_abandonment_min_fields": 1}


@dataclass(frozen=True, slots=True)
class DetectorConfig:
    rage_click_count: int = 3
    """Clicks in one burst that make it a rage click (PostHog, Datadog: 3)."""
    rage_click_max_gap_ms: int = 1000
    """Longest pause between two clicks of one burst."""
    rage_click_radius_px: int = 30
    """Farthest a click may land from the previous one and stay in the burst (PostHog: 30 px)."""
    rage_click_selection_max_clicks: int = 3
    """A burst this short that selected text is a double or triple click to select, not rage."""
    rage_click_ignore_responsive: bool = True
    """A burst in which every click got its own reaction is deliberate: a stepper, a carousel, "load more"."""
    dead_click_window_ms: int = 500
    """How long after the press a reaction may come (the product definition: 500 ms)."""
    dead_click_on_background: bool = False
    """Whether a click on the page background (<html>, <body>) can be dead: by default it aims at nothing."""
    error_click_window_ms: int = 1000
    """How long after a click a script error still belongs to it."""
    quick_back_window_ms: int = 5000
    """Longest stay on a page that still counts as leaving it for a quick return to the page before."""
    excessive_scroll_reversals: int = 4
    """Direction reversals that make scrolling excessive..."""
    excessive_scroll_window_ms: int = 3000
    """...within this time."""
    excessive_scroll_min_distance_px: int = 50
    """Scrolling back less than this is jitter, not a reversal."""
    form_abandonment_min_fields: int = 1
    """Fields of one form a visitor must touch before leaving it unsent counts as abandoning it."""
    form_abandonment_ignore: tuple[ElementSpec, ...] = ()
    """Fields, or forms, whose abandonment is no signal (a search box, a newsletter field in the footer)."""
    navigation_grace_ms: int = 2000
    """How soon after a page ends (or after a click) the next page must start for it to count as navigation."""
    selection_delay_ms: int = 600
    """The tag reports a text selection 500 ms after it last changed (its look-ahead), plus a margin."""
    trusted_clicks_only: bool = True
    """Ignore clicks the page made itself (element.click()): frustration is a person's."""
    ignore: tuple[ElementSpec, ...] = ()
    """Elements never flagged as rage or dead clicks (and what is inside them)."""
    rage_click_ignore: tuple[ElementSpec, ...] = ()
    """Elements never flagged as rage clicks only."""
    dead_click_ignore: tuple[ElementSpec, ...] = ()
    """Elements never flagged as dead clicks only."""
    ambient: tuple[ElementSpec, ...] = ()
    """Elements that change on their own (clocks, tickers, auto-rotating carousels): their DOM changes are no
    reaction to a click."""

    @staticmethod
    def load(overrides: Mapping[str, Any] | None = None) -> DetectorConfig:
        """Defaults <- [tool.tagprobe.detector] in ./pyproject.toml <- `overrides` (the scenario's)."""
        config = DetectorConfig()
        path = Path.cwd() / PYPROJECT
        section = _pyproject_section(path)
        lines = _key_lines(path) if section else {}
        for key, value in section.items():
            config = config.merged({key: value}, f"{PYPROJECT}:{lines.get(key, 1)} {PYPROJECT_SECTION}")
        return config.merged(overrides or {}, OVERRIDES_SOURCE)

    def merged(self, settings: Mapping[str, Any], source: str) -> DetectorConfig:
        """This config with `settings` applied; a TagprobeError names `source` and the key for anything wrong."""
        known = {field.name: field.default for field in fields(DetectorConfig)}
        changes: dict[str, Any] = {}
        for key, value in settings.items():
            if key not in known:
                raise TagprobeError(
                    f"{source}: unknown detector setting {key!r}{_did_you_mean(str(key), known)}",
                    hint=f"the settings are: {', '.join(known)}",
                )
            changes[key] = _checked(key, value, known[key], source)
        return replace(self, **changes)


def _did_you_mean(key: str, known: Mapping[str, Any]) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _checked(key: str, value: Any, default: Any, source: str) -> Any:
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise TagprobeError(f"{source}: {key} must be true or false, not {value!r}")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TagprobeError(f"{source}: {key} must be a whole number, not {value!r}")
        minimum = MINIMUMS.get(key, 0)
        if value < minimum:
            raise TagprobeError(f"{source}: {key} must be at least {minimum}, not {value}")
        return value
    items = [value] if isinstance(value, str | Mapping) else value
    if not isinstance(items, list | tuple):
        raise TagprobeError(f"{source}: {key} must be a list of element specs, not {value!r}")
    specs = []
    for index, item in enumerate(items):
        try:
            specs.append(ElementSpec.parse(item))
        except ElementSpecError as error:
            raise TagprobeError(f"{source}: {key}[{index}]: {error}") from None
    return tuple(specs)


def _key_lines(path: Path) -> dict[str, int]:
    """The 1-based line of each `key =` in the detector table, for messages (tomllib keeps no lines)."""
    lines: dict[str, int] = {}
    inside = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped.replace(" ", "") == PYPROJECT_SECTION
        elif inside and "=" in stripped:
            lines.setdefault(stripped.split("=", 1)[0].strip().strip("\"'"), number)
    return lines


def _pyproject_section(path: Path) -> Mapping[str, Any]:
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as source:
            document = tomllib.load(source)
    except tomllib.TOMLDecodeError as error:
        raise TagprobeError(f"{path}: not valid TOML: {error}") from None
    section: Any = document
    for name in ("tool", "tagprobe", "detector"):
        section = section.get(name, {}) if isinstance(section, Mapping) else None
    if not isinstance(section, Mapping):
        raise TagprobeError(f"{path}: {PYPROJECT_SECTION} must be a table of detector settings")
    return section
