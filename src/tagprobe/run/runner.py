"""Runs one scenario: a fresh context with the tag wired to a local collector, the steps, then the flush."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from tagprobe.assets import PinnedBuilds
from tagprobe.capture.browser_events import BrowserEventRecorder
from tagprobe.capture.capture import Capture
from tagprobe.capture.clock import CaptureClock
from tagprobe.capture.collector import UploadCollector
from tagprobe.capture.egress import EgressGuard
from tagprobe.run.actions import ACTIONS, ActionContext, StepFailed
from tagprobe.run.explain import explain
from tagprobe.run.recordings import RecordingSettings, ScenarioRecordings
from tagprobe.run.results import RunRecord, StepResult, StepStatus
from tagprobe.scenario.model import Scenario, Step
from tagprobe.tag.install import TagInstaller

GLOBAL_PRIVACY_CONTROL_ON = "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true, configurable: true});"
DEFAULT_RESTART_MS = 250
DEFAULT_UPLOAD_DELAY_MS = 1000
ROUTE_SETTLE_MARGIN_MS = 1500


@dataclass(frozen=True, slots=True)
class RunSettings:
    base_url: str
    output_dir: Path
    builds: PinnedBuilds
    step_timeout_ms: float = 5000
    settle_timeout_s: float = 10
    quiet_ms: float = 200
    """After the last page closes, how long no upload may arrive before the capture counts as complete."""
    allowed_hosts: tuple[str, ...] = ()
    devices: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    step_screenshots: bool = True
    """A full-page JPEG after each step, for the report's thumbnails and click heatmaps."""
    recordings: RecordingSettings = field(default_factory=RecordingSettings)


