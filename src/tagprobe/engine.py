"""Wires the layers for a run: one browser (per worker), the demo site when no base URL is given, and for
each scenario: run -> decode -> check -> keep the raw uploads."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tagprobe.assets import PinnedBuilds, pinned_builds
from tagprobe.browser.launch import BrowserSettings, open_browser
from tagprobe.browser.locate import choose_browser
from tagprobe.capture.clock import CaptureClock
from tagprobe.capture.egress import EgressGuard
from tagprobe.capture.sealing import sealing_args
from tagprobe.checks.observation import Observation
from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.checks.registry import run_checks
from tagprobe.checks.verdict import CheckStatus
from tagprobe.decode.node_bridge import DecoderProcess
from tagprobe.decode.session import RecordedSession, decode_session
from tagprobe.demo import DemoSite
from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.detector import detect
from tagprobe.detect.live import LiveFacts
from tagprobe.errors import TagprobeError
from tagprobe.report.artifacts import save_stylesheets, save_uploads
from tagprobe.run.context_args import ContextArgsError, scenario_context_base
from tagprobe.run.recordings import (
    FINAL_SCREENSHOT_FILE,
    ONLY_ON_FAILURE,
    RETAIN_ON_FAILURE,
    RecordingSettings,
    recordings_dir,
)
from tagprobe.run.results import RunRecord, StepStatus
from tagprobe.run.runner import RunSettings, ScenarioRunner
from tagprobe.run.settings import StepPictures
from tagprobe.scenario.model import Scenario


@dataclass(frozen=True, slots=True)
class EngineOptions:
    reports_dir: Path
    base_url: str | None = None
    demo_defect: str | None = None
    browser: BrowserSettings = field(default_factory=BrowserSettings)
    browser_path: str | None = None
    allowed_hosts: tuple[str, ...] = ()
    step_timeout_ms: float = 5000
    step_pictures: StepPictures = StepPictures.PAGES
    recordings: RecordingSettings = field(default_factory=RecordingSettings)
    default_device: str | None = None
    init_scripts: tuple[Path, ...] = ()
    """The user's scripts, run in every page first (--init-script, tagprobe_init_scripts)."""
    context_options: Mapping[str, Any] = field(default_factory=dict)
    """pytest-playwright's `browser_context_args`, as every scenario's context starts from them."""


class ScenarioPipeline:
    """run -> decode -> check for one scenario on a browser someone else owns; keeps the raw uploads."""

    def __init__(self, browser: Browser, settings: RunSettings) -> None:
        self._runner = ScenarioRunner(browser, settings)
        self._settings = settings

    def on_browser(self, browser: Browser) -> ScenarioPipeline:
        """The same pipeline on another browser, e.g. after the first one crashed."""
        return ScenarioPipeline(browser, self._settings)

    def run(self, scenario: Scenario, slug: str) -> ScenarioOutcome:
        artifacts_dir = self._settings.output_dir / "scenarios" / slug
        decoder = DecoderProcess(self._settings.builds)
        try:
            window = detector_config_of(scenario)[0].dead_click_window_ms
            record = self._runner.run(scenario, artifacts_dir, window)
        except BaseException:
            decoder.close()
            raise
        return analyse(record, self._settings, artifacts_dir, decoder)


def analyse(
    record: RunRecord, settings: RunSettings, artifacts_dir: Path, decoder: DecoderProcess | None = None
) -> ScenarioOutcome:
    """decode -> detect -> check one recording, whoever drove the page (a scenario, or a test through the
    `clarity` fixture); keeps the raw uploads."""
    scenario = record.scenario
    save_uploads(artifacts_dir, record.capture.uploads)
    save_stylesheets(
        artifacts_dir,
        record.capture.stylesheets,
        record.capture.stylesheets_left_out,
        record.capture.stylesheet_assets,
    )
    payloads = [upload.payload for upload in record.capture.uploads]
    session = decode_session(payloads, settings.builds, decoder)
    detector_config, problem = detector_config_of(scenario)
    if problem is not None:
        record = replace(record, problem=problem)
    detection = detect(session, detector_config, live_facts(record, session))
    signals = detection.signals
    observation = Observation(record, session, signals, scenario.expect, detection.unjudged)
    verdicts = run_checks(observation, scenario.expect)
    outcome = ScenarioOutcome(record, session, verdicts, str(artifacts_dir), signals)
    if outcome.status is CheckStatus.PASSED:
        outcome = replace(outcome, record=_drop_recordings_kept_for_failures(record, settings.recordings))
        if settings.recordings.screenshot == ONLY_ON_FAILURE:
            (recordings_dir(settings.recordings, artifacts_dir) / FINAL_SCREENSHOT_FILE).unlink(
                missing_ok=True
            )
    return outcome


