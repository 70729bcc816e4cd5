"""Runs one scenario: a fresh context with the tag wired to a local collector, the steps, then the flush.

Whatever happens to the page or the browser, the run comes back with a RunRecord that keeps every upload
received so far and says in `problem` why it stopped early."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tagprobe.capture.browser_events import BrowserEventRecorder
from tagprobe.capture.capture import Capture
from tagprobe.capture.clock import CaptureClock
from tagprobe.capture.collector import UploadCollector
from tagprobe.capture.egress import EgressGuard
from tagprobe.capture.webrtc import watch_webrtc
from tagprobe.run.actions import CLICKING_ACTIONS, ActionContext, let_window_pass
from tagprobe.run.automation import webdriver_init_script
from tagprobe.run.compressing import send_uploads_uncompressed
from tagprobe.run.context_args import TAGPROBE_PERMISSIONS, with_tagprobe_permissions
from tagprobe.run.drain import Drained, drain, drain_budget_ms, drain_note, watch_activity
from tagprobe.run.explain import call_stalled
from tagprobe.run.hiding import black_out, find_hidden
from tagprobe.run.leaving import UPLOADS_IN_FLIGHT_BOUND_S, UploadsInFlight, leave
from tagprobe.run.pumping import wait_pumping
from tagprobe.run.recordings import FINAL_SCREENSHOT_FILE, OFF, ScenarioRecordings, recordings_dir
from tagprobe.run.results import RunRecord, StepResult, StepStatus
from tagprobe.run.settings import RunSettings
from tagprobe.run.steps import STEP, WATCHDOG_GRACE_MS, StepPlayer, StepStage
from tagprobe.run.stops import stopped_by_error, stopped_by_incident
from tagprobe.run.watchdog import CallWatchdog
from tagprobe.scenario.hidden import hidden_values
from tagprobe.scenario.model import Scenario
from tagprobe.tag.install import TagInstaller

__all__ = ["RunSettings", "ScenarioRunner"]

GLOBAL_PRIVACY_CONTROL_ON = "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true, configurable: true});"
LOST_PAGE_SETTLE_S = 1.0
"""After a crash or a forced close no last beacon will come: wait only for uploads already on their way."""
CLOSING = "closing the page"
LEAVING = "leaving the page"
DRAINING = "letting the tag record the last step"
CLOSING_CONTEXT = "closing the browser context"
COOKIES = "reading the cookies"
MIN_CLOSE_BUDGET_MS = 5000
"""Closing takes milliseconds on a quiet machine; the bound is for a page that never lets go, not for load."""


class ScenarioRunner:
    def __init__(self, browser: Browser, settings: RunSettings) -> None:
        self._browser = browser
        self._settings = settings

    def run(self, scenario: Scenario, artifacts_dir: Path, dead_click_window_ms: float = 500) -> RunRecord:
        """`dead_click_window_ms`: how long a `dead_click` step waits after its click (the detector's window)."""
        run = _ScenarioRun(self._browser, self._settings, scenario, artifacts_dir)
        run.dead_click_window_ms = dead_click_window_ms
        return run.execute()


class _ScenarioRun:
    """One play of one scenario; its state lives only as long as the run."""

    def __init__(
        self, browser: Browser, settings: RunSettings, scenario: Scenario, artifacts_dir: Path
    ) -> None:
        self._browser = browser
        self._settings = settings
        self._scenario = scenario
        self._artifacts_dir = artifacts_dir
        self._clock = CaptureClock()
        self._recorder = BrowserEventRecorder(self._clock, settings.capture_limits, hidden_values(scenario))
        self._recordings = ScenarioRecordings(settings.recordings, artifacts_dir)
        self._player: StepPlayer | None = None
        self._watchdog: CallWatchdog | None = None
        self._drain_note: str | None = None
        self._uploads: UploadsInFlight | None = None
        self.dead_click_window_ms: float = 500

    def execute(self) -> RunRecord:
        started = time.monotonic()
        limits = self._settings.capture_limits
        with (
            UploadCollector(self._clock, self._settings.collector_status, limits) as collector,
            EgressGuard(self._clock, self._settings.allowed_hosts, limits, collector) as guard,
        ):
            problem, settled, trace = self._drive(collector, guard)
            video = self._recordings.after_close()
            capture = self._capture(collector, guard, settled)
        return RunRecord(
            scenario=self._scenario,
            base_url=self._settings.base_url,
            steps=self._steps(),
            capture=capture,
            duration_ms=round((time.monotonic() - started) * 1000, 1),
            browser_version=self._browser.version,
            problem=problem,
            trace=trace,
            video=video,
        )

    def _drive(self, collector: UploadCollector, guard: EgressGuard) -> tuple[str | None, bool, Path | None]:
        """Plays the scenario; returns why it stopped early (if it did), whether uploads settled, the trace."""
        context: BrowserContext | None = None
        page: Page | None = None
        problem: str | None = None
        settled = False
        trace: Path | None = None
        try:
            context = self._browser.new_context(
                **self._context_options(guard), **self._recordings.context_options()
            )
            page = self._prepare(context, collector, guard)
            self._watchdog = CallWatchdog(page, context, self._browser)
            self._player = StepPlayer(self._scenario, self._stage(page, context, collector, guard))
            self._player.play()
            self._final_screenshot(page)
            settled = self._flush(page, collector)
            with self._watchdog.watching(self._close_budget_ms(), COOKIES):
                self._recorder.snapshot_cookies(context, self._player.played)
        except PlaywrightError as error:
            played = self._player.played if self._player else 0
            problem = stopped_by_error(
                error,
                self._scenario,
                context is not None,
                self._browser.is_connected(),
                played,
                len(collector.uploads()),
            )
        finally:
            if context is not None:
                trace = self._close(context, page)
        incident = stopped_by_incident(
            self._scenario,
            self._steps(),
            self._player.crashed_during if self._player else None,
            self._browser.is_connected(),
            len(collector.uploads()),
        )
        return incident or self._rescue_problem() or problem, settled, trace

    def _close(self, context: BrowserContext, page: Page | None) -> Path | None:
        """Stops the trace and closes the context, within a bound: a page may hold the close up for good."""
        if self._watchdog is None:
            trace = self._recordings.before_close(context, page)
            _close_quietly(context)
            return trace
        with self._watchdog.watching(self._close_budget_ms(), CLOSING_CONTEXT):
            trace = self._recordings.before_close(context, page)
            _close_quietly(context)
        return trace

    def _close_budget_ms(self) -> float:
        return close_budget_ms(self._settings)

    def _rescue_problem(self) -> str | None:
        """Why the run stopped early when the watchdog had to end a call outside a step (a stalled step is
        told in the step's own error)."""
        rescue = self._watchdog.rescue if self._watchdog else None
        if rescue is None or rescue.waiting_for == STEP:
            return None
        return call_stalled(rescue.waiting_for, rescue.budget_ms, rescue.closed)

    def _prepare(self, context: BrowserContext, collector: UploadCollector, guard: EgressGuard) -> Page:
        context.set_default_timeout(self._settings.step_timeout_ms)
        self._recordings.start(context)
        self._uploads = install_tag_and_recorder(
            context, self._scenario, self._settings, collector, guard, self._recorder
        )
        page = context.new_page()
        self._recorder.snapshot_cookies(context, -1)
        return page

    def _stage(
        self, page: Page, context: BrowserContext, collector: UploadCollector, guard: EgressGuard
    ) -> StepStage:
        settings = self._settings
        actions = ActionContext(
            page,
            settings.base_url,
            collector,
            guard,
            self._artifacts_dir,
            settings.step_timeout_ms,
            hidden_values(self._scenario),
            dead_click_window_ms=self.dead_click_window_ms,
        )
        assert self._watchdog is not None
        return StepStage(
            page,
            context,
            actions,
            collector,
            self._recorder,
            self._clock,
            settings.step_pictures,
            self._watchdog,
        )

    def _context_options(self, guard: EgressGuard) -> dict[str, Any]:
        options: dict[str, Any] = dict(self._settings.context_options)
        device = self._scenario.device or self._settings.default_device
        if device:
            options.update(self._settings.devices[device])
        if self._scenario.viewport:
            options["viewport"] = {"width": self._scenario.viewport[0], "height": self._scenario.viewport[1]}
        options.update(base_url=self._settings.base_url, **guarded_context_options(guard))
        options["permissions"] = with_tagprobe_permissions(self._settings.context_options)
        return options

    def _final_screenshot(self, page: Page) -> None:
        """pytest-playwright's --screenshot for a scenario: the page as the last step left it, hidden values
        blacked out; kept only for a failed scenario with only-on-failure (engine.analyse drops it)."""
        recordings = self._settings.recordings
        if recordings.screenshot == OFF or page.is_closed():
            return
        path = recordings_dir(recordings, self._artifacts_dir) / FINAL_SCREENSHOT_FILE
        full_page = recordings.full_page_screenshot
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=path, full_page=full_page, caret="initial")
        except PlaywrightError:
            return
        black_out(path, find_hidden(page, hidden_values(self._scenario)), from_page_top=full_page)

    def _flush(self, page: Page, collector: UploadCollector) -> bool:
        """Lets the tag record what the last step changed (`run/drain.py`), leaves the page (pagehide: the
        tag sends its last beacon, `run/leaving.py`) and closes it; then waits until uploads settle.

        A page that crashed or was closed for not answering sends no last beacon, so it is not waited for."""
        crashed = self._player is not None and self._player.crashed_during is not None
        lost = page.is_closed() or crashed
        if not lost and self._ends_with_a_click():
            # A page that keeps loading new documents restarts its clock, so the window may never pass on it:
            # the click was not dead, and closing goes on.
            with contextlib.suppress(PlaywrightTimeoutError):
                let_window_pass(page, self.dead_click_window_ms, self._settings.step_timeout_ms)
        assert self._watchdog is not None
        if not lost and tag_may_record(self._recorder, collector):
            self._drain_note = drain_watched(page, self._watchdog, self._settings)
            lost = self._watchdog.fired
        if not page.is_closed():
            if not lost:
                leave_watched(page, self._watchdog, self._settings, self._uploads)
            with self._watchdog.watching(self._close_budget_ms(), CLOSING):
                page.close()
            lost = lost or self._watchdog.fired
        collector.mark_activity()
        timeout_s = self._settings.settle_timeout_s
        if lost:
            timeout_s = min(timeout_s, LOST_PAGE_SETTLE_S)
        return collector.wait_until_settled(timeout_s, self._settings.quiet_ms)

    def _ends_with_a_click(self) -> bool:
        """Whether the last step played was a click: the run lets the dead-click window pass before closing the
        page, so that click is judged (a scenario's last click would otherwise never be)."""
        played = [result for result in self._steps() if result.status is not StepStatus.SKIPPED]
        return bool(played) and played[-1].step.action in CLICKING_ACTIONS

    def _steps(self) -> tuple[StepResult, ...]:
        if self._player is not None:
            return self._player.results()
        now = self._clock.now_ms()
        return tuple(StepResult(step, StepStatus.SKIPPED, now, 0) for step in self._scenario.steps)

    def _capture(self, collector: UploadCollector, guard: EgressGuard, settled: bool) -> Capture:
        return capture_of(collector, guard, self._recorder, settled, self._drain_note)


