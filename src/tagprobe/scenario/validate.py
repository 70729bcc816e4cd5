"""Checks a YAML document against the shipped JSON Schema; at most one problem per step or per key of a
section, so that one mistake does not bury the page in consequences of itself."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError, best_match

from tagprobe.scenario.problems import ScenarioProblem
from tagprobe.scenario.schema import scenario_schema, step_actions
from tagprobe.scenario.wording import Finding, describe, shown
from tagprobe.scenario.yaml_source import DocumentPath, YamlDocument, format_path

__all__ = ["scenario_schema", "step_actions", "validate_document", "validate_steps"]


@cache
def _validator(steps_only: bool) -> jsonschema.Draft202012Validator:
    schema = scenario_schema()
    if steps_only:
        schema = {"$defs": schema["$defs"], "type": "array", "items": {"$ref": "#/$defs/step"}}
    return jsonschema.Draft202012Validator(schema)


def _group(error: ValidationError) -> tuple[Any, ...]:
    """Errors about the same step or section compete; errors about the document itself, and about different
    values under `expect`, each stand."""
    path = tuple(error.absolute_path)
    if path[:1] == ("expect",):
        return path
    return path[:2] if path else ("(document)", str(error.validator), error.message)


def _chosen(errors: Iterator[ValidationError]) -> Iterator[ValidationError]:
    groups: dict[tuple[Any, ...], list[ValidationError]] = {}
    for error in errors:
        groups.setdefault(_group(error), []).append(error)
    for group in groups.values():
        unknown_keys = [error for error in group if error.validator == "additionalProperties"]
        if unknown_keys:
            yield from unknown_keys
            continue
        best = best_match(group)
        if best is not None:
            yield best


def _problems(
    document: YamlDocument, data: Any, base: DocumentPath, steps_only: bool
) -> list[ScenarioProblem]:
    findings: dict[tuple[DocumentPath, str], Finding] = {}
    for error in _chosen(_validator(steps_only).iter_errors(data)):
        for finding in describe(error):
            findings.setdefault((finding.path, finding.message), finding)
    problems = [
        ScenarioProblem(document.file, document.line_of((*base, *finding.path)),
                        format_path((*base, *finding.path)), finding.message, finding.hint)
        for finding in findings.values()
    ]  # fmt: skip
    return sorted(problems, key=lambda problem: (problem.line, problem.path))


def validate_document(document: YamlDocument) -> list[ScenarioProblem]:
    """Every schema problem of a scenario document, in line order."""
    if not isinstance(document.data, Mapping):
        message = f"a scenario is a mapping with `name` and `steps`, got {shown(document.data)}"
        hint = "start the document with `name:` and `steps:` lines"
        return [ScenarioProblem(document.file, document.line_of(()), format_path(()), message, hint)]
    return _problems(document, document.data, (), steps_only=False)


def validate_steps(document: YamlDocument, steps: Any, base: DocumentPath) -> list[ScenarioProblem]:
    """The steps of an included file, found at `base` in its document."""
    return _problems(document, steps, base, steps_only=True)
