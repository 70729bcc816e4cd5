"""Scenario files -> validated, interpolated, expanded, frozen Scenario models (or located problems)."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tagprobe.scenario.devices import playwright_device_names
from tagprobe.scenario.expand import StepExpander
from tagprobe.scenario.interpolate import Interpolator, UndefinedVariable, resolve_variables
from tagprobe.scenario.model import Scenario, SourceLocation, Step, TagMode, TagSetup
from tagprobe.scenario.problems import ScenarioProblem, did_you_mean
from tagprobe.scenario.validate import scenario_schema, validate_document
from tagprobe.scenario.yaml_source import DocumentPath, YamlDocument, format_path, load_yaml_documents

SCENARIO_SUFFIXES = (".scenario.yaml", ".scenario.yml")
DEVICE_LIST_HINT = (
    "see the names in Playwright's device list (playwright.devices), e.g. 'iPhone 13', 'Pixel 7'"
)


@dataclass(frozen=True, slots=True)
class LoadedDocument:
    """One YAML document of a scenario file: a scenario, or why it is not one."""

    file: Path
    index: int
    line: int
    name: str
    scenario: Scenario | None
    problems: tuple[ScenarioProblem, ...]


def is_scenario_file(path: Path) -> bool:
    return path.name.endswith(SCENARIO_SUFFIXES)


def _location(document: YamlDocument, path: DocumentPath) -> SourceLocation:
    return SourceLocation(document.file, document.line_of(path), format_path(path))


def _device(document: YamlDocument, interpolator: Interpolator) -> str | None:
    raw = document.data.get("device")
    if raw is None:
        return None
    device = interpolator.text(raw, ("device",))
    known = playwright_device_names()
    if known is not None and device not in known:
        hint = did_you_mean(device, known) or DEVICE_LIST_HINT
        raise ScenarioProblem(
            document.file, document.line_of(("device",)), "device", f"unknown device {device!r}", hint
        )
    return device


def _scenario(document: YamlDocument, interpolator: Interpolator) -> Scenario:
    data: dict[str, Any] = document.data
    url = interpolator.text(data.get("url", "/"), ("url",))
    opening = Step(
        "goto", MappingProxyType({"url": url}), _location(document, ("url",) if "url" in data else ("name",))
    )
    expander = StepExpander(document, data.get("groups", {}), interpolator)
    steps = [opening, *expander.expand_scenario(data["steps"])]
    tag = data.get("tag", {})
    project_id = tag.get("project_id")
    viewport = data.get("viewport")
    return Scenario(
        name=interpolator.text(data["name"], ("name",)),
        url=url,
        tag=TagSetup(
            mode=TagMode(tag.get("mode", TagMode.AUTO)),
            project_id=interpolator.text(project_id, ("tag", "project_id")) if project_id else None,
            start_config=MappingProxyType(interpolator.walk(tag.get("config", {}), ("tag", "config"))),
        ),
        steps=tuple(steps),
        expect=MappingProxyType(interpolator.walk(data.get("expect", {}), ("expect",))),
        marks=tuple(data.get("marks", ())),
        viewport=(viewport["width"], viewport["height"]) if viewport else None,
        device=_device(document, interpolator),
        location=SourceLocation(document.file, document.line_of(("name",)), format_path(())),
        secrets=frozenset(interpolator.secrets),
        automation_flag=bool(data.get("automation_flag", False)),
    )


def build_scenario(document: YamlDocument, environment: Mapping[str, str]) -> Scenario:
    """A schema-valid document -> Scenario; raises ScenarioProblem for what the schema cannot see."""
    data: dict[str, Any] = document.data
    variables = data.get("vars", {})
    try:
        interpolator = resolve_variables(variables, environment)
        return _scenario(document, interpolator)
    except UndefinedVariable as error:
        raise error.problem(document, variables) from None


def _name_of(document: YamlDocument) -> str:
    data = document.data
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) and name else f"{document.file.name}#{document.index + 1}"


def _loaded(document: YamlDocument, environment: Mapping[str, str]) -> LoadedDocument:
    problems = validate_document(document)
    scenario = None
    if not problems:
        try:
            scenario = build_scenario(document, environment)
        except ScenarioProblem as problem:
            problems = [problem]
    line = document.line_of(("name",))
    return LoadedDocument(document.file, document.index, line, _name_of(document), scenario, tuple(problems))


def _unloadable(file: Path, index: int, problem: ScenarioProblem) -> LoadedDocument:
    return LoadedDocument(file, index, problem.line, f"{file.name}#{index + 1}", None, (problem,))


def load_file(file: Path, environment: Mapping[str, str] | None = None) -> list[LoadedDocument]:
    """Every document of a scenario file; a broken document never hides the others."""
    env = os.environ if environment is None else environment
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problem = ScenarioProblem(
            file, 1, "(file)", f"cannot read the file: {error}", "check its path and encoding"
        )
        return [_unloadable(file, 0, problem)]
    results = load_yaml_documents(file, text)
    if not results:
        problem = ScenarioProblem(file, 1, "(file)", "the file holds no scenario",
                                  "write one with `name:` and `steps:`, or delete the file")  # fmt: skip
        return [_unloadable(file, 0, problem)]
    return [
        _loaded(result, env) if isinstance(result, YamlDocument) else _unloadable(file, index, result)
        for index, result in enumerate(results)
    ]


def load_mapping(data: Mapping[str, Any], file: Path) -> LoadedDocument:
    """A scenario written as a Python mapping (the `clarity` fixture's `expect` and `tag`), validated and built
    exactly as a document of a scenario file; problems name the path in the mapping."""
    text = json.dumps(data, default=str, ensure_ascii=False)
    results = load_yaml_documents(file, text)
    result = results[0]
    if isinstance(result, ScenarioProblem):
        return _unloadable(file, 0, result)
    return _loaded(result, os.environ)


__all__ = [
    "SCENARIO_SUFFIXES",
    "LoadedDocument",
    "build_scenario",
    "is_scenario_file",
    "load_file",
    "load_mapping",
    "scenario_schema",
]
