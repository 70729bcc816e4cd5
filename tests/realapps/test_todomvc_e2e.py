"""TodoMVC (the `todomvc` npm package, its Backbone.js example): typing new todos, ticking one off, filtering
by #hash routes, and the footer where the filters lie over the item count."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tagprobe.run.results import StepStatus
from tests.realapps.conftest import RunApp, failed_steps, serve, verdicts_of

pytestmark = [pytest.mark.e2e, pytest.mark.realapps]

TODOMVC = Path(__file__).parents[2] / "node_modules" / "todomvc"

JOURNEY = """
name: plan the week
url: /examples/backbone/
steps:
  - type: {selector: "#new-todo", text: "water the plants"SENSITIVE}
  - press: {selector: "#new-todo", key: Enter}
  - type: {selector: "#new-todo", text: "call the plumber", sensitive: false}
  - press: {selector: "#new-todo", key: Enter}
  - click: "#todo-list li:first-child .toggle"
  - click: "a[href='#/active']"
  - click: "a[href='#/completed']"
expect:
  errors: {}
"""


@pytest.fixture(scope="module")
def todomvc() -> Iterator[str]:
    with serve(TODOMVC) as url:
        yield url


def test_a_clean_journey_with_typed_todos_passes(run_app: RunApp, todomvc: str) -> None:
    outcome = run_app(JOURNEY.replace("SENSITIVE", ", sensitive: false"), todomvc)
    assert failed_steps(outcome) == []
    assert verdicts_of(outcome) == {
        "consent": "skipped",
        "masking": "passed",
        "spa": "skipped",
        "tags": "skipped",
        "errors": "passed",
        "signals": "skipped",
        "usage": "passed",
        "health": "passed",
    }


def test_a_typed_value_the_list_then_shows_fails_masking_naming_its_step(
    run_app: RunApp, todomvc: str
) -> None:
    outcome = run_app(JOURNEY.replace("SENSITIVE", ""), todomvc)
    assert failed_steps(outcome) == []
    verdicts = verdicts_of(outcome)
    assert {check for check, status in verdicts.items() if status.startswith("failed")} == {"masking"}, (
        verdicts
    )
    assert "inline.scenario.yaml:5" in verdicts["masking"]


@pytest.mark.parametrize(
    "step",
    [
        'click: {selector: "#todo-count", timeout_ms: 1500}',
        'rage_click: "#todo-count"',
        'dead_click: "#todo-count"',
    ],
)
def test_a_click_on_the_count_under_the_filters_names_the_filters(
    run_app: RunApp, todomvc: str, step: str
) -> None:
    outcome = run_app(
        f"""
        name: count
        url: /examples/backbone/
        steps:
          - type: {{selector: "#new-todo", text: "one", sensitive: false}}
          - press: {{selector: "#new-todo", key: Enter}}
          - {step}
        """,
        todomvc,
    )
    failed = outcome.record.steps[-1]
    assert failed.status is StepStatus.FAILED
    assert failed.error is not None
    assert failed.error.startswith('<ul id="filters"> covers #todo-count'), failed.error
