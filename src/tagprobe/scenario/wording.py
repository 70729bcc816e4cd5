"""One JSON Schema failure -> what is wrong, in words a scenario author knows, and what to change.

One formatter per schema keyword; a keyword without one falls back to jsonschema's own message."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jsonschema.exceptions import ValidationError

from tagprobe.scenario.problems import close_match, did_you_mean
from tagprobe.scenario.schema import resolve, step_actions, step_schema
from tagprobe.scenario.yaml_source import DocumentPath

TYPE_NAMES = {
    "string": "text", "integer": "a whole number", "number": "a number", "boolean": "true/false",
    "array": "a list", "object": "a mapping", "null": "null",
}  # fmt: skip
NAMED_SCHEMAS = {"selector": "a selector (text)"}
PATTERN_HINTS = {
    "^[A-Za-z0-9_.-]+$": "use only letters, digits, '_', '.' and '-' (it becomes a file name)",
    "^[A-Za-z_][A-Za-z0-9_]*$": "a mark is a name of letters, digits and '_', not starting with a digit",
    r"^\s*(?=\S)([A-Za-z][\w-]*)?(#[\w-]+)?(\.[\w-]+)?\s*$": 'an element spec is "#id", ".class", "tag", '
    '"tag#id" or "tag.class" (or a mapping of id, class, tag, text)',
    r"""^\s*(?=\S)([A-Za-z][A-Za-z0-9-]*)?(#[A-Za-z0-9_-]+|\.[A-Za-z0-9_-]+|\[[A-Za-z0-9_:-]+(=(["']?)[^"'\]]*\4)?\])*\s*$""": (
        "tagprobe matches these against the recorded page, one element at a time: use a tag, #id, .class, "
        "[attr] or [attr=value], or a compound such as p#saved-card (no spaces, '>' or pseudo-classes)"
    ),
}
STEP_EXAMPLE = 'a step is a mapping with one action, e.g. `- click: "#buy"`'
MAX_SHOWN = 40


@dataclass(frozen=True, slots=True)
class Finding:
    """A schema failure at `path`, relative to the data that was validated."""

    path: DocumentPath
    message: str
    hint: str = ""


def shown(value: Any) -> str:
    """A value as a person would name it: `the number 5`, `the text 'middle'`, `a list`."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        text = value if len(value) <= MAX_SHOWN else value[: MAX_SHOWN - 3] + "..."
        return f"the text {text!r}"
    if isinstance(value, list):
        return "a list"
    return "a mapping" if isinstance(value, Mapping) else type(value).__name__


def _alternatives(schema: Mapping[str, Any]) -> list[str]:
    name, schema = resolve(schema)
    if name in NAMED_SCHEMAS:
        return [NAMED_SCHEMAS[name]]
    if "enum" in schema:
        return [repr(choice) for choice in schema["enum"]]
    if "anyOf" in schema and "type" not in schema:
        return [text for branch in schema["anyOf"] for text in _alternatives(branch)]
    kinds = schema.get("type", [])
    kinds = kinds if isinstance(kinds, list) else [kinds]
    required = schema.get("required", [])
    if kinds == ["object"] and required:
        return ["a mapping with " + _and([f"`{field}`" for field in required])]
    return [TYPE_NAMES.get(str(kind), str(kind)) for kind in kinds] or ["something else"]


def _joined(words: Sequence[str], last: str) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {last} {words[-1]}"


def _and(words: Sequence[str]) -> str:
    return _joined(words, "and")


def expected(schema: Mapping[str, Any]) -> str:
    """What a schema accepts, in words: "a selector (text) or a mapping with `selector`"."""
    return _joined(_alternatives(schema), "or")


def _rule(error: ValidationError) -> Any:
    """The value of the keyword that failed, e.g. the list under `required`."""
    value: Any = error.validator_value
    return value


def _schema(error: ValidationError) -> Mapping[str, Any]:
    """The (sub)schema that failed."""
    return error.schema if isinstance(error.schema, Mapping) else {}


def _is_step(error: ValidationError) -> bool:
    return error.schema is step_schema()


def _properties(error: ValidationError) -> tuple[str, ...]:
    return tuple(_schema(error).get("properties", {}))


def _here(error: ValidationError) -> DocumentPath:
    return tuple(error.absolute_path)


def _unknown_keys(error: ValidationError) -> list[str]:
    known = _properties(error)
    return [key for key in error.instance if key not in known] if isinstance(error.instance, Mapping) else []


def _additional_properties(error: ValidationError) -> list[Finding]:
    known = _properties(error)
    what = "step" if _is_step(error) else "key"
    findings = []
    for key in _unknown_keys(error):
        hint = did_you_mean(key, known)
        if not hint and not error.absolute_path and key in step_actions():
            hint = f"`{key}` is a step: put it in the list under `steps:`"
        if not hint:
            hint = f"valid {what}s here: {', '.join(known)}" if known else "this mapping takes no keys"
        findings.append(Finding((*_here(error), key), f"unknown {what} {key!r}", hint))
    return findings


def _required(error: ValidationError) -> list[Finding]:
    """Skips fields that an unknown key in the same mapping misspells: that key's finding says it better."""
    unknown = _unknown_keys(error)
    instance = error.instance if isinstance(error.instance, Mapping) else {}
    missing = [field for field in _rule(error) if field not in instance]
    missing = [field for field in missing if not any(close_match(key, [field]) for key in unknown)]
    if not missing:
        return []
    names = ", ".join(repr(field) for field in missing)
    fields = "field" if len(missing) == 1 else "fields"
    return [Finding(_here(error), f"missing required {fields} {names}", f"add `{missing[0]}:` here")]