def install_tag_and_recorder(
    context: BrowserContext,
    scenario: Scenario,
    settings: RunSettings,
    collector: UploadCollector,
    guard: EgressGuard,
    recorder: BrowserEventRecorder,
) -> UploadsInFlight:
    """The real tag on every page of the context (injected, or answering the site's own snippet), uploading
    to the collector, and the recorder listening; before the page loads anything. Returns what tells when
    the tag's uploads are answered (`leave_watched` waits for them)."""
    uploads = UploadsInFlight(context, collector.upload_url)
    recorder.attach(context)
    watch_activity(context)
    send_uploads_uncompressed(context)
    watch_webrtc(context, guard)
    if _wants_global_privacy_control(scenario):
        context.add_init_script(GLOBAL_PRIVACY_CONTROL_ON)
    context.add_init_script(webdriver_init_script(scenario.automation_flag))
    for script in settings.init_scripts:
        context.add_init_script(path=script)
    TagInstaller(
        scenario.tag, settings.builds, collector.upload_url, recorder.on_tag_request, settings.tag_faults
    ).install(context)
    return uploads


def close_budget_ms(settings: RunSettings) -> float:
    """How long closing a page or a context may take before the watchdog ends it."""
    return max(settings.step_timeout_ms, MIN_CLOSE_BUDGET_MS) + WATCHDOG_GRACE_MS


