"""The scenario JSON Schema shipped in the package, and the few facts other modules read from it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

SCHEMA_FILE = "schema.json"
LOCAL_REF = "#/$defs/"


def schema_text() -> str:
    """The file exactly as shipped, for `tagprobe schema` and editors."""
    return resources.files("tagprobe.scenario").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


@cache
def scenario_schema() -> Mapping[str, Any]:
    schema: dict[str, Any] = json.loads(schema_text())
    return schema


def step_schema() -> Mapping[str, Any]:
    step: Mapping[str, Any] = scenario_schema()["$defs"]["step"]
    return step


def step_actions() -> tuple[str, ...]:
    """Every action a step may name, in the schema's order."""
    return tuple(step_schema()["properties"])


def resolve(schema: Mapping[str, Any]) -> tuple[str | None, Mapping[str, Any]]:
    """(name of the `$defs` entry or None, the schema itself) for a local `$ref`; other schemas unchanged."""
    reference = schema.get("$ref")
    if isinstance(reference, str) and reference.startswith(LOCAL_REF):
        name = reference.removeprefix(LOCAL_REF)
        target: Mapping[str, Any] = scenario_schema()["$defs"][name]
        return name, target
    return None, schema