def _type(error: ValidationError) -> list[Finding]:
    hint = STEP_EXAMPLE if _is_step(error) else str(_schema(error).get("description", ""))
    return [Finding(_here(error), f"expected {expected(_schema(error))}, got {shown(error.instance)}", hint)]


def _enum(error: ValidationError) -> list[Finding]:
    choices = [str(choice) for choice in _rule(error)]
    hint = did_you_mean(str(error.instance), choices) or f"use one of: {', '.join(choices)}"
    return [Finding(_here(error), f"{error.instance!r} is not allowed here", hint)]


def _any_of(error: ValidationError) -> list[Finding]:
    branches: Sequence[Mapping[str, Any]] = _rule(error)
    if all(set(branch) == {"required"} for branch in branches):
        names = [field for branch in branches for field in branch["required"]]
        return [Finding(_here(error), f"needs one of: {', '.join(names)}", f"add `{names[0]}:` here")]
    choices = [str(choice) for branch in branches for choice in resolve(branch)[1].get("enum", [])]
    hint = did_you_mean(error.instance, choices) if isinstance(error.instance, str) else ""
    alternatives = expected({"anyOf": branches})
    return [Finding(_here(error), f"expected {alternatives}, got {shown(error.instance)}", hint)]


def _min_properties(error: ValidationError) -> list[Finding]:
    if _is_step(error):
        return [Finding(_here(error), "a step names exactly one action; found none", STEP_EXAMPLE)]
    options = ", ".join(_properties(error))
    return [Finding(_here(error), f"needs one of: {options}", "")]


def _max_properties(error: ValidationError) -> list[Finding]:
    instance: Mapping[str, Any] = error.instance if isinstance(error.instance, Mapping) else {}
    found = ", ".join(instance)
    if _is_step(error):
        message = f"a step names exactly one action; found: {found}"
        return [Finding(_here(error), message, "split it into one list item per action")]
    options = ", ".join(_properties(error))
    return [Finding(_here(error), f"use only one of: {options}; found: {found}", "")]


def _bound(error: ValidationError) -> list[Finding]:
    words = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "more than",
             "exclusiveMaximum": "less than"}  # fmt: skip
    message = f"must be {words[str(error.validator)]} {_rule(error)}, got {error.instance}"
    return [Finding(_here(error), message, "")]


def _min_length(error: ValidationError) -> list[Finding]:
    if _rule(error) == 1:
        return [Finding(_here(error), "must not be empty", "")]
    return [Finding(_here(error), f"must be at least {_rule(error)} characters long", "")]


def _min_items(error: ValidationError) -> list[Finding]:
    count = _rule(error)
    message = f"needs at least {count} item{'s' if count != 1 else ''}"
    return [Finding(_here(error), message, str(_schema(error).get("description", "")))]


def _pattern(error: ValidationError) -> list[Finding]:
    pattern = str(_rule(error))
    hint = PATTERN_HINTS.get(pattern, f"it must match the pattern {pattern}")
    return [Finding(_here(error), f"{error.instance!r} is not allowed here", hint)]


def _not(error: ValidationError) -> list[Finding]:
    reason = str(_schema(error).get("description", "")).rstrip(".")
    message = f"this key is not allowed: {reason}" if reason else "this key is not allowed here"
    return [Finding(_here(error), message, "remove it")]


FORMATTERS: Mapping[str, Callable[[ValidationError], list[Finding]]] = {
    "additionalProperties": _additional_properties, "required": _required, "type": _type, "enum": _enum,
    "anyOf": _any_of, "minProperties": _min_properties, "maxProperties": _max_properties, "minimum": _bound,
    "maximum": _bound, "exclusiveMinimum": _bound, "exclusiveMaximum": _bound, "minLength": _min_length,
    "minItems": _min_items, "pattern": _pattern, "not": _not,
}  # fmt: skip


def describe(error: ValidationError) -> list[Finding]:
    formatter = FORMATTERS.get(str(error.validator))
    if formatter is None:
        return [Finding(_here(error), error.message)]
    return formatter(error)
