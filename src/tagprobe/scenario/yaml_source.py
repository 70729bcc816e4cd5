"""Safe YAML 1.2-style loading that remembers the 1-based line of every value, by its path in the document."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tagprobe.scenario.problems import ScenarioProblem

DocumentPath = tuple[str | int, ...]
MAX_NODES = 100_000


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema booleans and integers: `on`, `yes`, `off` stay strings,
    and `12:30` is not a base-60 number."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)


def _construct_int(loader: yaml.SafeLoader, node: ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    return int(text, 0) if text[:2] in ("0o", "0x") else int(text, 10)


def _construct_bool(loader: yaml.SafeLoader, node: ScalarNode) -> bool:
    return str(loader.construct_scalar(node)).lower() == "true"


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
Yaml12Loader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)


def format_path(path: DocumentPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


@dataclass(frozen=True, slots=True)
class YamlDocument:
    file: Path
    index: int
    data: Any
    lines: dict[DocumentPath, int]

    def line_of(self, path: DocumentPath) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1


class _Builder:
    def __init__(self, loader: Yaml12Loader, file: Path) -> None:
        self._loader = loader
        self._file = file
        self._count = 0
        self.lines: dict[DocumentPath, int] = {}

    def build(self, node: Node, path: DocumentPath) -> Any:
        self._count += 1
        if self._count > MAX_NODES:
            raise ScenarioProblem(
                self._file, node.start_mark.line + 1, format_path(path),
                f"the document has more than {MAX_NODES} values (a YAML alias loop?)",
                "split the file, or remove recursive anchors",
            )  # fmt: skip
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        return self._loader.construct_object(node, deep=True)

    def _mapping(self, node: MappingNode, path: DocumentPath) -> dict[str, Any]:
        self._loader.flatten_mapping(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                raise ScenarioProblem(
                    self._file, line, format_path(path), f"keys must be text, not {key!r}", "quote the key"
                )
            if key in result:
                raise ScenarioProblem(
                    self._file, line, format_path((*path, key)), f"the key {key!r} appears twice",
                    "keep one of them",
                )  # fmt: skip
            self.lines[(*path, key)] = line
            result[key] = self.build(value_node, (*path, key))
        return result


def load_yaml_documents(file: Path, text: str) -> Iterator[YamlDocument]:
    """Yields each non-empty document; a syntax error becomes a ScenarioProblem at its line."""
    loader = Yaml12Loader(text)
    try:
        index = 0
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            builder = _Builder(loader, file)
            data = builder.build(node, ())
            yield YamlDocument(file, index, data, builder.lines)
            index += 1
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problem = " ".join(part for part in (error.context, error.problem) if part)
        raise ScenarioProblem(
            file, line, "(syntax)", f"YAML syntax error: {problem}",
            "check the indentation and quoting on this line and the one before it",
        ) from None  # fmt: skip
    finally:
        loader.dispose()
