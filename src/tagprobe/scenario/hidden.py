"""The values a scenario wants kept out of sight: its secrets, and what it marks or types as sensitive."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tagprobe.scenario.model import Scenario

TYPED_ACTIONS = {"fill": "value", "type": "text"}
MIN_TYPED_LENGTH = 4
"""Shorter typed values (a quantity, a size) would mask every digit in the report."""


def sensitive_values(scenario: Scenario) -> Iterable[str]:
    """`expect.masking.sensitive`, plus what the steps type when `typed_values` is on (the default)."""
    masking = scenario.expect.get("masking")
    if not isinstance(masking, Mapping):
        return
    for value in masking.get("sensitive") or ():
        if isinstance(value, str) and value:
            yield value
    if masking.get("typed_values", True) is False:
        return
    for step in scenario.steps:
        key = TYPED_ACTIONS.get(step.action)
        typed = step.args.get(key) if key else None
        if typed is not None and len(str(typed)) >= MIN_TYPED_LENGTH:
            yield str(typed)


def hidden_values(scenario: Scenario) -> tuple[str, ...]:
    """Every value the report must not show, secrets first."""
    values = [*scenario.secrets, *sensitive_values(scenario)]
    return tuple(dict.fromkeys(value for value in values if value))
