"""Scenario files -> frozen Scenario models, or located problems; one broken document never hides another."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tagprobe.scenario.load import is_scenario_file, load_file
from tagprobe.scenario.model import Scenario, TagMode

from .conftest import LoadText, ProblemsOf, WriteFile

FULL = """\
name: Checkout as ${user}
url: /product/${product}
tag:
  mode: inject
  project_id: ${PROJECT:-demo}
  config: {track: false, delay: 100}
viewport: {width: 390, height: 844}
vars:
  user: ${SHOP_USER:-jane}
  product: 1
marks: [smoke, checkout]
steps:
  - click: "#add-to-cart"
  - fill: {selector: "#email", value: "${user}@example.com"}
expect:
  tags:
    events: [add_to_cart]
"""


def scenario_of(load_text: LoadText, text: str, env: dict[str, str] | None = None) -> Scenario:
    (document,) = load_text(text, env)
    assert document.scenario is not None, [str(problem) for problem in document.problems]
    return document.scenario


def test_a_scenario_is_built_with_variables_resolved(load_text: LoadText) -> None:
    scenario = scenario_of(load_text, FULL, {"SHOP_USER": "bob"})
    assert scenario.name == "Checkout as bob"
    assert scenario.url == "/product/1"
    assert scenario.tag.mode is TagMode.INJECT
    assert scenario.tag.project_id == "demo"
    assert dict(scenario.tag.start_config) == {"track": False, "delay": 100}
    assert scenario.viewport == (390, 844)
    assert scenario.device is None
    assert scenario.marks == ("smoke", "checkout")
    assert scenario.expect["tags"] == {"events": ["add_to_cart"]}
    assert scenario.secrets == frozenset({"bob"})
    assert (scenario.location.line, scenario.location.path) == (1, "(document)")


def test_the_first_step_opens_the_url_and_every_step_knows_its_line(load_text: LoadText) -> None:
    scenario = scenario_of(load_text, FULL)
    assert [(step.action, dict(step.args)) for step in scenario.steps] == [
        ("goto", {"url": "/product/1"}),
        ("click", {"selector": "#add-to-cart"}),
        ("fill", {"selector": "#email", "value": "jane@example.com"}),
    ]
    assert [(step.location.line, step.location.path) for step in scenario.steps] == [
        (2, "url"),
        (13, "steps[0].click"),
        (14, "steps[1].fill"),
    ]
    assert str(scenario.steps[2].location).endswith("test.scenario.yaml:14")


def test_without_url_the_scenario_opens_the_base_url(load_text: LoadText) -> None:
    scenario = scenario_of(load_text, "name: a\nsteps: []\n")
    (opening,) = scenario.steps
    assert (opening.action, dict(opening.args), opening.location.line) == ("goto", {"url": "/"}, 1)
    assert scenario.tag.mode is TagMode.AUTO


def test_the_model_is_frozen(load_text: LoadText) -> None:
    scenario = scenario_of(load_text, FULL)
    with pytest.raises(dataclasses.FrozenInstanceError):
        scenario.name = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        scenario.steps[1].args["selector"] = "#other"  # type: ignore[index]


def test_env_values_are_redacted_when_a_step_is_described(load_text: LoadText) -> None:
    text = """\
        name: Sign in
        vars:
          user: ${SHOP_USER:-jane}
          password: ${SHOP_PASSWORD}
        steps:
          - fill: {selector: "#user", value: "${user}"}
          - fill: {selector: "#password", value: "${password}"}
        """
    scenario = scenario_of(load_text, text, {"SHOP_PASSWORD": "it's \\ secret"})
    assert scenario.steps[1].describe(scenario.secrets) == "fill(selector='#user', value='jane')"
    assert scenario.steps[2].describe(scenario.secrets) == "fill(selector='#password', value='***')"


def test_several_documents_give_several_scenarios(load_text: LoadText) -> None:
    documents = load_text("name: one\nsteps: []\n---\nname: two\nsteps: []\n")
    assert [(document.index, document.name, document.line) for document in documents] == [
        (0, "one", 1),
        (1, "two", 4),
    ]
    assert all(document.scenario is not None for document in documents)


def test_an_invalid_document_does_not_hide_the_others(load_text: LoadText) -> None:
    first, broken, syntax, last = load_text(
        """\
        name: one
        steps: []
        ---
        name: two
        steps:
          - clik: "#x"
        ---
        name: three
        steps: [
        ---
        name: four
        steps: []
        """
    )
    assert first.scenario is not None
    assert last.scenario is not None
    assert last.name == "four"
    assert broken.scenario is None
    assert (broken.name, broken.line) == ("two", 4)
    assert [(p.line, p.path, p.hint) for p in broken.problems] == [
        (6, "steps[0].clik", "did you mean 'click'?")
    ]
    assert syntax.scenario is None
    assert syntax.name == "test.scenario.yaml#3"
    assert [(p.line, p.path) for p in syntax.problems] == [(9, "(syntax)")]


@pytest.mark.parametrize(
    ("text", "line", "path"),
    [
        ("name: a\nurl: /${NOPE}\nsteps: []\n", 2, "url"),
        ("name: a ${NOPE}\nsteps: []\n", 1, "name"),
        ("name: a\nvars:\n  x: ${NOPE}\nsteps: []\n", 3, "vars.x"),
        ("name: a\nsteps:\n  - click: '#${NOPE}'\n", 3, "steps[0].click"),
        ("name: a\ntag:\n  config:\n    mask: ['${NOPE}']\nsteps: []\n", 4, "tag.config.mask[0]"),
        (
            "name: a\nsteps: []\nexpect:\n  masking:\n    sensitive: ['${NOPE}']\n",
            5,
            "expect.masking.sensitive[0]",
        ),
        ("name: a\ndevice: ${NOPE}\nsteps: []\n", 2, "device"),
    ],
)
def test_an_undefined_variable_anywhere_is_a_located_problem(
    problems_of: ProblemsOf, text: str, line: int, path: str
) -> None:
    (problem,) = problems_of(text)
    assert (problem.line, problem.path, problem.message) == (line, path, "undefined variable ${NOPE}")
    assert "export NOPE" in problem.hint


def test_undefined_variable_suggests_a_close_var(problems_of: ProblemsOf) -> None:
    (problem,) = problems_of(
        "name: a\nvars: {user: x}\nsteps:\n  - fill: {selector: '#u', value: '${usr}'}\n"
    )
    assert (problem.line, problem.path, problem.hint) == (4, "steps[0].fill.value", "did you mean 'user'?")


def test_a_known_device(load_text: LoadText) -> None:
    assert scenario_of(load_text, "name: a\ndevice: iPhone 13\nsteps: []\n").device == "iPhone 13"


def test_a_device_can_come_from_a_variable(load_text: LoadText) -> None:
    text = "name: a\ndevice: ${DEVICE:-Pixel 7}\nsteps: []\n"
    assert scenario_of(load_text, text, {"DEVICE": "iPad Mini"}).device == "iPad Mini"


def test_an_unknown_device_suggests_a_close_name(problems_of: ProblemsOf) -> None:
    (problem,) = problems_of("name: a\nsteps: []\ndevice: iphone 13\n")
    assert (problem.line, problem.path, problem.message) == (3, "device", "unknown device 'iphone 13'")
    assert problem.hint == "did you mean 'iPhone 13'?"


def test_an_unknown_device_without_a_close_name_points_at_the_list(problems_of: ProblemsOf) -> None:
    (problem,) = problems_of("name: a\nsteps: []\ndevice: toaster\n")
    assert "Playwright's device list" in problem.hint


@pytest.mark.parametrize("text", ["", "# just a comment\n", "---\n"])
def test_a_file_without_a_scenario_is_a_problem(load_text: LoadText, text: str) -> None:
    (document,) = load_text(text)
    assert document.scenario is None
    assert [(p.line, p.path, p.message) for p in document.problems] == [
        (1, "(file)", "the file holds no scenario")
    ]


def test_an_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "binary.scenario.yaml"
    path.write_bytes(b"name: \xff\xfe\n")
    (document,) = load_file(path, {})
    (problem,) = document.problems
    assert (problem.line, problem.path) == (1, "(file)")
    assert problem.message.startswith("cannot read the file")


def test_a_missing_file_is_a_problem(tmp_path: Path) -> None:
    (document,) = load_file(tmp_path / "gone.scenario.yaml", {})
    assert document.problems[0].message.startswith("cannot read the file")


def test_the_environment_defaults_to_the_process_environment(
    write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAGPROBE_TEST_USER", "kim")
    (document,) = load_file(write_file("name: ${TAGPROBE_TEST_USER}\nsteps: []\n"))
    assert document.scenario is not None
    assert document.scenario.name == "kim"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("checkout.scenario.yaml", True),
        ("checkout.scenario.yml", True),
        ("checkout.yaml", False),
        ("scenario.yaml", False),
        ("checkout.scenario.yaml.bak", False),
    ],
)
def test_is_scenario_file(name: str, expected: bool) -> None:
    assert is_scenario_file(Path("some/folder") / name) is expected
