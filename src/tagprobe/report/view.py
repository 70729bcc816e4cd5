"""Turns the results document into what the HTML template shows: failures first, anchors for every check,
pictures embedded (step thumbnails, click heatmaps) and each scenario's replay data. Pictures drawn while the
run went on (`report/pictures.py`) are used as they are; the others are drawn here, on PICTURE_THREADS threads:
Pillow lets go of the GIL while it blends, scales and encodes."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tagprobe.report.failures import Failure, scenario_failures
from tagprobe.report.heatmap import kind_of
from tagprobe.report.images import thumbnail
from tagprobe.report.pictures import ScenarioPictures, page_picture
from tagprobe.report.redaction import Redactor
from tagprobe.report.replay import ReplaySource, scenario_replay

Data = Mapping[str, Any]
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


def _steps(scenario: Data, reports_dir: Path, drawn: ScenarioPictures) -> tuple[StepView, ...]:
    return tuple(
        StepView(step, _thumbnail(step["screenshot"], reports_dir, drawn) if step.get("screenshot") else None)
        for step in scenario.get("steps", [])
    )


def _thumbnail(picture: str, reports_dir: Path, drawn: ScenarioPictures) -> str | None:
    return drawn.thumbnails.get(picture) or thumbnail(reports_dir / picture)


def _page(page: Data, scenario: Data, reports_dir: Path, drawn: ScenarioPictures) -> PageView:
    kinds = Counter(kind_of(click.get("signals", [])).value for click in page.get("clicks", []))
    picture = drawn.heatmaps.get(int(page["number"])) or page_picture(page, scenario, reports_dir)
    if picture is None:
        return PageView(page, None, None, kinds)
    return PageView(page, picture.heatmap, picture.file, kinds)


def scenario_view(
    scenario: Data,
    position: int,
    reports_dir: Path,
    redactor: Redactor | None,
    pages: Sequence[Future[PageView]] | None = None,
    drawn: ScenarioPictures | None = None,
) -> ScenarioView:
    """`pages`: the page views already being drawn elsewhere, in the scenario's order (else drawn here);
    `drawn`: the scenario's pictures drawn while the run went on."""
    drawn = drawn or ScenarioPictures()
    anchor = anchor_id("s", scenario.get("id") or position)
    checks = tuple(
        CheckView(check, anchor_id(anchor, "check", check["check"])) for check in scenario.get("checks", [])
    )
    return ScenarioView(
        data=scenario,
        anchor=anchor,
        checks=checks,
        steps=_steps(scenario, reports_dir, drawn),
        pages=tuple(future.result() for future in pages)
        if pages is not None
        else tuple(_page(page, scenario, reports_dir, drawn) for page in scenario.get("pages", [])),
        replay=scenario_replay(scenario, reports_dir, redactor),
        failures=tuple(
            FailureLink(failure, _failure_anchor(failure, anchor)) for failure in scenario_failures(scenario)
        ),
    )


def scenario_views(
    document: Data,
    reports_dir: Path,
    redactors: Sequence[Redactor] = (),
    pictures: Mapping[str, ScenarioPictures] | None = None,
) -> list[ScenarioView]:
    """Failed scenarios first, each group in run order. `pictures`: by scenario id, those drawn already."""
    scenarios = document.get("scenarios", [])
    drawn = [(pictures or {}).get(str(scenario.get("id"))) or ScenarioPictures() for scenario in scenarios]
    with ThreadPoolExecutor(PICTURE_THREADS, thread_name_prefix="tagprobe-heatmap") as pool:
        pages = [
            [
                pool.submit(_page, page, scenario, reports_dir, drawn[position])
                for page in scenario.get("pages", [])
            ]
            for position, scenario in enumerate(scenarios)
        ]
        views = [
            scenario_view(
                scenario,
                position,
                reports_dir,
                redactors[position] if position < len(redactors) else None,
                pages[position],
                drawn[position],
            )
            for position, scenario in enumerate(scenarios)
        ]
    return sorted(views, key=lambda view: view.data["status"] != "failed")
