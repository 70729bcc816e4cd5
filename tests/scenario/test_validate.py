"""Schema validation: one plain message per mistake, at its line and path, with a suggestion."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tagprobe.scenario.problems import ScenarioProblem
from tagprobe.scenario.validate import validate_document, validate_steps
from tagprobe.scenario.yaml_source import YamlDocument, load_yaml_documents

FILE = Path("shop.scenario.yaml")


def document_of(text: str) -> YamlDocument:
    (document,) = load_yaml_documents(FILE, textwrap.dedent(text))
    assert isinstance(document, YamlDocument), str(document)
    return document


def problems(text: str) -> list[tuple[int, str, str, str]]:
    """(line, path, message, hint) of each problem, in order."""
    return [(p.line, p.path, p.message, p.hint) for p in validate_document(document_of(text))]


def only(text: str) -> tuple[int, str, str, str]:
    (problem,) = problems(text)
    return problem


def test_a_valid_scenario_has_no_problems() -> None:
    assert (
        problems(
            """\
            name: Checkout
            url: /product/1
            tag: {mode: inject, project_id: abc123, config: {track: false, delay: 100}}
            viewport: {width: 390, height: 844}
            vars: {user: jane, retries: 3, fast: true}
            marks: [smoke, checkout]
            groups:
              accept: [{click: "#consent-accept"}]
            steps:
              - use: accept
              - goto: /cart
              - click: {selector: "#buy", button: left, modifiers: [Shift], timeout_ms: 100}
              - dblclick: "#title"
              - hover: "#menu"
              - check: "#terms"
              - uncheck: "#news"
              - fill: {selector: "#qty", value: 2}
              - type: {selector: "#email", text: "${user}", delay_ms: 5}
              - press: Enter
              - press: {selector: "#q", key: Tab}
              - select: {selector: "#size", label: M}
              - scroll: bottom
              - scroll: 400
              - scroll: {selector: "#footer"}
              - wait_for: {selector: "#done", url: "**/thanks", uploads: 2, timeout_ms: 100}
              - navigate: {push: /step-2}
              - navigate: back
              - clarity: [event, add_to_cart]
              - evaluate: "window.scrollTo(0, 0)"
              - rage_click: {selector: "#broken", clicks: 5, interval_ms: 50}
              - dead_click: "#label"
              - screenshot: {name: after-buy, full_page: true}
              - include: common/login.yaml
            """
        )
        == []
    )


def test_unknown_top_level_key_suggests_the_close_one() -> None:
    assert only("name: a\nstpes:\n  - click: '#x'\n") == (
        2,
        "stpes",
        "unknown key 'stpes'",
        "did you mean 'steps'?",
    )


def test_each_unknown_top_level_key_is_reported() -> None:
    assert problems("nmae: a\nsteps: []\nurll: /\n") == [
        (1, "nmae", "unknown key 'nmae'", "did you mean 'name'?"),
        (3, "urll", "unknown key 'urll'", "did you mean 'url'?"),
    ]


def test_unknown_key_without_a_close_match_lists_the_valid_keys() -> None:
    line, path, message, hint = only("name: a\nsteps: []\ncolour: red\n")
    assert (line, path, message) == (3, "colour", "unknown key 'colour'")
    assert hint.startswith("valid keys here: name, url, tag, viewport, device, vars, marks, groups, steps")


def test_a_step_written_at_the_top_level_is_pointed_to_the_steps_list() -> None:
    assert only("name: a\nclick: '#x'\nsteps: []\n") == (
        2,
        "click",
        "unknown key 'click'",
        "`click` is a step: put it in the list under `steps:`",
    )


def test_unknown_step_suggests_the_close_action() -> None:
    assert only("name: a\nsteps:\n  - goto: /\n  - clik: '#x'\n") == (
        4,
        "steps[1].clik",
        "unknown step 'clik'",
        "did you mean 'click'?",
    )


def test_unknown_step_inside_a_group() -> None:
    assert only("name: a\ngroups:\n  login:\n    - fil: {selector: '#u', value: x}\nsteps: []\n") == (
        4,
        "groups.login[0].fil",
        "unknown step 'fil'",
        "did you mean 'fill'?",
    )


def test_unknown_key_inside_a_step_suggests_the_close_key() -> None:
    text = """\
        name: a
        steps:
          - click:
              selector: "#x"
              buton: left
        """
    assert only(text) == (5, "steps[0].click.buton", "unknown key 'buton'", "did you mean 'button'?")


def test_a_misspelt_required_key_is_reported_as_unknown_not_also_as_missing() -> None:
    text = """\
        name: a
        steps:
          - fill:
              selector: "#x"
              valeu: y
        """
    assert only(text) == (5, "steps[0].fill.valeu", "unknown key 'valeu'", "did you mean 'value'?")


def test_a_misspelt_top_level_steps_key_is_not_also_reported_as_missing() -> None:
    assert problems("name: a\nstep: []\n") == [(2, "step", "unknown key 'step'", "did you mean 'steps'?")]


def test_missing_required_field() -> None:
    assert only("url: /\nsteps: []\n") == (
        1,
        "(document)",
        "missing required field 'name'",
        "add `name:` here",
    )


def test_missing_required_field_in_a_step_is_reported_at_the_step() -> None:
    text = """\
        name: a
        steps:
          - click: "#ok"
          - fill:
              selector: "#email"
        """
    assert only(text) == (4, "steps[1].fill", "missing required field 'value'", "add `value:` here")


def test_missing_required_fields_are_named_together() -> None:
    assert only("name: a\nviewport: {}\nsteps: []\n") == (
        2,
        "viewport",
        "missing required fields 'width', 'height'",
        "add `width:` here",
    )


def test_wrong_type_says_what_was_expected_and_what_was_found() -> None:
    text = """\
        name: a
        steps:
          - wait_for:
              uploads: lots
        """
    line, path, message, _ = only(text)
    assert (line, path, message) == (
        4,
        "steps[0].wait_for.uploads",
        "expected a whole number, got the text 'lots'",
    )


@pytest.mark.parametrize(
    ("yaml_value", "message"),
    [
        ("5", "expected a selector (text) or a mapping with `selector`, got the number 5"),
        ("[a, b]", "expected a selector (text) or a mapping with `selector`, got a list"),
        ("true", "expected a selector (text) or a mapping with `selector`, got the boolean true"),
        ("", "expected a selector (text) or a mapping with `selector`, got nothing (null)"),
    ],
)
def test_a_step_that_takes_a_selector_or_a_mapping(yaml_value: str, message: str) -> None:
    assert only(f"name: a\nsteps:\n  - click: {yaml_value}\n")[:3] == (3, "steps[0].click", message)


def test_a_step_that_is_not_a_mapping_shows_an_example() -> None:
    assert only("name: a\nsteps:\n  - click '#x'\n") == (
        3,
        "steps[0]",
        "expected a mapping, got the text \"click '#x'\"",
        'a step is a mapping with one action, e.g. `- click: "#buy"`',
    )


def test_steps_must_be_a_list() -> None:
    assert only("name: a\nsteps:\n  click: '#x'\n")[:3] == (2, "steps", "expected a list, got a mapping")


def test_a_step_names_exactly_one_action() -> None:
    text = """\
        name: a
        steps:
          - click: "#x"
            hover: "#y"
          - {}
        """
    assert problems(text) == [
        (
            3,
            "steps[0]",
            "a step names exactly one action; found: click, hover",
            "split it into one list item per action",
        ),
        (
            5,
            "steps[1]",
            "a step names exactly one action; found none",
            'a step is a mapping with one action, e.g. `- click: "#buy"`',
        ),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tag: {mode: injet}", (1, "tag.mode", "'injet' is not allowed here", "did you mean 'inject'?")),
        (
            "tag: {mode: nope}",
            (1, "tag.mode", "'nope' is not allowed here", "use one of: auto, inject, site, blocked"),
        ),
    ],
)
def test_a_value_outside_a_list_of_choices(text: str, expected: tuple[int, str, str, str]) -> None:
    assert only(f"{text}\nname: a\nsteps: []\n") == expected


def test_a_misspelt_clarity_call() -> None:
    assert only("name: a\nsteps:\n  - clarity: [evnt, add_to_cart]\n") == (
        3,
        "steps[0].clarity[0]",
        "'evnt' is not allowed here",
        "did you mean 'event'?",
    )


def test_a_misspelt_choice_among_alternatives() -> None:
    assert only("name: a\nsteps:\n  - navigate: bak\n") == (
        3,
        "steps[0].navigate",
        "expected 'back', 'forward' or a mapping, got the text 'bak'",
        "did you mean 'back'?",
    )


def test_scroll_alternatives_are_listed() -> None:
    assert only("name: a\nsteps:\n  - scroll: middle\n")[2] == (
        "expected 'top', 'bottom', a whole number or a mapping, got the text 'middle'"
    )


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("scroll: {y: 3, to: bottom}", "use only one of: y, to, selector; found: y, to"),
        ("navigate: {push: /a, replace: /b}", "use only one of: push, replace; found: push, replace"),
        ("wait_for: {timeout_ms: 100}", "needs one of: selector, url, uploads"),
        ("wait_for: {}", "needs one of: selector, url, uploads"),
        ("select: {selector: '#size'}", "needs one of: value, label"),
        ("scroll: -5", "must be at least 0, got -5"),
        ("rage_click: {selector: '#x', clicks: 0}", "must be at least 1, got 0"),
        ("click: ''", "must not be empty"),
        ("clarity: []", "needs at least 1 item"),
        ("screenshot: 'after buy'", "'after buy' is not allowed here"),
    ],
)
def test_step_values_out_of_range(step: str, message: str) -> None:
    line, path, found, _ = only(f"name: a\nsteps:\n  - {step}\n")
    assert (line, path.split(".")[0], found) == (3, "steps[0]", message)


def test_pattern_failures_say_which_characters_are_allowed() -> None:
    assert only("name: a\nmarks: [smoke test]\nsteps: []\n") == (
        2,
        "marks[0]",
        "'smoke test' is not allowed here",
        "a mark is a name of letters, digits and '_', not starting with a digit",
    )


def test_an_empty_name() -> None:
    assert only("name: ''\nsteps: []\n")[:3] == (1, "name", "must not be empty")


def test_the_upload_url_is_tagprobes_own() -> None:
    assert only("name: a\ntag:\n  config:\n    upload: https://example.com/collect\nsteps: []\n") == (
        4,
        "tag.config.upload",
        "this key is not allowed: tagprobe sets the upload URL itself",
        "remove it",
    )


def test_vars_hold_text_numbers_or_booleans() -> None:
    assert only("name: a\nvars:\n  users: [a, b]\nsteps: []\n")[:3] == (
        3,
        "vars.users",
        "expected text, a number or true/false, got a list",
    )


def test_an_unknown_key_in_the_expect_section_is_suggested_too() -> None:
    line, path, message, hint = only("name: a\nsteps: []\nexpect:\n  maskng: {}\n")
    assert (line, path, message, hint) == (
        4,
        "expect.maskng",
        "unknown key 'maskng'",
        "did you mean 'masking'?",
    )


def test_problems_in_different_steps_are_all_reported_in_line_order() -> None:
    text = """\
        name: a
        steps:
          - clik: "#a"
          - fill: {selector: "#b"}
          - scroll: -1
        viewport: {width: 0, height: 600}
        """
    assert [(line, path) for line, path, _, _ in problems(text)] == [
        (3, "steps[0].clik"),
        (4, "steps[1].fill"),
        (5, "steps[2].scroll"),
        (6, "viewport.width"),
    ]


def test_a_document_that_is_not_a_mapping() -> None:
    assert only("- click: '#x'\n") == (
        1,
        "(document)",
        "a scenario is a mapping with `name` and `steps`, got a list",
        "start the document with `name:` and `steps:` lines",
    )


def test_problems_carry_the_file_and_print_as_file_line_path_message_hint() -> None:
    (problem,) = validate_document(document_of("name: a\nstpes: []\n"))
    assert isinstance(problem, ScenarioProblem)
    assert problem.file == FILE
    assert str(problem) == "shop.scenario.yaml:2: stpes: unknown key 'stpes'\n  hint: did you mean 'steps'?"


def test_included_steps_are_validated_at_their_own_paths() -> None:
    document = document_of("- click: '#a'\n- clik: '#b'\n")
    (problem,) = validate_steps(document, document.data, ())
    assert (problem.line, problem.path, problem.hint) == (2, "[1].clik", "did you mean 'click'?")


def test_included_steps_under_a_steps_key() -> None:
    document = document_of("steps:\n  - press: 5\n")
    (problem,) = validate_steps(document, document.data["steps"], ("steps",))
    assert (problem.line, problem.path) == (2, "steps[0].press")


def test_hover_takes_no_button() -> None:
    assert only("name: a\nsteps:\n  - hover: {selector: '#menu', button: right}\n") == (
        3,
        "steps[0].hover.button",
        "unknown key 'button'",
        "valid keys here: selector, timeout_ms",
    )


def test_detector_keys_signal_elements_and_masked_selectors_are_checked_when_the_file_loads() -> None:
    found = problems(
        """\
        name: Frustration
        steps:
          - click: "#x"
        expect:
          masking:
            masked: ["#saved-card", "div > p"]
          signals:
            present:
              - {type: dead_click, element: "#buy now"}
              - {type: rage_click, element: {id: ""}}
            detector:
              rage_clik_count: 3
              dead_click_window_ms: fast
              ignore: ["#ok", "a b"]
        """
    )
    assert [(line, path) for line, path, _, _ in found] == [
        (6, "expect.masking.masked[1]"),
        (9, "expect.signals.present[0].element"),
        (10, "expect.signals.present[1].element.id"),
        (12, "expect.signals.detector.rage_clik_count"),
        (13, "expect.signals.detector.dead_click_window_ms"),
        (14, "expect.signals.detector.ignore[1]"),
    ]
    messages = {path: (message, hint) for _, path, message, hint in found}
    assert messages["expect.signals.detector.rage_clik_count"] == (
        "unknown key 'rage_clik_count'",
        "did you mean 'rage_click_count'?",
    )
    assert "p#saved-card" in messages["expect.masking.masked[1]"][1]
    assert '"tag#id"' in messages["expect.signals.present[0].element"][1]
    assert messages["expect.signals.detector.dead_click_window_ms"][0] == (
        "expected a whole number, got the text 'fast'"
    )
