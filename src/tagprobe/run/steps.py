"""Plays a scenario's steps on one page, one after the other, until one fails; the rest are skipped."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from playwright.sync_api import BrowserContext, FloatRect, Page
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tagprobe.capture.browser_events import BrowserEventRecorder
from tagprobe.capture.clock import CaptureClock
from tagprobe.capture.collector import UploadCollector
from tagprobe.run.actions import ACTIONS, ActionContext, StepFailed, worst_case_ms
from tagprobe.run.automation import webdriver_note
from tagprobe.run.explain import PAGE_CRASHED_DURING_STEP, explain, step_stalled
from tagprobe.run.hiding import black_out, find_hidden
from tagprobe.run.pumping import wait_pumping
from tagprobe.run.results import StepResult, StepStatus
from tagprobe.run.settings import StepPictures
from tagprobe.run.watchdog import CallWatchdog
from tagprobe.scenario.model import Scenario, Step
from tagprobe.urls import without_hash

DEFAULT_RESTART_MS = 250
DEFAULT_UPLOAD_DELAY_MS = 1000
ROUTE_SETTLE_MARGIN_MS = 1500
WATCHDOG_GRACE_MS = 2000
PROBE_BUDGET_MS = 2000
"""Asking a page that let a step time out whether it read navigator.webdriver: past this, it hangs."""
STEP = "the step"
AFTER_STEP = "the step's picture and the wait for the tag after it"
PAGE_SAVED = """(pageNumber) => {
  const cookie = (name) => (document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)")) || [])[1];
  if (cookie("_clck") === undefined) return true;
  const session = cookie("_clsk");
  return session !== undefined && Number(decodeURIComponent(session).split(/[\\^|]/)[2]) >= pageNumber;
}"""
"""True once the tag has saved `pageNumber` in its session cookie, or at once when it keeps no cookies
(without _clck every page starts a new session of its own, so no count can go stale)."""
MAX_PICTURE_HEIGHT_PX = 16_384
"""Chromium's largest texture: a taller full-page picture is slow and gains nothing."""


@dataclass(frozen=True, slots=True)
class StepStage:
    """Where the steps play and what they record into."""

    page: Page
    context: BrowserContext
    actions: ActionContext
    collector: UploadCollector
    recorder: BrowserEventRecorder
    clock: CaptureClock
    pictures: StepPictures
    """Which steps are followed by a full-page JPEG, for the report's click heatmaps and thumbnails."""
    watchdog: CallWatchdog
    """Stops a call that never returns: the run owns it, the steps arm it."""


