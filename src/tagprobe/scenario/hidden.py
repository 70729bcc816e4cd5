"""The values a scenario wants kept out of sight (its secrets and what `expect.masking.sensitive` lists) and
the values its steps type.

A value typed literally in the scenario file is no secret (the file shows it): the masking check still
looks for it in the uploads and pictures black it out, but the report's text shows it as written. Values
that came from the environment are secrets wherever they are used."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from tagprobe.scenario.model import Scenario, Step

TYPED_ACTIONS = {"fill": "value", "type": "text"}
MIN_PICTURE_LENGTH = 4


def typed_value(step: Step) -> str | None:
    """What the step types, unless it is not a typing step or says `sensitive: false`."""
    key = TYPED_ACTIONS.get(step.action)
    if key is None or step.args.get("sensitive", True) is False:
        return None
    typed = step.args.get(key)
    return None if typed is None else str(typed)


def masking_options(scenario: Scenario) -> Mapping[str, Any]:
    masking = scenario.expect.get("masking")
    return masking if isinstance(masking, Mapping) else {}


def listed_sensitive(scenario: Scenario) -> Iterator[str]:
    """`expect.masking.sensitive`."""
    for value in masking_options(scenario).get("sensitive") or ():
        if isinstance(value, str) and value:
            yield value


def redacted_values(scenario: Scenario) -> tuple[str, ...]:
    """What the report's text must not show: secrets, then the listed sensitive values."""
    values = [*sorted(scenario.secrets, key=lambda value: (-len(value), value)), *listed_sensitive(scenario)]
    return tuple(dict.fromkeys(value for value in values if value))


def hidden_values(scenario: Scenario) -> tuple[str, ...]:
    """What pictures must not show: the redacted values, and what the steps type while `typed_values` is on
    (shorter values, a quantity or a size, would black out every such digit on the page)."""
    typed: list[str] = []
    expected = isinstance(scenario.expect.get("masking"), Mapping)
    if expected and masking_options(scenario).get("typed_values", True) is not False:
        typed = [value for step in scenario.steps if (value := typed_value(step))]
    values = [*redacted_values(scenario), *(value for value in typed if len(value) >= MIN_PICTURE_LENGTH)]
    return tuple(dict.fromkeys(values))