class ScenarioRunner:
    def __init__(self, browser: Browser, settings: RunSettings) -> None:
        self._browser = browser
        self._settings = settings

    def run(self, scenario: Scenario, artifacts_dir: Path) -> RunRecord:
        clock = CaptureClock()
        started = time.monotonic()
        recorder = BrowserEventRecorder(clock)
        recordings = ScenarioRecordings(self._settings.recordings, artifacts_dir)
        with UploadCollector(clock) as collector, EgressGuard(clock, self._settings.allowed_hosts) as guard:
            context = self._browser.new_context(
                **self._context_options(scenario, guard), **recordings.context_options()
            )
            steps: list[StepResult] = []
            problem: str | None = None
            settled = False
            page: Page | None = None
            trace: Path | None = None
            try:
                recordings.start(context)
                recorder.attach(context)
                if _wants_global_privacy_control(scenario):
                    context.add_init_script(GLOBAL_PRIVACY_CONTROL_ON)
                TagInstaller(
                    scenario.tag, self._settings.builds, collector.upload_url, recorder.on_tag_request
                ).install(context)
                page = context.new_page()
                recorder.snapshot_cookies(context, -1)
                steps = self._run_steps(scenario, page, context, collector, recorder, artifacts_dir, clock)
                settled = self._flush(page, collector)
                recorder.snapshot_cookies(context, len(steps))
            except PlaywrightError as error:
                problem = f"the browser stopped the run: {explain(error, scenario.steps[0], 0)}"
            finally:
                trace = recordings.before_close(context, page)
                _close_quietly(context)
            video = recordings.after_close()
            capture = Capture(
                uploads=collector.uploads(),
                cookie_snapshots=tuple(recorder.cookie_snapshots),
                console=tuple(recorder.console),
                page_errors=tuple(recorder.page_errors),
                csp_violations=tuple(recorder.csp_violations),
                tag_requests=tuple(recorder.tag_requests),
                egress_attempts=guard.attempts(),
                settled=settled,
            )
        return RunRecord(
            scenario=scenario,
            base_url=self._settings.base_url,
            steps=tuple(steps),
            capture=capture,
            duration_ms=round((time.monotonic() - started) * 1000, 1),
            browser_version=self._browser.version,
            problem=problem,
            trace=trace,
            video=video,
        )

    def _context_options(self, scenario: Scenario, guard: EgressGuard) -> dict[str, Any]:
        options: dict[str, Any] = {}
        if scenario.device:
            options.update(self._settings.devices[scenario.device])
        if scenario.viewport:
            options["viewport"] = {"width": scenario.viewport[0], "height": scenario.viewport[1]}
        options.update(
            base_url=self._settings.base_url,
            proxy=guard.proxy_settings(),
            service_workers="block",
        )
        return options

    def _run_steps(
        self,
        scenario: Scenario,
        page: Page,
        context: BrowserContext,
        collector: UploadCollector,
        recorder: BrowserEventRecorder,
        artifacts_dir: Path,
        clock: CaptureClock,
    ) -> list[StepResult]:
        action_context = ActionContext(
            page, self._settings.base_url, collector, artifacts_dir, self._settings.step_timeout_ms
        )
        results: list[StepResult] = []
        failed = False
        for index, step in enumerate(scenario.steps):
            if failed:
                results.append(StepResult(step, StepStatus.SKIPPED, clock.now_ms(), 0))
                continue
            url_before = _without_hash(page.url)
            uploads_before = len(collector.uploads())
            result = self._run_step(step, action_context, clock)
            failed = result.status is StepStatus.FAILED
            if page.is_closed():
                results.append(result)
                continue
            results.append(self._picture(result, page, artifacts_dir / "steps" / f"{index + 1:02d}.jpg"))
            if not failed and _without_hash(page.url) != url_before and recorder.tag_script_requested():
                collector.wait_for_page_start(page.url, uploads_before, _route_settle_s(scenario))
            recorder.snapshot_cookies(context, index)
        return results

    def _run_step(self, step: Step, context: ActionContext, clock: CaptureClock) -> StepResult:
        started = clock.now_ms()
        try:
            screenshot = ACTIONS[step.action](context, step.args)
        except StepFailed as error:
            return StepResult(step, StepStatus.FAILED, started, clock.now_ms() - started, str(error))
        except PlaywrightError as error:
            message = explain(error, step, context.timeout_ms)
            return StepResult(step, StepStatus.FAILED, started, clock.now_ms() - started, message)
        return StepResult(step, StepStatus.PASSED, started, clock.now_ms() - started, screenshot=screenshot)

    def _picture(self, result: StepResult, page: Page, path: Path) -> StepResult:
        screenshot = result.screenshot
        if screenshot is None and self._settings.step_screenshots:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(
                    path=path, type="jpeg", quality=70, full_page=True, timeout=self._settings.step_timeout_ms
                )
                screenshot = path
            except PlaywrightError:
                screenshot = None
        return replace(result, screenshot=screenshot, url=page.url)

    def _flush(self, page: Page, collector: UploadCollector) -> bool:
        """Closing the page fires pagehide, so the tag sends its last beacon; then wait until uploads settle."""
        if not page.is_closed():
            page.close()
        collector.mark_activity()
        return collector.wait_until_settled(self._settings.settle_timeout_s, self._settings.quiet_ms)


def _wants_global_privacy_control(scenario: Scenario) -> bool:
    consent = scenario.expect.get("consent")
    return isinstance(consent, Mapping) and consent.get("policy") == "global-privacy-control"


def _without_hash(url: str) -> str:
    return url.split("#", 1)[0]


def _route_settle_s(scenario: Scenario) -> float:
    """How long the tag may take to record a new URL as a page: its restart delay, then its first upload.

    A visitor dwells on a page; a script clicks on within milliseconds, before Clarity restarts (250 ms by
    default), and the page would go unrecorded. So after a URL change the run waits for the new page."""
    config = scenario.tag.start_config
    restart_ms = float(config.get("restart", DEFAULT_RESTART_MS))
    upload_delay_ms = min(max(float(config.get("delay", DEFAULT_UPLOAD_DELAY_MS)), 100), 30_000)
    return (restart_ms + upload_delay_ms + ROUTE_SETTLE_MARGIN_MS) / 1000


def _close_quietly(context: BrowserContext) -> None:
    try:
        context.close()
    except PlaywrightError:
        return
