"""Safe YAML 1.2 loading: line marks, booleans and numbers, duplicate keys, tags, aliases, several documents."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tagprobe.scenario.problems import ScenarioProblem
from tagprobe.scenario.yaml_source import MAX_NODES, YamlDocument, format_path, load_yaml_documents

FILE = Path("test.scenario.yaml")


def load(text: str) -> list[YamlDocument | ScenarioProblem]:
    return load_yaml_documents(FILE, textwrap.dedent(text))


def only_document(text: str) -> YamlDocument:
    (result,) = load(text)
    assert isinstance(result, YamlDocument), str(result)
    return result


def only_problem(text: str) -> ScenarioProblem:
    (result,) = load(text)
    assert isinstance(result, ScenarioProblem), result
    return result


def value_of(scalar: str) -> Any:
    return only_document(f"value: {scalar}\n").data["value"]


@pytest.mark.parametrize("scalar", ["on", "off", "yes", "no", "y", "n", "Yes", "NO", "On"])
def test_yaml_11_booleans_stay_text(scalar: str) -> None:
    assert value_of(scalar) == scalar


@pytest.mark.parametrize(
    ("scalar", "expected"),
    [("true", True), ("false", False), ("True", True), ("FALSE", False)],
)
def test_yaml_12_booleans(scalar: str, expected: bool) -> None:
    assert value_of(scalar) is expected


@pytest.mark.parametrize(
    ("scalar", "expected"),
    [
        ("12", 12),
        ("-3", -3),
        ("012", 12),  # decimal in YAML 1.2, not octal
        ("0o17", 15),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("-.5", -0.5),
        ("12:30", "12:30"),  # not a base-60 number
        ("1_000", "1_000"),
        ("2024-01-01", "2024-01-01"),  # not a date
        ("0b101", "0b101"),
        ("~", None),
        ("null", None),
        ("", None),
        ("'on'", "on"),
        ('"12"', "12"),
    ],
)
def test_yaml_12_core_schema_scalars(scalar: str, expected: Any) -> None:
    value = value_of(scalar)
    assert value == expected
    assert type(value) is type(expected)


def test_infinity_and_not_a_number() -> None:
    assert value_of(".inf") == math.inf
    assert value_of("-.Inf") == -math.inf
    assert math.isnan(value_of(".nan"))


def test_every_value_remembers_its_1_based_line() -> None:
    document = only_document(
        """\
        name: Checkout
        steps:
          - click: "#buy"
          - fill:
              selector: "#email"
              value: jane@example.com
        """
    )
    assert document.lines[("name",)] == 1
    assert document.lines[("steps",)] == 2
    assert document.lines[("steps", 0)] == 3
    assert document.lines[("steps", 0, "click")] == 3
    assert document.lines[("steps", 1, "fill")] == 4
    assert document.lines[("steps", 1, "fill", "selector")] == 5
    assert document.lines[("steps", 1, "fill", "value")] == 6


def test_line_of_falls_back_to_the_nearest_ancestor() -> None:
    document = only_document("name: a\nsteps:\n  - click: '#x'\n")
    assert document.line_of(("steps", 0, "click", "button")) == 3
    assert document.line_of(("steps", 7)) == 2
    assert document.line_of(("nowhere",)) == 1


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ((), "(document)"),
        (("name",), "name"),
        (("steps", 2, "click"), "steps[2].click"),
        (("groups", "login", 0, "fill", "value"), "groups.login[0].fill.value"),
        ((0, "click"), "[0].click"),
    ],
)
def test_format_path(path: tuple[str | int, ...], text: str) -> None:
    assert format_path(path) == text


def test_duplicate_key_is_reported_at_its_second_line() -> None:
    problem = only_problem(
        """\
        name: a
        steps:
          - fill:
              selector: "#a"
              value: x
              selector: "#b"
        """
    )
    assert (problem.line, problem.path) == (6, "steps[0].fill.selector")
    assert problem.message == "the key 'selector' appears twice"
    assert problem.hint == "keep one of them"


def test_a_merge_key_may_be_overridden_without_a_duplicate_key_problem() -> None:
    document = only_document(
        """\
        base: &base {selector: "#a", button: left}
        click:
          <<: *base
          button: right
        """
    )
    assert document.data["click"] == {"selector": "#a", "button": "right"}
    assert document.line_of(("click", "button")) == 4


def test_keys_must_be_text() -> None:
    problem = only_problem("name: a\n1: one\n")
    assert (problem.line, problem.path, problem.message) == (2, "(document)", "keys must be text, not 1")


def test_syntax_error_names_the_line_and_says_it_is_yaml() -> None:
    problem = only_problem(
        """\
        name: a
        steps:
          - click: "#buy"
         - click: "#pay"
        """
    )
    assert (problem.file, problem.line, problem.path) == (FILE, 4, "(syntax)")
    assert problem.message.startswith("YAML syntax error: ")
    assert "indentation" in problem.hint


def test_unclosed_quote_is_reported_where_the_quote_opens_not_at_the_end_of_the_file() -> None:
    problem = only_problem(
        """\
        name: a
        steps:
          - click: "#buy
          - click: '#pay'
          - click: '#done'
        """
    )
    assert problem.line == 3
    assert problem.message.startswith("YAML syntax error: while scanning")


def test_tags_that_construct_python_objects_are_refused_without_running_anything(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    problem = only_problem(f"name: !!python/object/apply:os.system ['touch {marker}']\nsteps: []\n")
    assert not marker.exists()
    assert (problem.line, problem.path) == (1, "name")
    assert problem.message == "unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'"


@pytest.mark.parametrize(
    "text", ["when: !!timestamp 2024-01-01\n", "data: !!binary aGk=\n", "x: !custom 1\n"]
)
def test_tags_outside_the_core_schema_are_refused(text: str) -> None:
    assert only_problem(text).message.startswith("unsupported YAML tag")


def test_an_alias_inside_its_own_anchor_is_a_problem_not_a_recursion_error() -> None:
    problem = only_problem("name: a\nsteps: &steps\n  - *steps\n")
    assert (problem.line, problem.path) == (2, "steps[0]")
    assert problem.message == "a YAML alias refers to a value that contains it"


def test_an_alias_bomb_stops_at_the_value_limit() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 10)}]" for level in range(1, 7)]
    problem = only_problem("\n".join(lines) + "\n")
    assert f"more than {MAX_NODES} values" in problem.message


def test_nesting_too_deep_is_a_problem() -> None:
    problem = only_problem("steps: " + "[" * 300 + "]" * 300 + "\n")
    assert problem.message.endswith("levels deep")


def test_a_control_character_is_reported_at_its_line() -> None:
    problem = only_problem('name: a\nsteps: []\nurl: "/x\x0c"\n')
    assert (problem.line, problem.path) == (3, "(syntax)")
    assert "U+000C" in problem.message


def test_several_documents_keep_their_own_line_numbers() -> None:
    results = load(
        """\
        name: one
        steps: []
        ---
        name: two
        steps:
          - click: "#x"
        """
    )
    assert [result.data["name"] for result in results if isinstance(result, YamlDocument)] == ["one", "two"]
    second = results[1]
    assert isinstance(second, YamlDocument)
    assert (second.index, second.lines[("name",)], second.lines[("steps", 0, "click")]) == (1, 4, 6)


def test_a_syntax_error_in_one_document_does_not_hide_the_others() -> None:
    first, broken, third = load(
        """\
        name: one
        steps: []
        ---
        name: two
        steps: [
        ---
        name: three
        steps: []
        """
    )
    assert isinstance(first, YamlDocument)
    assert isinstance(broken, ScenarioProblem)
    assert broken.line == 5
    assert isinstance(third, YamlDocument)
    assert (third.index, third.data["name"], third.lines[("name",)]) == (2, "three", 7)


def test_empty_documents_are_skipped() -> None:
    results = load(
        """\
        # yaml-language-server: $schema=./tagprobe.schema.json
        ---
        name: one
        steps: []
        ---
        ---
        """
    )
    assert len(results) == 1
    assert isinstance(results[0], YamlDocument)
    assert results[0].lines[("name",)] == 3


def test_a_directive_starts_the_next_document() -> None:
    results = load("name: one\n...\n%YAML 1.2\n---\nname: two\n")
    assert [result.data["name"] for result in results if isinstance(result, YamlDocument)] == ["one", "two"]
    assert isinstance(results[1], YamlDocument)
    assert results[1].lines[("name",)] == 5


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\u2028"])
def test_line_numbers_follow_yaml_line_breaks(newline: str) -> None:
    text = newline.join(["name: one", "steps: []", "---", "name: two", "url: /x", ""])
    results = load_yaml_documents(FILE, text)
    assert isinstance(results[1], YamlDocument)
    assert results[1].lines[("url",)] == 5


def test_an_empty_text_has_no_documents() -> None:
    assert load("") == []
    assert load("# only a comment\n") == []


def test_an_alias_of_a_mapping_with_a_merge_is_built_the_same_twice() -> None:
    document = only_document(
        """\
        base: &base {x: 1, y: 1}
        first: &first
          <<: *base
          x: 2
        second: *first
        """
    )
    assert document.data["first"] == document.data["second"] == {"x": 2, "y": 1}


def test_a_key_twice_next_to_a_merge_is_still_a_duplicate() -> None:
    problem = only_problem("base: &base {x: 1}\nother:\n  <<: *base\n  y: 2\n  y: 3\n")
    assert (problem.line, problem.path) == (5, "other.y")
