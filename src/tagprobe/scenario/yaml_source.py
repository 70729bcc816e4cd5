"""Safe YAML 1.2-style loading that remembers the 1-based line of every value, by its path in the document."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from tagprobe.scenario.problems import ScenarioProblem

DocumentPath = tuple[str | int, ...]
MAX_NODES = 100_000
MAX_DEPTH = 200

_CORE = "tag:yaml.org,2002:"
NULL, BOOL, INT, FLOAT, STR = (f"{_CORE}{name}" for name in ("null", "bool", "int", "float", "str"))
MAP, SEQ, MERGE = (f"{_CORE}{name}" for name in ("map", "seq", "merge"))
SUPPORTED_TAGS = frozenset({NULL, BOOL, INT, FLOAT, STR, MAP, SEQ})
KEPT_RESOLVERS = frozenset({NULL, MERGE})

LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What PyYAML counts as a line break, so that line numbers agree with its marks."""
DOCUMENT_START = re.compile(r"---(?:\s|$)")
PREAMBLE = re.compile(r"\s*(?:#.*)?$|%")
"""Lines that belong to the next document rather than end the current one: blank, comment, directive."""


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with the YAML 1.2 core schema: `on`, `yes`, `off` stay strings, `12:30` is not a base-60
    number, `2024-01-01` is not a date; only `true`/`false` are booleans."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag in KEPT_RESOLVERS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
