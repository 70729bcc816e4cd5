"""Values and schemas in the words a scenario author uses."""

from __future__ import annotations

from typing import Any

import pytest

from tagprobe.scenario.wording import expected, shown


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, "nothing (null)"),
        (True, "the boolean true"),
        (5, "the number 5"),
        (1.5, "the number 1.5"),
        ("#buy", "the text '#buy'"),
        ("x" * 60, f"the text '{'x' * 37}...'"),
        ([1], "a list"),
        ({"a": 1}, "a mapping"),
    ],
)
def test_shown(value: Any, words: str) -> None:
    assert shown(value) == words


@pytest.mark.parametrize(
    ("schema", "words"),
    [
        ({"type": "string"}, "text"),
        ({"type": ["string", "number"]}, "text or a number"),
        ({"$ref": "#/$defs/selector"}, "a selector (text)"),
        ({"enum": ["top", "bottom"]}, "'top' or 'bottom'"),
        ({"type": "object", "required": ["selector", "value"]}, "a mapping with `selector` and `value`"),
        (
            {"anyOf": [{"$ref": "#/$defs/selector"}, {"type": "integer"}]},
            "a selector (text) or a whole number",
        ),
        ({}, "something else"),
    ],
)
def test_expected(schema: dict[str, Any], words: str) -> None:
    assert expected(schema) == words
