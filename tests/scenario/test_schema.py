"""The shipped JSON Schema: valid, complete for every runner action, described for editors."""

from __future__ import annotations

import json

import jsonschema

from tagprobe.run.actions import ACTIONS
from tagprobe.scenario.expand import SHORTHAND_KEYS
from tagprobe.scenario.schema import resolve, scenario_schema, schema_text, step_actions, step_schema

REUSE_ACTIONS = {"use", "include"}
"""Expanded while loading; the runner never sees them."""


def test_the_schema_is_a_valid_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(scenario_schema())


def test_the_schema_text_is_the_packaged_file() -> None:
    assert json.loads(schema_text()) == scenario_schema()


def test_every_step_action_has_a_runner_action_and_back() -> None:
    assert set(step_actions()) - REUSE_ACTIONS == set(ACTIONS)


def test_every_step_action_is_described_for_editors() -> None:
    undescribed = [
        action for action in step_actions() if "description" not in step_schema()["properties"][action]
    ]
    assert undescribed == []


def test_every_shorthand_names_a_step_action() -> None:
    assert set(SHORTHAND_KEYS) <= set(step_actions())


def test_resolve_follows_local_references_only() -> None:
    name, target = resolve({"$ref": "#/$defs/selector"})
    assert name == "selector"
    assert target["type"] == "string"
    assert resolve({"type": "integer"}) == (None, {"type": "integer"})
