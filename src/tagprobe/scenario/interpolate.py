"""`${name}` and `${NAME:-default}` in scenario values: from `vars`, else the environment."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tagprobe.scenario.problems import ScenarioProblem, did_you_mean
from tagprobe.scenario.yaml_source import DocumentPath, YamlDocument, format_path

PLACEHOLDER = re.compile(r"\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


class UndefinedVariable(Exception):
    def __init__(self, name: str, path: DocumentPath) -> None:
        super().__init__(name)
        self.name = name
        self.path = path

    def problem(self, document: YamlDocument, variables: Iterable[str]) -> ScenarioProblem:
        """Located in `document`, the one whose value at `path` used the variable."""
        names = list(variables)
        in_vars = self.path[:1] == ("vars",)
        how = f"define it under `vars:`, export {self.name}, or give a default: ${{{self.name}:-default}}"
        if in_vars and self.name in names:
            hint = "a value under `vars:` may use the environment, not another var"
        elif in_vars:
            hint = f"export {self.name}, or give a default: ${{{self.name}:-default}}"
        else:
            hint = did_you_mean(self.name, names) or how
        line = document.line_of(self.path)
        return ScenarioProblem(
            document.file, line, format_path(self.path), f"undefined variable ${{{self.name}}}", hint
        )


@dataclass
class Interpolator:
    variables: Mapping[str, str]
    environment: Mapping[str, str]
    secrets: set[str] = field(default_factory=set)
    """Values that came from the environment; reports and messages redact them."""

    def text(self, value: str, path: DocumentPath, use_vars: bool = True) -> str:
        def replace(match: re.Match[str]) -> str:
            if match.group(0) == "$${":
                return "${"
            name, default = match.group(1), match.group(2)
            if use_vars and name in self.variables:
                return self.variables[name]
            if name in self.environment:
                found = self.environment[name]
                if found:
                    self.secrets.add(found)
                return found
            if default is not None:
                return default
            raise UndefinedVariable(name, path)

        return PLACEHOLDER.sub(replace, value)

    def walk(self, value: Any, path: DocumentPath) -> Any:
        return _map_strings(value, path, self.text)


def _map_strings(value: Any, path: DocumentPath, convert: Callable[[str, DocumentPath], str]) -> Any:
    if isinstance(value, str):
        return convert(value, path)
    if isinstance(value, list):
        return [_map_strings(item, (*path, index), convert) for index, item in enumerate(value)]
    if isinstance(value, dict):
        return {key: _map_strings(item, (*path, key), convert) for key, item in value.items()}
    return value


def resolve_variables(raw: Mapping[str, Any], environment: Mapping[str, str]) -> Interpolator:
    """`vars` values may use the environment (`${CI_USER:-demo}`), not each other."""
    base = Interpolator({}, environment)
    resolved = {
        name: base.text(value, ("vars", name), use_vars=False) if isinstance(value, str) else _scalar(value)
        for name, value in raw.items()
    }
    return Interpolator(resolved, environment, base.secrets)


def _scalar(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)