def tag_may_record(recorder: BrowserEventRecorder, collector: UploadCollector) -> bool:
    """Whether a tag may be recording: given its script, not stopped by a 4xx, not refusing under GPC."""
    refuses = any(page.global_privacy_control for page in recorder.page_environments)
    return recorder.tag_script_loaded() and not collector.stops_the_tag and not refuses


def drain_watched(page: Page, watchdog: CallWatchdog, settings: RunSettings) -> str | None:
    """`run/drain.py` on `page` under the watchdog: a page that stops answering is closed past the bound.
    Returns a note for the capture when the tag had not caught up."""
    task_bound_ms = settings.step_timeout_ms
    drained = Drained.GONE
    with watchdog.watching(drain_budget_ms(task_bound_ms) + WATCHDOG_GRACE_MS, DRAINING):
        drained = drain(page, task_bound_ms)
    return drain_note(drained, task_bound_ms)


def leave_watched(
    page: Page, watchdog: CallWatchdog, settings: RunSettings, uploads: UploadsInFlight | None
) -> None:
    """Leaves the page before closing it, once the tag's uploads in flight are answered (bounded), so the tag's
    last beacon is sent however slowly the machine runs its pagehide handler (`run/leaving.py`); a page that
    will not leave in time is closed as it is."""
    if uploads is not None:
        wait_pumping(page.context, uploads.none, UPLOADS_IN_FLIGHT_BOUND_S)
    timeout_ms = settings.step_timeout_ms
    with watchdog.watching(timeout_ms + WATCHDOG_GRACE_MS, LEAVING), contextlib.suppress(PlaywrightError):
        leave(page, timeout_ms)


