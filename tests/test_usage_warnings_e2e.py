"""A check that passes with warnings shows them in pytest's warnings summary and in results.json (pytester,
in a subprocess, on the demo shop)."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.e2e
pytest_plugins = ["pytester"]

SCENARIO = """\
name: Sends a number
steps:
  - click: "#consent-accept"
  - clarity: [set, cart_items, 3]
"""


def test_usage_warnings_reach_the_terminal_and_results_json(pytester: pytest.Pytester) -> None:
    (pytester.path / "shop.scenario.yaml").write_text(SCENARIO, encoding="utf-8")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, warnings=1)
    result.stdout.fnmatch_lines(["*TagprobeWarning: usage: 1 warning(s)*cart_items*"])
    document = json.loads((pytester.path / "reports" / "results.json").read_text(encoding="utf-8"))
    (usage,) = [check for check in document["scenarios"][0]["checks"] if check["check"] == "usage"]
    assert (usage["status"], usage["warned"]) == ("passed", True)
