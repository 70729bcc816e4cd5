"""A scenario's pictures in the report: each page's click heatmap (saved full size next to its step pictures,
embedded smaller) and each step picture's thumbnail. A `PictureDrawer` draws them on a thread of its own as soon
as a scenario has its outcome, while the next scenario runs, so that writing index.html only embeds them; under
pytest-xdist each worker draws its own scenarios' and hands them over with its results."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.report.heatmap import heatmap_for_page
from tagprobe.report.images import data_uri, embeddable, thumbnail
from tagprobe.report.results_json import scenario_to_dict

HEATMAP_FILE = "heatmap-page-{number}.jpg"
FULL_QUALITY = 85


@dataclass(frozen=True, slots=True)
class PagePicture:
    heatmap: str
    """The heatmap, as a data: URI, at most the report's width."""
    file: str | None
    """The full-size heatmap, relative to the reports folder; None when the scenario has no folder there."""


@dataclass(frozen=True, slots=True)
class ScenarioPictures:
    heatmaps: Mapping[int, PagePicture] = field(default_factory=dict)
    """By page number; a page without a picture has none."""
    thumbnails: Mapping[str, str] = field(default_factory=dict)
    """By step picture (its path in the results document): the thumbnail's data: URI."""

    def to_data(self) -> dict[str, Any]:
        """Plain values, for pytest-xdist's channel."""
        return {
            "heatmaps": {str(number): [page.heatmap, page.file] for number, page in self.heatmaps.items()},
            "thumbnails": dict(self.thumbnails),
        }

    @staticmethod
    def from_data(data: Mapping[str, Any]) -> ScenarioPictures:
        heatmaps = {int(number): PagePicture(*page) for number, page in data.get("heatmaps", {}).items()}
        return ScenarioPictures(heatmaps, dict(data.get("thumbnails", {})))


def page_picture(
    page: Mapping[str, Any], scenario: Mapping[str, Any], reports_dir: Path
) -> PagePicture | None:
    """The page's heatmap (None without a picture of the page), saved full size in the scenario's folder."""
    heatmap = heatmap_for_page(page, reports_dir)
    if heatmap is None:
        return None
    folder = str(scenario.get("artifacts_dir") or "")
    relative = f"{folder}/{HEATMAP_FILE.format(number=page['number'])}" if folder else None
    if relative is not None and (reports_dir / folder).is_dir():
        heatmap.save(reports_dir / relative, format="JPEG", quality=FULL_QUALITY)
    else:
        relative = None
    return PagePicture(data_uri(embeddable(heatmap)), relative)


def draw_pictures(scenario: Mapping[str, Any], reports_dir: Path) -> ScenarioPictures:
    """Every picture the report shows for one scenario of the results document."""
    heatmaps = {
        int(page["number"]): picture
        for page in scenario.get("pages", [])
        if (picture := page_picture(page, scenario, reports_dir)) is not None
    }
    thumbnails = {
        str(step["screenshot"]): small
        for step in scenario.get("steps", [])
        if step.get("screenshot") and (small := thumbnail(reports_dir / step["screenshot"])) is not None
    }
    return ScenarioPictures(heatmaps, thumbnails)


class PictureDrawer:
    """Draws each scenario's pictures, one scenario after the other, on a thread that Pillow's blending,
    scaling and encoding let run beside the next scenario (they release the GIL). A scenario handed in waits
    for `start`, so that the drawing stays off the path to a verdict about to be written."""

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._waiting: dict[str, Callable[[], ScenarioPictures]] = {}
        self._drawing: dict[str, Future[ScenarioPictures]] = {}

    def draw(self, outcome: ScenarioOutcome, reports_dir: Path) -> None:
        """Hands in a scenario that has just ended; it is drawn once `start` is called."""
        self._waiting[Path(outcome.artifacts_dir).name] = lambda: draw_pictures(
            scenario_to_dict(outcome, reports_dir), reports_dir
        )

    def start(self) -> None:
        """Starts drawing what was handed in."""
        if not self._waiting:
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="tagprobe-pictures")
        for scenario_id, drawing in self._waiting.items():
            self._drawing[scenario_id] = self._pool.submit(drawing)
        self._waiting.clear()

    def drawn(self) -> dict[str, ScenarioPictures]:
        """By scenario id, once every scenario started is drawn. One not started, or that could not be drawn,
        is left out: the report draws it (on more than one thread), and says why if it cannot."""
        pictures: dict[str, ScenarioPictures] = {}
        for scenario_id, future in self._drawing.items():
            try:
                pictures[scenario_id] = future.result()
            except Exception:  # noqa: BLE001 - the report draws it itself and shows what went wrong
                continue
        return pictures

    def close(self) -> None:
        self._waiting.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
