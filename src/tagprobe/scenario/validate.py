"""Checks a YAML document against the shipped JSON Schema and words each failure for a person."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError, best_match

from tagprobe.scenario.problems import ScenarioProblem, did_you_mean
from tagprobe.scenario.yaml_source import DocumentPath, YamlDocument, format_path

JSON_TYPES = {str: "text", bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a mapping"}


@cache
def scenario_schema() -> Mapping[str, Any]:
    text = resources.files("tagprobe.scenario").joinpath("schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def step_actions() -> tuple[str, ...]:
    return tuple(scenario_schema()["$defs"]["step"]["properties"])


def _kind_of(value: Any) -> str:
    return "nothing (null)" if value is None else JSON_TYPES.get(type(value), type(value).__name__)


def _expected_types(schema: Mapping[str, Any]) -> str:
    expected = schema.get("type")
    names = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
             "array": "a list", "object": "a mapping", "null": "null"}  # fmt: skip
    kinds = expected if isinstance(expected, list) else [expected]
    return " or ".join(names.get(str(kind), str(kind)) for kind in kinds)


def _problem(document: YamlDocument, path: DocumentPath, message: str, hint: str = "") -> ScenarioProblem:
    return ScenarioProblem(document.file, document.line_of(path), format_path(path), message, hint)


def _describe(document: YamlDocument, error: ValidationError) -> ScenarioProblem:
    path: DocumentPath = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    is_step = schema is scenario_schema()["$defs"]["step"]
    if error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
        known = tuple(schema.get("properties", {}))
        unknown = next(key for key in error.instance if key not in known)
        what = "step" if is_step else "key"
        return _problem(
            document, (*path, unknown), f"unknown {what} {unknown!r}",
            did_you_mean(unknown, known) or f"valid {what}s here: {', '.join(known)}",
        )  # fmt: skip
    if error.validator == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else error.message
        return _problem(document, path, f"missing required field {missing!r}", f"add `{missing}:` here")
    if error.validator in ("minProperties", "maxProperties") and is_step:
        found = ", ".join(error.instance) or "none"
        return _problem(document, path, f"a step names exactly one action; found: {found}",
                        "split it into one list item per action")  # fmt: skip
    if error.validator == "type":
        return _problem(document, path, f"expected {_expected_types(schema)}, got {_kind_of(error.instance)}")
    if error.validator == "enum":
        choices = [str(choice) for choice in schema.get("enum", [])]
        hint = did_you_mean(str(error.instance), choices) or f"use one of: {', '.join(choices)}"
        return _problem(document, path, f"{error.instance!r} is not allowed here", hint)
    if error.validator == "not":
        return _problem(document, path, "tagprobe sets this itself", "remove this key")
    return _problem(document, path, error.message)


def _best_errors(document: YamlDocument) -> Iterator[ValidationError]:
    validator = jsonschema.Draft202012Validator(scenario_schema())
    by_location: dict[tuple[Any, ...], list[ValidationError]] = {}
    for error in validator.iter_errors(document.data):
        by_location.setdefault(tuple(error.absolute_path)[:2], []).append(error)
    for errors in by_location.values():
        best = best_match(errors)
        if best is not None:
            yield best


def validate_document(document: YamlDocument) -> list[ScenarioProblem]:
    """Every schema problem in the document, in line order (at most one per step or top-level key)."""
    if not isinstance(document.data, Mapping):
        return [_problem(document, (), f"a scenario is a mapping with `name` and `steps`, got {_kind_of(document.data)}")]
    problems = [_describe(document, error) for error in _best_errors(document)]
    return sorted(problems, key=lambda problem: problem.line)