def guarded_context_options(guard: EgressGuard) -> dict[str, Any]:
    """The context options that put a context behind the egress guard and let the tag upload to the collector."""
    return {
        "proxy": guard.proxy_settings(),
        "service_workers": "block",
        # The upload host's certificate is tagprobe's own, made for this run (capture/tls.py).
        "ignore_https_errors": True,
        # The upload host is answered by a proxy on 127.0.0.1; should Chrome's Local Network Access count
        # that as a local request, a public site may still make it, as it may reach Clarity.
        "permissions": list(TAGPROBE_PERMISSIONS),
    }


def capture_of(
    collector: UploadCollector,
    guard: EgressGuard,
    recorder: BrowserEventRecorder,
    settled: bool,
    *run_notes: str | None,
) -> Capture:
    """Everything recorded during one run, frozen; `run_notes`: what the run itself knows is missing."""
    notes = (collector.note(), guard.note(), *recorder.notes(), *run_notes)
    return Capture(
        uploads=collector.uploads(),
        cookie_snapshots=recorder.cookie_snapshots,
        console=recorder.console,
        page_errors=recorder.page_errors,
        csp_violations=recorder.csp_violations,
        tag_requests=recorder.tag_requests,
        egress_attempts=guard.attempts(),
        settled=settled,
        page_environments=recorder.page_environments,
        tag_calls=recorder.tag_calls,
        notes=tuple(note for note in notes if note is not None),
        uploads_left_out=collector.left_out(),
        popups_ms=recorder.popups_ms,
        clock_origin_epoch_ms=recorder.clock_origin_epoch_ms,
        stylesheets=recorder.stylesheets,
        stylesheets_left_out=recorder.stylesheets_left_out,
        stylesheet_assets=recorder.stylesheet_assets,
    )


def _wants_global_privacy_control(scenario: Scenario) -> bool:
    consent = scenario.expect.get("consent")
    return isinstance(consent, Mapping) and consent.get("policy") == "global-privacy-control"


def _close_quietly(context: BrowserContext) -> None:
    try:
        context.close()
    except PlaywrightError:
        return
