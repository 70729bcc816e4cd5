"""Which step gave or withdrew consent: an action on the `given_by`/`withdrawn_by` selector (a click, a
press, ...), never a wait or a hover on it; a call: an `evaluate` whose script contains that text (a consent
manager's API, `CookieConsent.acceptCategory('analytics')`), or a consent call of the tag's API
(`clarity: [consentv2, ...]`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from tagprobe.run.results import StepResult
from tagprobe.scenario.model import Step

GIVING_ACTIONS = frozenset(
    {"click", "dblclick", "press", "check", "uncheck", "select", "fill", "type", "rage_click", "dead_click"}
)
"""Actions a visitor gives or withdraws consent with. `wait_for`, `hover`, `scroll` and `screenshot` only
look at the element, so they are never the consent moment."""
CONSENT_CALLS = frozenset({"consent", "consentv2"})


class ConsentEffect(StrEnum):
    GIVEN = "given"
    WITHDRAWN = "withdrawn"


def consent_effect(step: Step, options: Mapping[str, Any]) -> ConsentEffect | None:
    """What `step` does to consent under the scenario's `expect.consent` options, if anything."""
    selector = step.args.get("selector")
    if step.action in GIVING_ACTIONS and selector is not None:
        if selector == options.get("given_by"):
            return ConsentEffect.GIVEN
        if selector == options.get("withdrawn_by"):
            return ConsentEffect.WITHDRAWN
    script = step.args.get("script")
    if step.action == "evaluate" and isinstance(script, str):
        for key, effect in (("given_by", ConsentEffect.GIVEN), ("withdrawn_by", ConsentEffect.WITHDRAWN)):
            wanted = options.get(key)
            if isinstance(wanted, str) and wanted and wanted in script:
                return effect
    call = step.args.get("call")
    if step.action == "clarity" and isinstance(call, list | tuple) and call and call[0] in CONSENT_CALLS:
        return ConsentEffect.WITHDRAWN if _denies(call[1:]) else ConsentEffect.GIVEN
    return None


def _denies(arguments: Sequence[Any]) -> bool:
    if not arguments:
        return False
    first = arguments[0]
    if isinstance(first, Mapping):
        analytics = {str(key).lower(): value for key, value in first.items()}.get("analytics_storage")
        return str(analytics).lower() == "denied"
    return first is False or str(first).lower() == "false"


@dataclass(frozen=True, slots=True)
class ConsentMoment:
    """The step (0-based index into the run's steps) that gave or withdrew consent."""

    index: int
    result: StepResult

    @property
    def started_ms(self) -> float:
        return self.result.started_ms

    @property
    def ended_ms(self) -> float:
        return self.result.started_ms + self.result.duration_ms


def find_moment(
    steps: Sequence[StepResult], options: Mapping[str, Any], effect: ConsentEffect, after: int = -1
) -> ConsentMoment | None:
    """The first step after index `after` with `effect`."""
    for index, result in enumerate(steps):
        if index > after and consent_effect(result.step, options) is effect:
            return ConsentMoment(index, result)
    return None
