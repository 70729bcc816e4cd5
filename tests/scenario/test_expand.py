"""Shorthand forms, `use:` groups and `include:` files, expanded into one list of located steps."""

from __future__ import annotations

from typing import Any

import pytest

from tagprobe.scenario.expand import normalise
from tagprobe.scenario.model import Scenario

from .conftest import LoadText, ProblemsOf, WriteFile


@pytest.mark.parametrize(
    ("action", "value", "args"),
    [
        ("goto", "/cart", {"url": "/cart"}),
        ("click", "#buy", {"selector": "#buy"}),
        ("click", {"selector": "#buy", "button": "right"}, {"selector": "#buy", "button": "right"}),
        ("dblclick", "#title", {"selector": "#title"}),
        ("hover", "#menu", {"selector": "#menu"}),
        ("check", "#terms", {"selector": "#terms"}),
        ("uncheck", "#news", {"selector": "#news"}),
        ("press", "Enter", {"key": "Enter"}),
        ("press", {"selector": "#q", "key": "Tab"}, {"selector": "#q", "key": "Tab"}),
        ("scroll", "bottom", {"to": "bottom"}),
        ("scroll", 400, {"y": 400}),
        ("scroll", {"selector": "#footer"}, {"selector": "#footer"}),
        ("navigate", "back", {"history": "back"}),
        ("navigate", {"push": "/a"}, {"push": "/a"}),
        ("clarity", ["event", "buy"], {"call": ["event", "buy"]}),
        ("evaluate", "1 + 1", {"script": "1 + 1"}),
        ("rage_click", "#broken", {"selector": "#broken"}),
        ("dead_click", "#label", {"selector": "#label"}),
        ("screenshot", "cart", {"name": "cart"}),
        ("fill", {"selector": "#q", "value": 1}, {"selector": "#q", "value": 1}),
    ],
)
def test_shorthand_forms_are_normalised(action: str, value: Any, args: dict[str, Any]) -> None:
    assert normalise(action, value) == args


def steps_of(scenario: Scenario) -> list[tuple[str, dict[str, Any], str, int, str]]:
    """(action, args, file name, line, path) of each step after the opening goto."""
    return [
        (step.action, dict(step.args), step.location.file.name, step.location.line, step.location.path)
        for step in scenario.steps[1:]
    ]


def only_scenario(load_text: LoadText, text: str) -> Scenario:
    (document,) = load_text(text)
    assert document.scenario is not None, [str(problem) for problem in document.problems]
    return document.scenario


def test_use_runs_a_group_with_the_groups_own_lines(load_text: LoadText) -> None:
    scenario = only_scenario(
        load_text,
        """\
        name: a
        vars: {user: jane}
        groups:
          login:
            - fill: {selector: "#user", value: "${user}"}
            - click: "#sign-in"
        steps:
          - use: login
          - click: "#buy"
        """,
    )
    assert steps_of(scenario) == [
        ("fill", {"selector": "#user", "value": "jane"}, "test.scenario.yaml", 5, "groups.login[0].fill"),
        ("click", {"selector": "#sign-in"}, "test.scenario.yaml", 6, "groups.login[1].click"),
        ("click", {"selector": "#buy"}, "test.scenario.yaml", 9, "steps[1].click"),
    ]


def test_groups_may_use_other_groups(load_text: LoadText) -> None:
    scenario = only_scenario(
        load_text,
        "name: a\ngroups:\n  inner: [{click: '#a'}]\n  outer: [{use: inner}, {click: '#b'}]\nsteps:\n"
        "  - use: outer\n  - use: inner\n",
    )
    assert [dict(step.args)["selector"] for step in scenario.steps[1:]] == ["#a", "#b", "#a"]


def test_an_unknown_group_suggests_a_close_name(problems_of: ProblemsOf) -> None:
    (problem,) = problems_of("name: a\ngroups:\n  login: []\nsteps:\n  - use: logn\n")
    assert (problem.line, problem.path, problem.message, problem.hint) == (
        5,
        "steps[0].use",
        "no group named 'logn'",
        "did you mean 'login'?",
    )


def test_a_group_cycle_is_refused_where_it_closes(problems_of: ProblemsOf) -> None:
    (problem,) = problems_of(
        """\
        name: a
        groups:
          first:
            - use: second
          second:
            - click: "#x"
            - use: first
        steps:
          - use: first
        """
    )
    assert (problem.line, problem.path) == (7, "groups.second[1].use")
    assert problem.message == "include cycle: group 'first' -> group 'second' -> group 'first'"
    assert "nothing includes itself" in problem.hint


def test_a_group_that_uses_itself(problems_of: ProblemsOf) -> None:
    (problem,) = problems_of("name: a\ngroups:\n  loop:\n    - use: loop\nsteps:\n  - use: loop\n")
    assert (problem.line, problem.message) == (4, "include cycle: group 'loop' -> group 'loop'")


