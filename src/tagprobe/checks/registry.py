"""Which checks exist, and which run for a scenario: those its `expect` names, plus the always-on ones."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from tagprobe.checks import consent, errors, health, masking, signals, spa, tags, usage
from tagprobe.checks.observation import Observation
from tagprobe.checks.verdict import Verdict

CheckFunction = Callable[[Observation, Mapping[str, Any]], Verdict]

CHECKS: Mapping[str, CheckFunction] = {
    consent.NAME: consent.check,
    masking.NAME: masking.check,
    spa.NAME: spa.check,
    tags.NAME: tags.check,
    errors.NAME: errors.check,
    signals.NAME: signals.check,
    health.NAME: health.check,
    usage.NAME: usage.check,
}
ALWAYS_ON = frozenset({health.NAME, masking.NAME, usage.NAME})


def run_checks(observation: Observation, expect: Mapping[str, Any]) -> tuple[Verdict, ...]:
    verdicts = []
    for name, check in CHECKS.items():
        options = expect.get(name)
        if options is None and name not in ALWAYS_ON:
            verdicts.append(Verdict.skipped(name, f"not asked for: add `{name}:` under `expect` to run it"))
            continue
        if options is False:
            verdicts.append(Verdict.skipped(name, "turned off in `expect`"))
            continue
        verdicts.append(check(observation, options if isinstance(options, Mapping) else {}))
    return tuple(verdicts)
