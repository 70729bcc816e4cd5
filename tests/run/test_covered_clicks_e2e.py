"""Clicks that would land on another element fail, naming the element that covers the target."""

from __future__ import annotations

import pytest

from tagprobe.run.results import StepStatus
from tests.conftest import RunYaml

pytestmark = pytest.mark.e2e

COVERED = """
name: covered
url: /
steps:
  - click: "#consent-accept"
  - evaluate: >-
      document.body.insertAdjacentHTML('beforeend',
      '<ul id="filters" style="position:fixed;inset:0;z-index:99;margin:0;background:#fff8"><li>x</li></ul>')
  - {action}: "#newsletter"
"""


@pytest.mark.parametrize("action", ["click", "rage_click", "dead_click"])
def test_a_click_on_a_covered_element_names_what_covers_it(run_yaml: RunYaml, action: str) -> None:
    outcome = run_yaml(COVERED.replace("{action}", action), step_timeout_ms=1500)
    failed = outcome.record.steps[-1]
    assert failed.status is StepStatus.FAILED
    assert failed.error is not None
    assert failed.error.startswith('<ul id="filters"> covers #newsletter'), failed.error
    assert "check the selector" not in failed.error


def test_a_click_inside_the_target_is_a_click_on_it(run_yaml: RunYaml) -> None:
    outcome = run_yaml(
        """
        name: inside
        url: /
        steps:
          - click: "#consent-accept"
          - evaluate: >-
              document.querySelector('#newsletter').innerHTML =
              '<span style="display:block;padding:8px">Subscribe</span>'
          - rage_click: {selector: "#newsletter", clicks: 3}
          - dead_click: "#newsletter"
        """
    )
    assert {step.status for step in outcome.record.steps} == {StepStatus.PASSED}
    assert len(outcome.record.steps) == 5