class StepPlayer:
    def __init__(self, scenario: Scenario, stage: StepStage) -> None:
        self._scenario = scenario
        self._stage = stage
        self._watchdog = stage.watchdog
        self._results: list[StepResult] = []
        self._pictured: str | None = None
        """The page (`page_key`) the last picture showed."""
        self.crashed_during: int | None = None
        """The index of the step that was playing when the page crashed."""
        stage.page.on("crash", self._on_crash)

    @property
    def played(self) -> int:
        return len(self._results)

    def play(self) -> None:
        stage = self._stage
        for index, step in enumerate(self._scenario.steps):
            if self._results and self._results[-1].status is not StepStatus.PASSED:
                self._results.append(StepResult(step, StepStatus.SKIPPED, stage.clock.now_ms(), 0))
                continue
            url_before = page_key(stage.page.url)
            arrivals_before = stage.collector.arrivals()
            result = self._play(step)
            if stage.page.is_closed():
                self._results.append(result)
                continue
            with self._watchdog.watching(self._after_step_budget_ms(), AFTER_STEP):
                self._results.append(self._picture(result, index))
                if result.status is StepStatus.PASSED and page_key(stage.page.url) != url_before:
                    self._wait_for_new_page(arrivals_before)
                stage.recorder.snapshot_cookies(stage.context, index)
            if self._watchdog.fired:
                return

    def _after_step_budget_ms(self) -> float:
        """The picture, the wait for a new page and the cookie snapshot each have a bound of their own;
        the watchdog only catches what has none (`evaluate`, `cookies`)."""
        timeout_ms = self._stage.actions.timeout_ms
        return 2 * timeout_ms + 2 * route_settle_s(self._scenario) * 1000 + WATCHDOG_GRACE_MS

    def results(self) -> tuple[StepResult, ...]:
        """Every step: those played, then the ones never reached (the run stopped early) as skipped.

        Playwright reports a crash after the call it broke has failed, so the step is told here."""
        played = list(self._results)
        crashed = self.crashed_during
        if crashed is not None and crashed < len(played) and played[crashed].status is StepStatus.FAILED:
            played[crashed] = replace(played[crashed], error=PAGE_CRASHED_DURING_STEP)
        now = self._stage.clock.now_ms()
        played.extend(
            StepResult(step, StepStatus.SKIPPED, now, 0) for step in self._scenario.steps[len(played) :]
        )
        return tuple(played)

    def _on_crash(self, page: Page) -> None:
        if self.crashed_during is None:
            self.crashed_during = len(self._results)

    def _play(self, step: Step) -> StepResult:
        actions = self._stage.actions
        started = self._stage.clock.now_ms()
        budget_ms = worst_case_ms(step, actions.timeout_ms) + actions.timeout_ms + WATCHDOG_GRACE_MS
        error: str | None = None
        timed_out_on_element = False
        screenshot: Path | None = None
        try:
            with self._watchdog.watching(budget_ms, STEP):
                screenshot = ACTIONS[step.action](actions, step.args)
        except StepFailed as failure:
            error = str(failure)
        except PlaywrightError as failure:
            error = explain(failure, step, actions.timeout_ms)
            timed_out_on_element = isinstance(failure, PlaywrightTimeoutError) and "selector" in step.args
        if self._watchdog.fired:
            error = step_stalled(budget_ms)
        elif error is not None and timed_out_on_element:
            with self._watchdog.watching(PROBE_BUDGET_MS):
                error += webdriver_note(self._stage.page)
        duration = self._stage.clock.now_ms() - started
        if error is not None:
            return StepResult(step, StepStatus.FAILED, started, duration, error)
        return StepResult(step, StepStatus.PASSED, started, duration, screenshot=screenshot)

    def _wants_picture(self, result: StepResult) -> bool:
        mode = self._stage.pictures
        if mode is StepPictures.PAGES:
            return result.status is not StepStatus.PASSED or page_key(self._stage.page.url) != self._pictured
        return mode is StepPictures.STEPS

    def _picture(self, result: StepResult, index: int) -> StepResult:
        page = self._stage.page
        screenshot = result.screenshot
        # caret="initial": Playwright otherwise styles every input to hide the caret, and the tag records
        # that as a DOM change, which would make a dead click look alive.
        if screenshot is None and self._wants_picture(result):
            path = self._stage.actions.screenshot_dir / "steps" / f"{index + 1:02d}.jpg"
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(
                    path=path,
                    type="jpeg",
                    quality=70,
                    full_page=True,
                    clip=_picture_area(page),
                    timeout=self._stage.actions.timeout_ms,
                    caret="initial",
                )
                black_out(path, find_hidden(page, self._stage.actions.hidden_values), from_page_top=True)
                screenshot = path
            except PlaywrightError:
                screenshot = None
        if screenshot is not None:
            self._pictured = page_key(page.url)
        return replace(result, screenshot=screenshot, url=page.url)

    def _wait_for_new_page(self, arrivals_before: int) -> None:
        """Lets the tag record the new URL before the next step moves on (see `route_settle_s`), unless the
        tag is known not to record: not loaded, stopped by a 4xx, or refusing under Global Privacy Control."""
        stage = self._stage
        refuses = any(page.global_privacy_control for page in stage.recorder.page_environments)
        if not stage.recorder.tag_script_loaded() or stage.collector.stops_the_tag or refuses:
            return
        settle_s = route_settle_s(self._scenario)
        page_number = self._wait_for_page_start(stage.page.url, arrivals_before, settle_s)
        if page_number is not None:
            self._wait_until_page_saved(page_number, settle_s)

    def _wait_for_page_start(self, url: str, arrivals_before: int, timeout_s: float) -> int | None:
        """The tag's number for the page recorded at `url` once its first upload arrived, or None on timeout."""
        collector = self._stage.collector

        def started() -> bool:
            return collector.started_page_number(url, arrivals_before) is not None

        wait_pumping(self._stage.context, started, timeout_s)
        return collector.started_page_number(url, arrivals_before)

    def _wait_until_page_saved(self, page_number: int, timeout_s: float) -> None:
        """The tag counts pages in its _clsk cookie, and saves the new count only once the page's first upload
        has come back. A route change before that restarts the tag on the old count: two routes then share
        one page number and are recorded as one page (seen in `make flake`: a step 4 ms after the upload)."""
        try:
            self._stage.page.wait_for_function(PAGE_SAVED, arg=page_number, timeout=timeout_s * 1000)
        except PlaywrightError:
            return


def route_settle_s(scenario: Scenario) -> float:
    """How long the tag may take to record a new URL as a page: its restart delay, then its first upload.

    A visitor dwells on a page; a script clicks on within milliseconds, before Clarity restarts (250 ms by
    default), and the page would go unrecorded. So after a URL change the run waits for the new page."""
    config = scenario.tag.start_config
    restart_ms = float(config.get("restart", DEFAULT_RESTART_MS))
    upload_delay_ms = min(max(float(config.get("delay", DEFAULT_UPLOAD_DELAY_MS)), 100), 30_000)
    return (restart_ms + upload_delay_ms + ROUTE_SETTLE_MARGIN_MS) / 1000


def page_key(url: str) -> str:
    """The URL as the tag compares it to decide that a new page began: `location.href` without
    `location.hash`. An empty fragment (`/#`, after a click on `href="#"`) has an empty hash, so the key
    keeps the "#" and differs from `/`: the tag starts a new page there too."""
    return without_hash(url) if url.partition("#")[2] else url


def _picture_area(page: Page) -> FloatRect | None:
    """The top of a very long page only: a full-page picture of 180,000 px takes seconds, every step."""
    viewport = page.viewport_size
    if viewport is None:
        return None
    return {"x": 0, "y": 0, "width": viewport["width"], "height": MAX_PICTURE_HEIGHT_PX}