def detector_config_of(scenario: Scenario) -> tuple[DetectorConfig, str | None]:
    """The scenario's detector settings over the project's, or the project's and why the scenario's failed."""
    signals_options = scenario.expect.get("signals")
    overrides = signals_options.get("detector") if isinstance(signals_options, Mapping) else None
    try:
        return DetectorConfig.load(overrides), None
    except TagprobeError as error:
        return DetectorConfig.load(), f"expect.signals.detector: {error}"


def live_facts(record: RunRecord, session: RecordedSession) -> LiveFacts:
    """What the run saw that the recording cannot show, on the wall clock. Each page's time 0 is placed by its
    uploads: one sent at page time `start + duration` reached the collector a few ms later."""
    origin = record.capture.clock_origin_epoch_ms
    if origin is None:
        return LiveFacts()
    uploads = record.capture.uploads
    page_starts = {
        page.number: min(
            origin + uploads[decoded.index].received_ms - (decoded.envelope.start + decoded.envelope.duration)
            for decoded in page.uploads
        )
        for page in session.pages
        if page.uploads and all(decoded.index < len(uploads) for decoded in page.uploads)
    }
    return LiveFacts(
        action_starts_epoch_ms=tuple(
            origin + step.started_ms for step in record.steps if step.status is not StepStatus.SKIPPED
        ),
        popups_epoch_ms=tuple(origin + time for time in record.capture.popups_ms),
        page_starts_epoch_ms=page_starts,
    )


def _drop_recordings_kept_for_failures(record: RunRecord, recordings: RecordingSettings) -> RunRecord:
    trace, video = record.trace, record.video
    if trace is not None and recordings.tracing == RETAIN_ON_FAILURE:
        trace.unlink(missing_ok=True)
        trace = None
    if video is not None and recordings.video == RETAIN_ON_FAILURE:
        video.unlink(missing_ok=True)
        video = None
    return replace(record, trace=trace, video=video)


