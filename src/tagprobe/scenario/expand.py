"""Steps as written -> one flat list of located Steps: variables resolved, shorthand forms spelled out,
`use:` groups and `include:` files expanded, cycles refused."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tagprobe.scenario.interpolate import Interpolator, UndefinedVariable
from tagprobe.scenario.model import SourceLocation, Step
from tagprobe.scenario.problems import ScenarioProblem, did_you_mean
from tagprobe.scenario.validate import validate_steps
from tagprobe.scenario.yaml_source import DocumentPath, YamlDocument, format_path, load_yaml_documents

SHORTHAND_KEYS = {
    "goto": "url", "click": "selector", "dblclick": "selector", "hover": "selector", "check": "selector",
    "uncheck": "selector", "press": "key", "rage_click": "selector", "dead_click": "selector",
    "screenshot": "name", "evaluate": "script", "clarity": "call", "use": "group", "include": "file",
    "navigate": "history",
}  # fmt: skip
"""The key a step's value stands for when it is written as a single value: `click: "#buy"`."""


def normalise(action: str, value: Any) -> dict[str, Any]:
    """Every step's arguments as a mapping, whichever form it was written in."""
    if action == "scroll":
        if isinstance(value, int):
            return {"y": value}
        return {"to": value} if isinstance(value, str) else dict(value)
    if isinstance(value, dict):
        return dict(value)
    return {SHORTHAND_KEYS.get(action, "value"): value}


@dataclass(frozen=True, slots=True)
class _Frame:
    """A file or group being expanded; the chain of frames is what a cycle message shows."""

    key: str
    label: str


class StepExpander:
    def __init__(self, document: YamlDocument, groups: Mapping[str, Any], interpolator: Interpolator) -> None:
        self._document = document
        self._groups = groups
        self._interpolator = interpolator
        self._root = document.file.resolve()

    def expand_scenario(self, raw_steps: Sequence[Any]) -> list[Step]:
        root = _Frame(f"file {self._root}", self._document.file.name)
        return self._expand(raw_steps, ("steps",), self._document, (root,))

    def _expand(
        self, raw_steps: Sequence[Any], base: DocumentPath, source: YamlDocument, stack: tuple[_Frame, ...]
    ) -> list[Step]:
        steps: list[Step] = []
        for index, raw in enumerate(raw_steps):
            ((action, value),) = raw.items()
            path = (*base, index, action)
            location = SourceLocation(source.file, source.line_of(path), format_path(path))
            value = self._interpolate(value, path, source)
            if action == "use":
                steps.extend(self._use(str(value), location, stack))
            elif action == "include":
                steps.extend(self._include(str(value), location, source, stack))
            else:
                steps.append(Step(action, MappingProxyType(normalise(action, value)), location))
        return steps

    def _interpolate(self, value: Any, path: DocumentPath, source: YamlDocument) -> Any:
        try:
            return self._interpolator.walk(value, path)
        except UndefinedVariable as error:
            raise error.problem(source, self._interpolator.variables) from None

    def _use(self, name: str, location: SourceLocation, stack: tuple[_Frame, ...]) -> list[Step]:
        if name not in self._groups:
            hint = did_you_mean(name, self._groups) or "define it under `groups:` at the top of the scenario"
            raise _problem(location, f"no group named {name!r}", hint)
        frame = _Frame(f"group {name}", f"group {name!r}")
        _refuse_cycle(frame, location, stack)
        return self._expand(self._groups[name], ("groups", name), self._document, (*stack, frame))

    def _include(
        self, target: str, location: SourceLocation, source: YamlDocument, stack: tuple[_Frame, ...]
    ) -> list[Step]:
        file = (source.file.parent / target).resolve()
        if not file.is_file():
            hint = f"the path is relative to the including file's folder; looked for {file}"
            raise _problem(location, f"included file {target!r} not found", hint)
        frame = _Frame(f"file {file}", os.path.relpath(file, self._root.parent))
        _refuse_cycle(frame, location, stack)
        included = _read_included(file, location)
        steps, base = _steps_of(included)
        problems = validate_steps(included, steps, base)
        if problems:
            raise problems[0]
        return self._expand(steps, base, included, (*stack, frame))


def _problem(location: SourceLocation, message: str, hint: str) -> ScenarioProblem:
    return ScenarioProblem(location.file, location.line, location.path, message, hint)


def _refuse_cycle(frame: _Frame, location: SourceLocation, stack: tuple[_Frame, ...]) -> None:
    keys = [entry.key for entry in stack]
    if frame.key in keys:
        chain = " -> ".join(entry.label for entry in (*stack[keys.index(frame.key) :], frame))
        hint = "remove one `use:` or `include:` of the chain so that nothing includes itself"
        raise _problem(location, f"include cycle: {chain}", hint)


def _read_included(file: Path, location: SourceLocation) -> YamlDocument:
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise _problem(
            location, f"cannot read the included file: {error}", "check its path and encoding"
        ) from None
    results = load_yaml_documents(file, text)
    for result in results:
        if isinstance(result, ScenarioProblem):
            raise result
    documents = [result for result in results if isinstance(result, YamlDocument)]
    if len(documents) != 1:
        message = f"an included file holds one YAML document, not {len(documents)}"
        raise ScenarioProblem(file, 1, "(document)", message, "put the steps in one list, or under `steps:`")
    return documents[0]


def _steps_of(included: YamlDocument) -> tuple[Any, DocumentPath]:
    """An included file is a list of steps, or a mapping with `steps:` (a scenario file may be included)."""
    data = included.data
    if isinstance(data, list):
        return data, ()
    if isinstance(data, dict) and "steps" in data:
        return data["steps"], ("steps",)
    raise ScenarioProblem(included.file, included.line_of(()), format_path(()),
                          "an included file is a list of steps, or a mapping with `steps:`",
                          'e.g. a file holding `- click: "#login"` lines')  # fmt: skip
