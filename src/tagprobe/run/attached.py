"""Records the real tag on a browser context that a test drives itself (the `clarity` fixture), the way a
scenario run records: same collector, egress guard, tag installation and final flush."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from tagprobe.capture.browser_events import BrowserEventRecorder
from tagprobe.capture.clock import CaptureClock
from tagprobe.capture.collector import UploadCollector
from tagprobe.capture.egress import EgressGuard
from tagprobe.run.context_args import TAGPROBE_PERMISSIONS
from tagprobe.run.explain import call_stalled
from tagprobe.run.leaving import UploadsInFlight
from tagprobe.run.pumping import wait_pumping
from tagprobe.run.results import RunRecord, StepResult, StepStatus
from tagprobe.run.runner import (
    CLOSING,
    LOST_PAGE_SETTLE_S,
    capture_of,
    close_budget_ms,
    drain_watched,
    guarded_context_options,
    install_tag_and_recorder,
    leave_watched,
    tag_may_record,
)
from tagprobe.run.settings import RunSettings
from tagprobe.run.watchdog import CallWatchdog
from tagprobe.scenario.model import Scenario, SourceLocation, Step

TYPED_BINDING = "__tagprobeTyped"
TYPED_LISTENER = """(() => {
  const ids = new WeakMap();
  let next = 0;
  document.addEventListener('input', (event) => {
    const field = event.target;
    if (!event.isTrusted || !field || typeof field.value !== 'string') return;
    if (!ids.has(field)) ids.set(field, ++next);
    const name = field.id ? '#' + field.id : field.name ? `[name="${field.name}"]` : field.tagName.toLowerCase();
    window.__tagprobeTyped(`${location.href} ${ids.get(field)}`, name, field.value);
  }, true);
})();"""
"""What a person typed into a field (trusted input events): the masking check's typed-value canaries, as a
scenario's `fill`/`type` steps are."""


class AttachedRecording:
    """Started before the test's context exists (the context must use `context_options`), attached to the
    context once it does, finished by `finish`, which closes the test's pages so the tag sends its last beacon."""

    def __init__(self, settings: RunSettings, location: SourceLocation) -> None:
        self._settings = settings
        self._location = location
        self._clock = CaptureClock()
        self._recorder = BrowserEventRecorder(self._clock, settings.capture_limits)
        limits = settings.capture_limits
        self._collector = UploadCollector(self._clock, settings.collector_status, limits)
        self._guard = EgressGuard(self._clock, settings.allowed_hosts, limits, self._collector)
        self._typed: dict[str, tuple[str, str, float]] = {}
        self._uploads: dict[BrowserContext, UploadsInFlight] = {}
        self._started = time.monotonic()
        self._collector.start()
        self._guard.start()

    def context_options(self) -> dict[str, Any]:
        """The guarded context's options, but its permissions: pytest-playwright puts these over the project's
        `browser_context_args`, whose permissions they would replace; `attach` grants tagprobe's instead."""
        options = guarded_context_options(self._guard)
        del options["permissions"]
        return options

    def attach(self, context: BrowserContext, scenario: Scenario) -> None:
        context.grant_permissions(list(TAGPROBE_PERMISSIONS))
        self._uploads[context] = install_tag_and_recorder(
            context, scenario, self._settings, self._collector, self._guard, self._recorder
        )
        context.expose_binding(TYPED_BINDING, self._on_typed)
        context.add_init_script(TYPED_LISTENER)
        self._recorder.snapshot_cookies(context, -1)

    def _on_typed(self, source: Any, field_key: str, selector: str, value: str) -> None:
        self._typed[str(field_key)] = (str(selector), str(value), self._clock.now_ms())

    def finish(self, context: BrowserContext, scenario: Scenario) -> RunRecord:
        """Lets the tag record what the test did last and closes the context's pages (pagehide: the last
        beacon), each within a bound, then waits until uploads are quiet."""
        problem = None
        self._wait_for_open_pages_recorded(context)
        lost = False
        notes: list[str | None] = []
        for page in list(context.pages):
            closed, trouble, note = self._close(page, context)
            lost = lost or not closed
            problem = problem or trouble
            notes.append(note)
        self._collector.mark_activity()
        timeout_s = self._settings.settle_timeout_s
        if lost:
            timeout_s = min(timeout_s, LOST_PAGE_SETTLE_S)
        settled = self._collector.wait_until_settled(timeout_s, self._settings.quiet_ms)
        steps = self._typed_steps()
        # The watchdog may have had to close the context to free a page that never let go.
        with contextlib.suppress(PlaywrightError):
            self._recorder.snapshot_cookies(context, len(steps))
        browser = context.browser
        return RunRecord(
            scenario=replace(scenario, steps=tuple(result.step for result in steps)),
            base_url=self._settings.base_url,
            steps=steps,
            capture=capture_of(self._collector, self._guard, self._recorder, settled, *notes),
            duration_ms=round((time.monotonic() - self._started) * 1000, 1),
            browser_version=browser.version if browser else "",
            problem=problem,
        )

    def _close(self, page: Page, context: BrowserContext) -> tuple[bool, str | None, str | None]:
        """Drains and closes one page, as a scenario's run does: whether it closed on its own (its last
        beacon may come), if not why, and what the capture may lack."""
        if page.is_closed():
            return True, None, None
        watchdog = CallWatchdog(page, context)
        note = None
        try:
            if tag_may_record(self._recorder, self._collector):
                note = drain_watched(page, watchdog, self._settings)
            if not page.is_closed() and not watchdog.fired:
                leave_watched(page, watchdog, self._settings, self._uploads.get(context))
            if not page.is_closed():
                with watchdog.watching(close_budget_ms(self._settings), CLOSING):
                    page.close()
        except PlaywrightError as error:
            return False, f"a page could not be closed: {str(error).splitlines()[0]}", note
        rescue = watchdog.rescue
        if rescue is not None:
            return False, call_stalled(rescue.waiting_for, rescue.budget_ms, rescue.closed), note
        return True, None, note

    def _wait_for_open_pages_recorded(self, context: BrowserContext) -> None:
        """A test may end right after a navigation, before the tag started on the page: closing it then would
        leave nothing to judge. Bounded, and skipped when the tag is known not to record."""
        collector = self._collector
        if not tag_may_record(self._recorder, collector):
            return
        for page in context.pages:
            url = page.url
            if page.is_closed() or not url.startswith(("http://", "https://")):
                continue
            wait_pumping(context, _page_started(collector, url), self._settings.step_timeout_ms / 1000)

    def _typed_steps(self) -> tuple[StepResult, ...]:
        """Each field's final value, as the `fill` step a scenario would have written."""
        return tuple(
            StepResult(
                Step("fill", MappingProxyType({"selector": selector, "value": value}), self._location),
                StepStatus.PASSED,
                typed_ms,
                0,
            )
            for selector, value, typed_ms in self._typed.values()
        )

    def close(self) -> None:
        self._guard.stop()
        self._collector.stop()


def _page_started(collector: UploadCollector, url: str) -> Callable[[], bool]:
    return lambda: collector.started_page_number(url, 0) is not None
