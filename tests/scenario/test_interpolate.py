"""`${name}` and `${NAME:-default}`: from `vars`, else the environment; environment values become secrets."""

from __future__ import annotations

from pathlib import Path

import pytest

from tagprobe.scenario.interpolate import Interpolator, UndefinedVariable, resolve_variables
from tagprobe.scenario.yaml_source import YamlDocument, load_yaml_documents


def interpolator(
    variables: dict[str, str] | None = None, environment: dict[str, str] | None = None
) -> Interpolator:
    return Interpolator(variables or {}, environment or {})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("${user}", "jane"),
        ("hello ${user}!", "hello jane!"),
        ("${user}${user}", "janejane"),
        ("${HOME_DIR}", "/home/jane"),
        ("${MISSING:-fallback}", "fallback"),
        ("${MISSING:-}", ""),
        ("${HOME_DIR:-ignored}", "/home/jane"),
        ("$${user}", "${user}"),
        ("$user and ${ user }", "$user and ${ user }"),
        ("no placeholders", "no placeholders"),
    ],
)
def test_text(text: str, expected: str) -> None:
    values = interpolator({"user": "jane"}, {"HOME_DIR": "/home/jane"})
    assert values.text(text, ("x",)) == expected


def test_vars_win_over_the_environment() -> None:
    assert interpolator({"user": "from-vars"}, {"user": "from-env"}).text("${user}", ()) == "from-vars"


def test_an_undefined_variable_names_itself_and_its_path() -> None:
    with pytest.raises(UndefinedVariable) as caught:
        interpolator().text("${nope}", ("steps", 2, "fill", "value"))
    assert (caught.value.name, caught.value.path) == ("nope", ("steps", 2, "fill", "value"))


def test_walk_reaches_into_lists_and_mappings_with_their_paths() -> None:
    values = interpolator({"item": "shoe"})
    assert values.walk({"call": ["event", "${item}"], "n": 3, "ok": True}, ("s",)) == {
        "call": ["event", "shoe"],
        "n": 3,
        "ok": True,
    }
    with pytest.raises(UndefinedVariable) as caught:
        values.walk({"call": ["event", "${other}"]}, ("steps", 0, "clarity"))
    assert caught.value.path == ("steps", 0, "clarity", "call", 1)


def test_only_values_from_the_environment_become_secrets() -> None:
    values = interpolator({"plain": "visible"}, {"TOKEN": "s3cret", "EMPTY": ""})
    values.text("${plain} ${TOKEN} ${EMPTY} ${UNSET:-default}", ())
    assert values.secrets == {"s3cret"}


def test_resolve_variables_reads_the_environment_with_defaults() -> None:
    values = resolve_variables(
        {
            "user": "${SHOP_USER:-jane}",
            "password": "${SHOP_PASSWORD}",
            "retries": 3,
            "fast": True,
            "ratio": 0.5,
        },
        {"SHOP_PASSWORD": "hunter2"},
    )
    assert values.variables == {
        "user": "jane",
        "password": "hunter2",
        "retries": "3",
        "fast": "true",
        "ratio": "0.5",
    }
    assert values.secrets == {"hunter2"}


def test_a_var_cannot_use_another_var() -> None:
    with pytest.raises(UndefinedVariable) as caught:
        resolve_variables({"a": "x", "b": "${a}"}, {})
    assert (caught.value.name, caught.value.path) == ("a", ("vars", "b"))


def document(text: str) -> YamlDocument:
    (loaded,) = load_yaml_documents(Path("s.scenario.yaml"), text)
    assert isinstance(loaded, YamlDocument)
    return loaded


def test_the_problem_of_an_undefined_variable_suggests_a_close_name() -> None:
    source = document("name: a\nvars: {user: x}\nsteps:\n  - fill: {selector: '#u', value: '${usr}'}\n")
    problem = UndefinedVariable("usr", ("steps", 0, "fill", "value")).problem(source, ["user"])
    assert (problem.line, problem.path) == (4, "steps[0].fill.value")
    assert problem.message == "undefined variable ${usr}"
    assert problem.hint == "did you mean 'user'?"


def test_the_problem_of_an_undefined_variable_says_how_to_define_it() -> None:
    problem = UndefinedVariable("API_KEY", ("url",)).problem(document("name: a\nurl: /${API_KEY}\n"), [])
    assert (problem.line, problem.path) == (2, "url")
    assert problem.hint == "define it under `vars:`, export API_KEY, or give a default: ${API_KEY:-default}"


def test_the_problem_of_a_var_using_another_var() -> None:
    source = document("vars:\n  a: x\n  b: ${a}\n")
    problem = UndefinedVariable("a", ("vars", "b")).problem(source, ["a", "b"])
    assert (problem.line, problem.path) == (3, "vars.b")
    assert problem.hint == "a value under `vars:` may use the environment, not another var"


def test_an_undefined_variable_in_vars_does_not_suggest_another_var() -> None:
    source = document("vars:\n  user: x\n  b: ${usr}\n")
    problem = UndefinedVariable("usr", ("vars", "b")).problem(source, ["user", "b"])
    assert problem.hint == "export usr, or give a default: ${usr:-default}"