class Engine:
    """Started lazily by the first scenario, closed once at the end of the session."""

    def __init__(self, options: EngineOptions) -> None:
        self.options = options
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._demo: DemoSite | None = None
        self._demo_url = ""
        """Kept after the demo site stops: the results written at the end still name where the run went."""
        self._pipeline: ScenarioPipeline | None = None
        self._browser_guard: EgressGuard | None = None
        self._owns_playwright = True
        self._refusal: ContextArgsError | None = None
        self.browser_description = ""

    def share(
        self, playwright: Playwright, launch_args: Mapping[str, Any], context_args: Mapping[str, Any]
    ) -> None:
        """Run on pytest-playwright's Playwright (two sync instances cannot share a thread), launching with its
        `browser_type_launch_args` and opening contexts from its `browser_context_args`; the owner stops it.
        A `base_url` there (--base-url, or a conftest's) is the site under test unless the engine has one."""
        if self._playwright is not None:
            return
        self._playwright = playwright
        self._owns_playwright = False
        try:
            context_base = scenario_context_base(context_args)
        except ContextArgsError as error:
            self._refusal = error
            context_base = {}
        self.options = replace(
            self.options,
            browser=replace(self.options.browser, user_options=dict(launch_args)),
            base_url=self.options.base_url or context_args.get("base_url") or None,
            context_options=context_base,
        )

    @property
    def base_url(self) -> str:
        if self.options.base_url:
            return self.options.base_url
        return self._demo_url

    def start(self) -> None:
        """Starts the demo site, Playwright and the browser; a failure part-way stops what did start."""
        if self._pipeline is not None:
            return
        try:
            self._start()
        except BaseException:
            self.close()
            raise

    def _start(self) -> None:
        builds = pinned_builds()
        if not self.options.base_url:
            self._demo = DemoSite(self.options.demo_defect)
            self._demo.start()
            self._demo_url = self._demo.url
        if self._playwright is None:
            self._playwright = sync_playwright().start()
            self._owns_playwright = True
        self._browser = self._open_browser()
        self._pipeline = ScenarioPipeline(self._browser, self.run_settings(builds, self._playwright.devices))

    def run_settings(
        self, builds: PinnedBuilds | None = None, devices: Mapping[str, Mapping[str, Any]] | None = None
    ) -> RunSettings:
        """How scenarios are run and recorded here; the `clarity` fixture records with the same settings."""
        return RunSettings(
            base_url=self.base_url,
            output_dir=self.options.reports_dir,
            builds=builds or pinned_builds(),
            step_timeout_ms=self.options.step_timeout_ms,
            step_pictures=self.options.step_pictures,
            recordings=self.options.recordings,
            allowed_hosts=self.options.allowed_hosts,
            init_scripts=self.options.init_scripts,
            devices=devices or {},
            default_device=self.options.default_device,
            context_options=self.options.context_options,
        )

    def _open_browser(self) -> Browser:
        """A local browser is launched behind an egress guard of its own: Chromium's background traffic
        (updates, sign-in) ignores the per-context proxy that guards the pages. It is sealed too: no WebRTC
        UDP, and no name lookup but loopback and the allowed hosts (`capture/sealing.py`)."""
        assert self._playwright is not None
        settings = self.options.browser
        description = ""
        if settings.connect_url is None:
            if self._browser_guard is None:
                self._browser_guard = EgressGuard(CaptureClock())
                self._browser_guard.start()
            proxy_arg = f"--proxy-server=http://127.0.0.1:{self._browser_guard.port}"
            choice = settings.choice
            if settings.channel is None or self.options.browser_path:
                choice = choose_browser(self._playwright, self.options.browser_path)
                description = choice.describe()
            users_args = (*settings.extra_args, *(settings.user_options.get("args") or ()))
            sealed = sealing_args(self.options.allowed_hosts, [str(arg) for arg in users_args])
            settings = replace(settings, choice=choice, extra_args=(*settings.extra_args, proxy_arg, *sealed))
            if self.options.browser_path:
                settings = replace(settings, channel=None)
            chosen = settings.launch_options().get("executable_path")
            if chosen and (choice is None or str(choice.executable) != chosen):
                description = f"{chosen} (browser_type_launch_args)"
        browser = open_browser(self._playwright, settings)
        self.browser_description = f"Chromium {browser.version}: {description}".rstrip(": ")
        return browser

    def _replace_a_dead_browser(self) -> None:
        """A browser that crashed or disconnected took its scenario down with it; the next one gets a new one."""
        if self._browser is None or self._pipeline is None or self._browser.is_connected():
            return
        self._browser = self._open_browser()
        self._pipeline = self._pipeline.on_browser(self._browser)

    def run(self, scenario: Scenario, slug: str) -> ScenarioOutcome:
        if self._refusal is not None:
            raise self._refusal
        self.start()
        self._replace_a_dead_browser()
        assert self._pipeline is not None
        return self._pipeline.run(scenario, slug)

    def close(self) -> None:
        for close in (
            self._browser.close if self._browser else None,
            self._playwright.stop if self._playwright and self._owns_playwright else None,
            self._demo.stop if self._demo else None,
            self._browser_guard.stop if self._browser_guard else None,
        ):
            if close is not None:
                with contextlib.suppress(PlaywrightError, OSError):
                    close()
        self._browser = self._playwright = self._demo = self._pipeline = self._browser_guard = None
