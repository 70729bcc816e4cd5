"""Why a run stopped early, when the page or the browser died rather than a step failing on its own."""

from __future__ import annotations

from collections.abc import Sequence

from playwright.sync_api import Error as PlaywrightError

from tagprobe.run.explain import browser_lost, browser_not_running, explain_browser_error, page_crashed
from tagprobe.run.results import StepResult, StepStatus
from tagprobe.scenario.model import Scenario


def step_label(scenario: Scenario, index: int) -> str:
    steps = scenario.steps
    if index >= len(steps):
        return "the end of the scenario (while its last uploads were awaited)"
    step = steps[index]
    return f"step {index + 1} ({step.location}: {step.describe(scenario.secrets)})"


def stopped_by_error(
    error: PlaywrightError, scenario: Scenario, started: bool, browser_alive: bool, played: int, uploads: int
) -> str:
    """Why Playwright raised outside a step: the browser was gone before (`started` False) or during the run."""
    text = str(error).strip()
    cause = explain_browser_error(text, text.splitlines()[0] if text else type(error).__name__)
    if not started:
        return browser_not_running(cause)
    if not browser_alive:
        return browser_lost(step_label(scenario, played), uploads)
    return f"the browser stopped the run: {cause}"


def stopped_by_incident(
    scenario: Scenario,
    results: Sequence[StepResult],
    crashed_during: int | None,
    browser_alive: bool,
    uploads: int,
) -> str | None:
    """Why the run stopped early when the page crashed or the browser died, whichever step noticed it."""
    if crashed_during is not None:
        return page_crashed(step_label(scenario, crashed_during), uploads)
    failed = next((index for index, result in enumerate(results) if result.status is StepStatus.FAILED), None)
    if failed is not None and not browser_alive:
        return browser_lost(step_label(scenario, failed), uploads)
    return None
