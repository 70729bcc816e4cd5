"""Playwright traces and videos of a scenario, as pytest-playwright's --tracing and --video ask for them, kept
where its --output says when it names a folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

OFF = "off"
RETAIN_ON_FAILURE = "retain-on-failure"
ONLY_ON_FAILURE = "only-on-failure"
FINAL_SCREENSHOT_FILE = "test-finished.png"
TRACE_FILE = "trace.zip"
VIDEO_FILE = "video.webm"


@dataclass(frozen=True, slots=True)
class RecordingSettings:
    tracing: str = OFF
    """off, on or retain-on-failure."""
    video: str = OFF
    """off, on or retain-on-failure."""
    screenshot: str = OFF
    """off, on or only-on-failure: a picture of the page as the last step left it (--screenshot)."""
    full_page_screenshot: bool = False
    output_dir: Path | None = None
    """pytest-playwright's --output when it names a folder: the trace, video and final screenshot go to
    `<output_dir>/<scenario's folder name>/`, beside its own tests' artifacts, instead of the reports folder."""


def recordings_dir(settings: RecordingSettings, artifacts_dir: Path) -> Path:
    """Where a scenario's trace, video and final screenshot go."""
    return settings.output_dir / artifacts_dir.name if settings.output_dir else artifacts_dir


class ScenarioRecordings:
    """Starts the trace with the context and saves trace and video into the scenario's artifacts."""

    def __init__(self, settings: RecordingSettings, artifacts_dir: Path) -> None:
        self._settings = settings
        self._artifacts_dir = recordings_dir(settings, artifacts_dir)
        self._video_source: Path | None = None

    def context_options(self) -> dict[str, Any]:
        if self._settings.video == OFF:
            return {}
        return {"record_video_dir": str(self._artifacts_dir / "video-parts")}

    def start(self, context: BrowserContext) -> None:
        if self._settings.tracing != OFF:
            context.tracing.start(screenshots=True, snapshots=True, sources=False)

    def before_close(self, context: BrowserContext, page: Page | None) -> Path | None:
        """Stops the trace (it must happen before the context closes) and notes where the video goes."""
        if page is not None and page.video is not None:
            try:
                self._video_source = Path(page.video.path())
            except PlaywrightError:
                self._video_source = None
        if self._settings.tracing == OFF:
            return None
        self._artifacts_dir.mkdir(parents=True, exist_ok=True)
        path = self._artifacts_dir / TRACE_FILE
        try:
            context.tracing.stop(path=path)
        except PlaywrightError:
            return None
        return path

    def after_close(self) -> Path | None:
        """Videos are written when the context closes."""
        if self._video_source is None or not self._video_source.is_file():
            return None
        target = self._artifacts_dir / VIDEO_FILE
        self._video_source.replace(target)
        return target
