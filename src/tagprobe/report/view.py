"""Turns the results document into what the HTML template shows: failures first, anchors for every check,
pictures embedded (step thumbnails, click heatmaps) and each scenario's replay data. Each heatmap is also
saved full size next to its scenario's pictures, for the report's "Full size" link. The heatmaps are drawn on
PICTURE_THREADS threads: Pillow lets go of the GIL while it blends, scales and encodes."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tagprobe.report.failures import Failure, scenario_failures
from tagprobe.report.heatmap import heatmap_for_page, kind_of
from tagprobe.report.images import data_uri, embeddable, thumbnail
from tagprobe.report.redaction import Redactor
from tagprobe.report.replay import ReplaySource, scenario_replay

Data = Mapping[str, Any]
HEATMAP_FILE = "heatmap-page-{number}.jpg"
FULL_QUALITY = 85
PICTURE_THREADS = 2


@dataclass(frozen=True, slots=True)
class CheckView:
    data: Data
    anchor: str


@dataclass(frozen=True, slots=True)
class StepView:
    data: Data
    thumbnail: str | None


@dataclass(frozen=True, slots=True)
class PageView:
    data: Data
    heatmap: str | None
    heatmap_file: str | None
    click_kinds: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class FailureLink:
    failure: Failure
    anchor: str


@dataclass(frozen=True, slots=True)
class ScenarioView:
    data: Data
    anchor: str
    checks: tuple[CheckView, ...]
    steps: tuple[StepView, ...]
    pages: tuple[PageView, ...]
    replay: ReplaySource
    failures: tuple[FailureLink, ...]

    @property
    def ran_checks(self) -> tuple[CheckView, ...]:
        return tuple(check for check in self.checks if check.data["status"] != "skipped")

    @property
    def replay_signals(self) -> list[dict[str, Any]]:
        """What the replay marks on its timeline and pins on the page: each detected signal at its time."""
        return [
            {
                "type": signal["type"],
                "page": signal["page_number"],
                "time_ms": signal["time_ms"],
                "count": signal.get("count", 1),
                "label": signal.get("element_label") or "",
            }
            for signal in self.data.get("signals", [])
            if signal.get("page_number") is not None and signal.get("time_ms") is not None
        ]


def anchor_id(*parts: object) -> str:
    return "-".join(re.sub(r"[^a-z0-9]+", "-", str(part).lower()).strip("-") for part in parts)


def _failure_anchor(failure: Failure, anchor: str) -> str:
    if failure.kind == "step":
        return anchor_id(anchor, failure.name)
    if failure.kind == "check":
        return anchor_id(anchor, "check", failure.name)
    return anchor


def _steps(scenario: Data, reports_dir: Path) -> tuple[StepView, ...]:
    return tuple(
        StepView(step, thumbnail(reports_dir / step["screenshot"]) if step.get("screenshot") else None)
        for step in scenario.get("steps", [])
    )


def _page(page: Data, scenario: Data, reports_dir: Path) -> PageView:
    kinds = Counter(kind_of(click.get("signals", [])).value for click in page.get("clicks", []))
    heatmap = heatmap_for_page(page, reports_dir)
    if heatmap is None:
        return PageView(page, None, None, kinds)
    folder = str(scenario.get("artifacts_dir") or "")
    relative = f"{folder}/{HEATMAP_FILE.format(number=page['number'])}" if folder else None
    if relative is not None and (reports_dir / folder).is_dir():
        heatmap.save(reports_dir / relative, format="JPEG", quality=FULL_QUALITY)
    else:
        relative = None
    return PageView(page, data_uri(embeddable(heatmap)), relative, kinds)


def scenario_view(
    scenario: Data,
    position: int,
    reports_dir: Path,
    redactor: Redactor | None,
    pages: Sequence[Future[PageView]] | None = None,
) -> ScenarioView:
    """`pages`: the page views already being drawn elsewhere, in the scenario's order (else drawn here)."""
    anchor = anchor_id("s", scenario.get("id") or position)
    checks = tuple(
        CheckView(check, anchor_id(anchor, "check", check["check"])) for check in scenario.get("checks", [])
    )
    return ScenarioView(
        data=scenario,
        anchor=anchor,
        checks=checks,
        steps=_steps(scenario, reports_dir),
        pages=tuple(future.result() for future in pages)
        if pages is not None
        else tuple(_page(page, scenario, reports_dir) for page in scenario.get("pages", [])),
        replay=scenario_replay(scenario, reports_dir, redactor),
        failures=tuple(
            FailureLink(failure, _failure_anchor(failure, anchor)) for failure in scenario_failures(scenario)
        ),
    )


def scenario_views(
    document: Data, reports_dir: Path, redactors: Sequence[Redactor] = ()
) -> list[ScenarioView]:
    """Failed scenarios first, each group in run order."""
    scenarios = document.get("scenarios", [])
    with ThreadPoolExecutor(PICTURE_THREADS, thread_name_prefix="tagprobe-heatmap") as pool:
        pages = [
            [pool.submit(_page, page, scenario, reports_dir) for page in scenario.get("pages", [])]
            for scenario in scenarios
        ]
        views = [
            scenario_view(
                scenario,
                position,
                reports_dir,
                redactors[position] if position < len(redactors) else None,
                pages[position],
            )
            for position, scenario in enumerate(scenarios)
        ]
    return sorted(views, key=lambda view: view.data["status"] != "failed")
