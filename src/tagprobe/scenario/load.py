"""Scenario files -> validated, interpolated, expanded, frozen Scenario models (or located problems)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tagprobe.scenario.interpolate import Interpolator, UndefinedVariable, resolve_variables
from tagprobe.scenario.model import Scenario, SourceLocation, Step, TagMode, TagSetup
from tagprobe.scenario.problems import ScenarioProblem, did_you_mean
from tagprobe.scenario.validate import scenario_schema, validate_document
from tagprobe.scenario.yaml_source import DocumentPath, YamlDocument, format_path, load_yaml_documents

SCENARIO_SUFFIXES = (".scenario.yaml", ".scenario.yml")
SHORTHAND_KEYS = {
    "goto": "url", "click": "selector", "dblclick": "selector", "hover": "selector", "check": "selector",
    "uncheck": "selector", "press": "key", "rage_click": "selector", "dead_click": "selector",
    "screenshot": "name", "evaluate": "script", "clarity": "call", "use": "group", "include": "file",
    "navigate": "history",
}  # fmt: skip


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


def _normalise(action: str, value: Any) -> dict[str, Any]:
    if action == "scroll":
        if isinstance(value, int):
            return {"y": value}
        return {"to": value} if isinstance(value, str) else dict(value)
    if isinstance(value, dict):
        return dict(value)
    return {SHORTHAND_KEYS.get(action, "value"): value}


class _Expander:
    """Expands `use` (groups) and `include` (files) into one flat list of located steps."""

    def __init__(self, document: YamlDocument, groups: Mapping[str, Any], interpolator: Interpolator) -> None:
        self._document = document
        self._groups = groups
        self._interpolator = interpolator

    def expand(
        self, raw_steps: Sequence[Any], base: DocumentPath, source: YamlDocument, stack: tuple[str, ...]
    ) -> list[Step]:
        steps: list[Step] = []
        for index, raw in enumerate(raw_steps):
            path = (*base, index)
            ((action, value),) = raw.items()
            location = SourceLocation(source.file, source.line_of((*path, action)), format_path((*path, action)))
            value = self._interpolate(value, (*path, action), source)
            if action == "use":
                steps.extend(self._use(str(value), location, source, stack))
            elif action == "include":
                steps.extend(self._include(str(value), location, source, stack))
            else:
                steps.append(Step(action, MappingProxyType(_normalise(action, value)), location))
        return steps

    def _interpolate(self, value: Any, path: DocumentPath, source: YamlDocument) -> Any:
        try:
            return self._interpolator.walk(value, path)
        except UndefinedVariable as error:
            raise ScenarioProblem(
                source.file, source.line_of(error.path), format_path(error.path),
                f"undefined variable ${{{error.name}}}",
                did_you_mean(error.name, self._interpolator.variables)
                or f"define it under `vars:`, export {error.name}, or write ${{{error.name}:-default}}",
            ) from None  # fmt: skip

    def _use(self, name: str, location: SourceLocation, source: YamlDocument, stack: tuple[str, ...]) -> list[Step]:
        if name not in self._groups:
            hint = did_you_mean(name, self._groups) or "define it under `groups:` at the top of the scenario"
            raise ScenarioProblem(location.file, location.line, location.path, f"no group named {name!r}", hint)
        key = f"group {name}"
        self._refuse_cycle(key, location, stack)
        return self.expand(self._groups[name], ("groups", name), self._document, (*stack, key))

    def _include(self, target: str, location: SourceLocation, source: YamlDocument, stack: tuple[str, ...]) -> list[Step]:
        file = (source.file.parent / target).resolve()
        if not file.is_file():
            raise ScenarioProblem(location.file, location.line, location.path, f"included file {target!r} not found",
                                  f"the path is relative to {source.file.parent}; looked for {file}")  # fmt: skip
        key = f"file {file}"
        self._refuse_cycle(key, location, stack)
        documents = list(load_yaml_documents(file, file.read_text(encoding="utf-8")))
        if len(documents) != 1:
            raise ScenarioProblem(file, 1, "(document)", "an included file holds exactly one YAML document",
                                  "put the steps as a single list, or under `steps:`")  # fmt: skip
        included = documents[0]
        base: DocumentPath = ("steps",) if isinstance(included.data, dict) else ()
        steps_document = YamlDocument(file, 0, {"name": "include", "steps": _steps_of(included)}, included.lines)
        problems = validate_document(_shift_lines(steps_document, base))
        if problems:
            raise problems[0]
        return self.expand(_steps_of(included), base, included, (*stack, key))

    @staticmethod
    def _refuse_cycle(key: str, location: SourceLocation, stack: tuple[str, ...]) -> None:
        if key in stack:
            chain = " -> ".join((*stack, key))
            raise ScenarioProblem(location.file, location.line, location.path, f"include cycle: {chain}",
                                  "remove one of the includes so that no file or group includes itself")  # fmt: skip


def _steps_of(document: YamlDocument) -> Any:
    data = document.data
    return data.get("steps", []) if isinstance(data, dict) else data


def _shift_lines(document: YamlDocument, base: DocumentPath) -> YamlDocument:
    """Lines of an included file keyed as if its steps sat under `steps:` of a scenario."""
    if base:
        return document
    shifted = {("steps", *path): line for path, line in document.lines.items()}
    return YamlDocument(document.file, document.index, document.data, shifted)


def _build(document: YamlDocument, environment: Mapping[str, str]) -> Scenario:
    data: dict[str, Any] = document.data
    interpolator = resolve_variables(data.get("vars", {}), environment)
    expander = _Expander(document, data.get("groups", {}), interpolator)
    url = interpolator.text(data.get("url", "/"), ("url",))
    opening = Step("goto", MappingProxyType({"url": url}), _location(document, ("url",) if "url" in data else ("name",)))
    steps = [opening, *expander.expand(data["steps"], ("steps",), document, ())]
    tag = data.get("tag", {})
    tag_config = interpolator.walk(tag.get("config", {}), ("tag", "config"))
    viewport = data.get("viewport")
    line = document.line_of(("name",))
    return Scenario(
        name=interpolator.text(data["name"], ("name",)),
        url=url,
        tag=TagSetup(TagMode(tag.get("mode", "auto")), tag.get("project_id"), MappingProxyType(tag_config)),
        steps=tuple(steps),
        expect=MappingProxyType(interpolator.walk(data.get("expect", {}), ("expect",))),
        marks=tuple(data.get("marks", ())),
        viewport=(viewport["width"], viewport["height"]) if viewport else None,
        device=data.get("device"),
        location=SourceLocation(document.file, line, format_path(())),
        secrets=frozenset(interpolator.secrets),
    )


def _location(document: YamlDocument, path: DocumentPath) -> SourceLocation:
    return SourceLocation(document.file, document.line_of(path), format_path(path))


def _name_of(document: YamlDocument) -> str:
    data = document.data
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) and name else f"{document.file.name}#{document.index + 1}"


def load_file(file: Path, environment: Mapping[str, str] | None = None) -> list[LoadedDocument]:
    """Every document of a scenario file; a broken document never hides the others."""
    env = os.environ if environment is None else environment
    try:
        documents = list(load_yaml_documents(file, file.read_text(encoding="utf-8")))
    except ScenarioProblem as problem:
        return [LoadedDocument(file, 0, problem.line, file.name, None, (problem,))]
    except (OSError, UnicodeDecodeError) as error:
        problem = ScenarioProblem(file, 1, "(file)", f"cannot read the file: {error}", "check the path and encoding")
        return [LoadedDocument(file, 0, 1, file.name, None, (problem,))]
    loaded = []
    for document in documents:
        problems = validate_document(document)
        scenario = None
        if not problems:
            try:
                scenario = _build(document, env)
            except ScenarioProblem as problem:
                problems = [problem]
        line = scenario.location.line if scenario else document.line_of(("name",))
        loaded.append(LoadedDocument(file, document.index, line, _name_of(document), scenario, tuple(problems)))
    return loaded


__all__ = ["SCENARIO_SUFFIXES", "LoadedDocument", "is_scenario_file", "load_file", "scenario_schema"]