Yaml12Loader.add_implicit_resolver(
    INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
FLOAT_PATTERN = (
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
Yaml12Loader.add_implicit_resolver(FLOAT, re.compile(FLOAT_PATTERN), list("-+.0123456789"))


def _construct_int(loader: yaml.SafeLoader, node: ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    return int(text, 0) if text[:2] in ("0o", "0x") else int(text, 10)


def _construct_bool(loader: yaml.SafeLoader, node: ScalarNode) -> bool:
    return str(loader.construct_scalar(node)).lower() == "true"


def _construct_float(loader: yaml.SafeLoader, node: ScalarNode) -> float:
    text = str(loader.construct_scalar(node)).lower()
    if text.endswith(".inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    return float("nan") if text == ".nan" else float(text)


Yaml12Loader.add_constructor(INT, _construct_int)
Yaml12Loader.add_constructor(BOOL, _construct_bool)
Yaml12Loader.add_constructor(FLOAT, _construct_float)


def format_path(path: DocumentPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


@dataclass(frozen=True, slots=True)
class YamlDocument:
    file: Path
    index: int
    """0-based position among the file's documents."""
    data: Any
    lines: Mapping[DocumentPath, int]

    def line_of(self, path: DocumentPath) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1


class _Builder:
    """Node graph -> plain data plus a line per path. Keys are text and unique; a merge (`<<`) may be
    overridden by the mapping's own keys, as YAML intends."""

    def __init__(self, loader: Yaml12Loader, file: Path, line_offset: int) -> None:
        self._loader = loader
        self._file = file
        self._line_offset = line_offset
        self._count = 0
        self._open: set[int] = set()
        self._merged_counts: dict[int, int] = {}
        """Per mapping node: how many of its pairs came from `<<` merges. Flattening rewrites the node in
        place, so a node reached again through an alias must not be counted afresh."""
        self.lines: dict[DocumentPath, int] = {}

    def _line(self, node: Node) -> int:
        return int(node.start_mark.line) + 1 + self._line_offset

    def _problem(self, node: Node, path: DocumentPath, message: str, hint: str) -> ScenarioProblem:
        return ScenarioProblem(self._file, self._line(node), format_path(path), message, hint)

    def build(self, node: Node, path: DocumentPath) -> Any:
        self._count += 1
        if self._count > MAX_NODES:
            message = f"the document has more than {MAX_NODES} values (aliases of aliases?)"
            raise self._problem(node, path, message, "split the file, or use fewer aliases")
        if len(path) > MAX_DEPTH:
            message = f"values nest more than {MAX_DEPTH} levels deep"
            raise self._problem(node, path[:2], message, "flatten the data")
        if node.tag not in SUPPORTED_TAGS:
            hint = "scenarios use plain YAML: remove the `!` tag"
            raise self._problem(node, path, f"unsupported YAML tag {node.tag!r}", hint)
        self.lines.setdefault(path, self._line(node))
        if isinstance(node, ScalarNode):
            return self._loader.construct_object(node, deep=True)
        if id(node) in self._open:
            hint = "an anchor (`&name`) cannot be used (`*name`) inside itself"
            raise self._problem(node, path, "a YAML alias refers to a value that contains it", hint)
        self._open.add(id(node))
        try:
            if isinstance(node, MappingNode):
                return self._mapping(node, path)
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        finally:
            self._open.discard(id(node))

    def _mapping(self, node: MappingNode, path: DocumentPath) -> dict[str, Any]:
        if id(node) not in self._merged_counts:
            own_count = sum(1 for key_node, _ in node.value if key_node.tag != MERGE)
            self._loader.flatten_mapping(node)
            self._merged_counts[id(node)] = len(node.value) - own_count
        merged_count = self._merged_counts[id(node)]
        result: dict[str, Any] = {}
        own_keys: set[str] = set()
        for position, (key_node, value_node) in enumerate(node.value):
            key = self._key(key_node, path)
            if position >= merged_count:
                if key in own_keys:
                    raise self._problem(
                        key_node, (*path, key), f"the key {key!r} appears twice", "keep one of them"
                    )
                own_keys.add(key)
            self.lines[(*path, key)] = self._line(key_node)
            result[key] = self.build(value_node, (*path, key))
        return result

    def _key(self, node: Node, path: DocumentPath) -> str:
        is_plain = isinstance(node, ScalarNode) and node.tag in SUPPORTED_TAGS
        key = self._loader.construct_object(node, deep=True) if is_plain else None
        if not isinstance(key, str):
            shown = repr(key) if is_plain else "a list, a mapping or a tagged value"
            raise self._problem(node, path, f"keys must be text, not {shown}", "quote the key")
        return key


def _split_lines(text: str) -> list[str]:
    lines: list[str] = []
    start = 0
    for match in LINE_BREAK.finditer(text):
        lines.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """(0-based first line, text) of each `---`-separated part, so that a syntax error in one document
    cannot hide the documents after it. PyYAML treats `---` at column 0 as a separator everywhere."""
    lines = _split_lines(text)
    start = 0
    has_content = False
    for number, line in enumerate(lines):
        starts_part = DOCUMENT_START.match(line) is not None or line.startswith("%")
        if starts_part and has_content:
            yield start, "".join(lines[start:number])
            start, has_content = number, False
        if not PREAMBLE.match(line):
            has_content = True
    if lines:
        yield start, "".join(lines[start:])


def _is_empty(node: Node) -> bool:
    """A document with nothing in it, like the one after a trailing `---`."""
    return isinstance(node, ScalarNode) and node.tag == NULL and node.value == ""


def _last_content_line(text: str) -> int:
    lines = _split_lines(text)
    return next((number for number in range(len(lines), 0, -1) if lines[number - 1].strip()), 1)


def _syntax_problem(file: Path, error: yaml.MarkedYAMLError, text: str, line_offset: int) -> ScenarioProblem:
    """At the problem's line, except when PyYAML only noticed it at the end of the text (an unclosed quote
    or bracket): then where the unclosed thing starts, if PyYAML knows, else at the last line of text."""
    problem_mark, context_mark = error.problem_mark, error.context_mark
    at_end = any(words in str(error.problem) for words in ("end of stream", "<stream end>"))
    mark = context_mark if (at_end and context_mark) or not problem_mark else problem_mark
    line = mark.line + 1 if mark else 1
    if at_end:
        line = min(line, _last_content_line(text))
    line += line_offset
    context = error.context or ""
    if context and context_mark is not None and context_mark.line + 1 + line_offset != line:
        context += f" (line {context_mark.line + 1 + line_offset})"
    message = ", ".join(part for part in (context, error.problem) if part)
    hint = "check the indentation and quoting on this line and the one before it"
    return ScenarioProblem(file, line, "(syntax)", f"YAML syntax error: {message}", hint)


def _reader_problem(
    file: Path, error: yaml.reader.ReaderError, text: str, line_offset: int
) -> ScenarioProblem:
    line = len(LINE_BREAK.findall(text, 0, max(error.position, 0))) + 1 + line_offset
    character = error.character if isinstance(error.character, str) else chr(error.character)
    message = f"the text contains the character U+{ord(character):04X}, which YAML does not allow"
    return ScenarioProblem(
        file, line, "(syntax)", message, 'remove it, or write it as an escape in "double quotes"'
    )


def _load_chunk(file: Path, text: str, line_offset: int) -> Iterator[YamlDocument | ScenarioProblem]:
    try:
        loader = Yaml12Loader(text)
    except yaml.reader.ReaderError as error:
        yield _reader_problem(file, error, text, line_offset)
        return
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None or _is_empty(node):
                continue
            builder = _Builder(loader, file, line_offset)
            yield YamlDocument(file, 0, builder.build(node, ()), builder.lines)
    except ScenarioProblem as problem:
        yield problem
    except yaml.MarkedYAMLError as error:
        yield _syntax_problem(file, error, text, line_offset)
    except RecursionError:
        yield ScenarioProblem(
            file, 1 + line_offset, "(syntax)", "the YAML nests too deeply to read", "flatten it"
        )
    finally:
        loader.dispose()


def load_yaml_documents(file: Path, text: str) -> list[YamlDocument | ScenarioProblem]:
    """Each non-empty document in order, or the problem that stopped it from loading.

    A problem ends only its own `---` part of the file; the documents after it still load."""
    results: list[YamlDocument | ScenarioProblem] = []
    for line_offset, chunk in _chunks(text):
        for result in _load_chunk(file, chunk, line_offset):
            if isinstance(result, YamlDocument):
                result = replace(result, index=len(results))
            results.append(result)
    return results