def test_include_runs_a_list_of_steps_relative_to_the_including_file(
    load_text: LoadText, write_file: WriteFile
) -> None:
    write_file(
        "- click: '#consent-accept'\n- fill: {selector: '#q', value: '${term}'}\n", "common/consent.yaml"
    )
    scenario = only_scenario(
        load_text,
        "name: a\nvars: {term: shoes}\nsteps:\n  - include: common/consent.yaml\n  - click: '#go'\n",
    )
    assert steps_of(scenario) == [
        ("click", {"selector": "#consent-accept"}, "consent.yaml", 1, "[0].click"),
        ("fill", {"selector": "#q", "value": "shoes"}, "consent.yaml", 2, "[1].fill"),
        ("click", {"selector": "#go"}, "test.scenario.yaml", 5, "steps[1].click"),
    ]


def test_include_takes_the_steps_of_a_mapping_and_nests(load_text: LoadText, write_file: WriteFile) -> None:
    write_file("name: shared\nsteps:\n  - include: ../leaf.yaml\n  - click: '#mid'\n", "parts/middle.yaml")
    write_file("- click: '#leaf'\n", "leaf.yaml")
    scenario = only_scenario(load_text, "name: a\nsteps:\n  - include: parts/middle.yaml\n")
    assert [(args["selector"], file, line, path) for _, args, file, line, path in steps_of(scenario)] == [
        ("#leaf", "leaf.yaml", 1, "[0].click"),
        ("#mid", "middle.yaml", 4, "steps[1].click"),
    ]


def test_an_included_step_may_use_a_group_of_the_scenario(load_text: LoadText, write_file: WriteFile) -> None:
    write_file("- use: accept\n", "part.yaml")
    scenario = only_scenario(
        load_text, "name: a\ngroups:\n  accept: [{click: '#ok'}]\nsteps:\n  - include: part.yaml\n"
    )
    assert steps_of(scenario) == [
        ("click", {"selector": "#ok"}, "test.scenario.yaml", 3, "groups.accept[0].click")
    ]


def test_an_include_that_is_not_found(problems_of: ProblemsOf, tmp_path: Any) -> None:
    (problem,) = problems_of("name: a\nsteps:\n  - click: '#a'\n  - include: common/nope.yaml\n")
    assert (problem.line, problem.path, problem.message) == (
        4,
        "steps[1].include",
        "included file 'common/nope.yaml' not found",
    )
    assert str(tmp_path / "common" / "nope.yaml") in problem.hint


def test_an_include_cycle_between_files(load_text: LoadText, write_file: WriteFile) -> None:
    write_file("- click: '#b'\n- include: a.yaml\n", "b.yaml")
    write_file("- include: b.yaml\n", "a.yaml")
    (document,) = load_text("name: a\nsteps:\n  - include: a.yaml\n")
    (problem,) = document.problems
    assert (problem.file.name, problem.line, problem.path) == ("b.yaml", 2, "[1].include")
    assert problem.message == "include cycle: a.yaml -> b.yaml -> a.yaml"


def test_a_scenario_that_includes_itself(load_text: LoadText) -> None:
    (document,) = load_text("name: a\nsteps:\n  - click: '#x'\n  - include: test.scenario.yaml\n")
    (problem,) = document.problems
    assert (problem.line, problem.path) == (4, "steps[1].include")
    assert problem.message == "include cycle: test.scenario.yaml -> test.scenario.yaml"


def test_a_problem_inside_an_included_file_is_reported_in_that_file(
    load_text: LoadText, write_file: WriteFile
) -> None:
    write_file("- click: '#a'\n- clik: '#b'\n", "part.yaml")
    (document,) = load_text("name: a\nsteps:\n  - include: part.yaml\n")
    (problem,) = document.problems
    assert (problem.file.name, problem.line, problem.path, problem.hint) == (
        "part.yaml",
        2,
        "[1].clik",
        "did you mean 'click'?",
    )


def test_a_syntax_error_inside_an_included_file(load_text: LoadText, write_file: WriteFile) -> None:
    write_file("- click: '#a'\n - click: '#b'\n", "part.yaml")
    (document,) = load_text("name: a\nsteps:\n  - include: part.yaml\n")
    (problem,) = document.problems
    assert (problem.file.name, problem.line, problem.path) == ("part.yaml", 2, "(syntax)")


def test_an_undefined_variable_inside_an_included_file(load_text: LoadText, write_file: WriteFile) -> None:
    write_file("- click: '#a'\n- fill: {selector: '#b', value: '${nope}'}\n", "part.yaml")
    (document,) = load_text("name: a\nsteps:\n  - include: part.yaml\n")
    (problem,) = document.problems
    assert (problem.file.name, problem.line, problem.path) == ("part.yaml", 2, "[1].fill.value")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name: only a name\n", "an included file is a list of steps, or a mapping with `steps:`"),
        ("just text\n", "an included file is a list of steps, or a mapping with `steps:`"),
        ("- click: '#a'\n---\n- click: '#b'\n", "an included file holds one YAML document, not 2"),
        ("", "an included file holds one YAML document, not 0"),
    ],
)
def test_an_included_file_of_the_wrong_shape(
    load_text: LoadText, write_file: WriteFile, content: str, message: str
) -> None:
    write_file(content, "part.yaml")
    (document,) = load_text("name: a\nsteps:\n  - include: part.yaml\n")
    (problem,) = document.problems
    assert (problem.file.name, problem.line, problem.message) == ("part.yaml", 1, message)
