"""The pytest plugin, loaded from its entry point in a separate pytest process (pytester)."""

from __future__ import annotations

import json
import re
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

SHOP = """\
name: Browse the shop
marks: [smoke]
steps:
  - click: "#consent-accept"
---
name: Checkout with a card
marks: [checkout, smoke]
steps:
  - click: "#buy"
---
name: Sign in
steps:
  - click: "#login"
"""

BROKEN_IN_THE_MIDDLE = """\
name: Accept the banner
steps:
  - click: "#consent-accept"
---
name: Broken
steps:
  - clik: "#consent-accept"
---
name: Open a product
steps:
  - click: "a[href='/product/1']"
"""


def write(pytester: pytest.Pytester, name: str, text: str) -> Path:
    path = pytester.path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def collected(result: pytest.RunResult) -> list[str]:
    return [line for line in result.outlines if "::" in line]


def output_of(result: pytest.RunResult) -> str:
    return "\n".join([*result.outlines, *result.errlines])


def assert_no_python_traceback(result: pytest.RunResult) -> None:
    output = output_of(result)
    assert "Traceback" not in output
    assert not re.search(r"\.py:\d+", output), "a Python file:line in the output means a traceback leaked"


def test_each_document_of_a_scenario_file_is_one_item(pytester: pytest.Pytester) -> None:
    write(pytester, "shop.scenario.yaml", SHOP)
    write(pytester, "more/other.scenario.yml", "name: Other\nsteps: []\n")
    write(pytester, "config.yaml", "name: not a scenario\n")
    result = pytester.runpytest_subprocess("--collect-only", "-q")
    assert result.ret == pytest.ExitCode.OK
    assert collected(result) == [
        "more/other.scenario.yml::Other",
        "shop.scenario.yaml::Browse the shop",
        "shop.scenario.yaml::Checkout with a card",
        "shop.scenario.yaml::Sign in",
    ]


def test_documents_with_the_same_name_get_distinct_ids(pytester: pytest.Pytester) -> None:
    write(pytester, "twice.scenario.yaml", "name: Same\nsteps: []\n---\nname: Same\nsteps: []\n")
    result = pytester.runpytest_subprocess("--collect-only", "-q")
    assert collected(result) == ["twice.scenario.yaml::Same", "twice.scenario.yaml::Same #2"]


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        (["-m", "smoke"], ["Browse the shop", "Checkout with a card"]),
        (["-m", "checkout"], ["Checkout with a card"]),
        (["-m", "not smoke"], ["Sign in"]),
        (["-k", "Checkout"], ["Checkout with a card"]),
        (["-k", "Browse or Sign"], ["Browse the shop", "Sign in"]),
    ],
)
def test_scenarios_are_selected_by_marks_and_by_name(
    pytester: pytest.Pytester, selection: list[str], expected: list[str]
) -> None:
    write(pytester, "shop.scenario.yaml", SHOP)
    result = pytester.runpytest_subprocess("--collect-only", "-q", "--strict-markers", *selection)
    assert result.ret == pytest.ExitCode.OK
    assert collected(result) == [f"shop.scenario.yaml::{name}" for name in expected]


def test_pytest_playwright_options_are_accepted(pytester: pytest.Pytester) -> None:
    write(pytester, "shop.scenario.yaml", SHOP)
    result = pytester.runpytest_subprocess(
        "--collect-only",
        "-q",
        "--headed",
        "--base-url",
        "http://127.0.0.1:9",
        "--tracing",
        "retain-on-failure",
        "--video",
        "off",
        "--screenshot",
        "only-on-failure",
    )
    assert result.ret == pytest.ExitCode.OK
    assert len(collected(result)) == 3


def test_an_invalid_scenario_does_not_hide_the_others_in_its_file(pytester: pytest.Pytester) -> None:
    write(pytester, "shop.scenario.yaml", BROKEN_IN_THE_MIDDLE)
    result = pytester.runpytest_subprocess("--collect-only", "-q")
    assert collected(result) == [
        "shop.scenario.yaml::Accept the banner",
        "shop.scenario.yaml::Broken",
        "shop.scenario.yaml::Open a product",
    ]


def test_an_invalid_scenario_fails_with_file_line_and_no_traceback(pytester: pytest.Pytester) -> None:
    path = write(pytester, "shop.scenario.yaml", BROKEN_IN_THE_MIDDLE)
    result = pytester.runpytest_subprocess("-k", "Broken", "--junitxml=junit.xml")
    result.assert_outcomes(failed=1, deselected=2)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stdout.fnmatch_lines(
        [f"{path}:7: steps[0].clik: unknown step 'clik'", "  hint: did you mean 'click'?"]
    )
    assert_no_python_traceback(result)
    (case,) = ET.parse(pytester.path / "junit.xml").getroot().iter("testcase")
    assert case.get("name") == "Broken"
    failure = case.find("failure")
    assert failure is not None
    assert f"{path}:7: steps[0].clik: unknown step 'clik'" in (failure.text or "")


def test_a_yaml_syntax_error_is_an_item_that_fails_with_its_line(pytester: pytest.Pytester) -> None:
    path = write(pytester, "broken.scenario.yaml", "name: a\nsteps:\n  - click: '#x'\n - click: '#y'\n")
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(failed=1)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stdout.fnmatch_lines([f"{path}:4: (syntax): YAML syntax error: *"])
    assert_no_python_traceback(result)


def test_every_problem_of_a_document_is_listed(pytester: pytest.Pytester) -> None:
    path = write(pytester, "typos.scenario.yaml", "nmae: a\nsteps:\n  - clik: '#x'\n  - scroll: -1\n")
    result = pytester.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stdout.fnmatch_lines(
        [
            f"{path}:1: nmae: unknown key 'nmae'",
            "  hint: did you mean 'name'?",
            f"{path}:3: steps[0].clik: unknown step 'clik'",
            "  hint: did you mean 'click'?",
            f"{path}:4: steps[1].scroll: must be at least 0, got -1",
        ]
    )


@pytest.mark.e2e
def test_valid_scenarios_run_next_to_an_invalid_one(pytester: pytest.Pytester) -> None:
    """Real Chromium, real tag, the built-in demo site."""
    path = write(pytester, "shop.scenario.yaml", BROKEN_IN_THE_MIDDLE)
    result = pytester.runpytest_subprocess("--junitxml=junit.xml")
    result.assert_outcomes(passed=2, failed=1)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stdout.fnmatch_lines([f"{path}:7: steps[0].clik: unknown step 'clik'"])
    assert_no_python_traceback(result)
    cases = {
        case.get("name", ""): case
        for case in ET.parse(pytester.path / "junit.xml").getroot().iter("testcase")
    }
    assert sorted(cases) == ["Accept the banner", "Broken", "Open a product"]
    assert cases["Broken"].find("failure") is not None


@pytest.mark.e2e
def test_a_failed_step_shows_where_what_and_why_with_secrets_redacted(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOP_PASSWORD", "correct 'horse' battery")
    path = write(
        pytester,
        "login.scenario.yaml",
        """\
        name: Sign in
        vars:
          password: ${SHOP_PASSWORD}
        steps:
          - click: "#consent-accept"
          - fill: {selector: "#no-such-field", value: "${password}"}
        """,
    )
    result = pytester.runpytest_subprocess("--step-timeout", "500")
    result.assert_outcomes(failed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            f"{path}:6: step fill(selector='#no-such-field', value='***') failed: "
            "no element matching '#no-such-field' became ready within 500 ms*"
        ]
    )
    assert "horse" not in output_of(result)
    assert_no_python_traceback(result)


@pytest.mark.e2e
def test_step_screenshots_take_a_picture_per_page_and_per_failure_by_default(
    pytester: pytest.Pytester,
) -> None:
    """Steps: the opening of /, a click on /, a move to /cart, a click staying on /cart, a step that fails."""
    write(
        pytester,
        "shop.scenario.yaml",
        "name: Shop\nsteps:\n  - click: '#consent-accept'\n  - click: '#nav-cart'\n"
        "  - click: '#nav-cart'\n  - evaluate: \"throw new Error('broken step')\"\n",
    )
    pictures = {}
    for setting in ("pages", "steps", "on", "off"):
        reports = pytester.path / f"reports-{setting}"
        arguments: tuple[str, ...] = ("--tagprobe-reports", str(reports))
        if setting != "pages":
            arguments = ("--step-screenshots", setting, *arguments)
        result = pytester.runpytest_subprocess(*arguments)
        result.assert_outcomes(failed=1)
        document = json.loads((reports / "results.json").read_text(encoding="utf-8"))
        steps = document["scenarios"][0]["steps"]
        pictures[setting] = [step["screenshot"] is not None for step in steps]
        assert (reports / "index.html").is_file()
        assert [step["status"] for step in steps][-1] == "failed"
    assert pictures["pages"] == [True, False, True, False, True], (
        "the first step on each page, and the failure"
    )
    assert pictures["steps"] == pictures["on"] == [True] * 5
    assert pictures["off"] == [False] * 5


@pytest.mark.e2e
def test_the_reports_are_written_before_the_browser_closes_and_not_again(pytester: pytest.Pytester) -> None:
    """The session's last item is a scenario: results.json and index.html are on disk before the engine closes
    its browser (the session's teardown), and pytest_sessionfinish leaves them as they are; GitHub's job summary
    is written once, at the end."""
    write(pytester, "shop.scenario.yaml", "name: Accept\nsteps:\n  - click: '#consent-accept'\n")
    write(
        pytester,
        "conftest.py",
        """
        from pathlib import Path

        from tagprobe.engine import Engine

        closing = Engine.close

        def close(self):
            reports = self.options.reports_dir
            seen = [str(path.stat().st_mtime_ns) for path in (reports / "results.json", reports / "index.html")
                    if path.is_file()]
            with open("closes.txt", "a", encoding="utf-8") as log:
                log.write(" ".join(seen) + "\\n")
            closing(self)

        Engine.close = close
        """,
    )
    reports = pytester.path / "reports"
    summary = pytester.path / "summary.md"
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("GITHUB_STEP_SUMMARY", str(summary))
        result = pytester.runpytest_subprocess("--tagprobe-reports", str(reports))
    result.assert_outcomes(passed=1)
    assert summary.read_text(encoding="utf-8").count("Accept") == 1, summary.read_text(encoding="utf-8")
    first_close = (pytester.path / "closes.txt").read_text(encoding="utf-8").splitlines()[0].split()
    final = [str((reports / name).stat().st_mtime_ns) for name in ("results.json", "index.html")]
    assert first_close == final, "both reports were written before the browser closed, and only then"
    document = json.loads((reports / "results.json").read_text(encoding="utf-8"))
    assert document["summary"]["interrupted"] is False
    assert [scenario["status"] for scenario in document["scenarios"]] == ["passed"]


INVALID_ONLY = """\
name: Broken
steps:
  - clik: "#consent-accept"
"""


@pytest.mark.parametrize(
    ("arguments", "environment", "site"),
    [
        ([], {}, "the built-in demo shop, without defects"),
        (
            ["--demo-defect", "tags-missing"],
            {},
            "the built-in demo shop, served with its tags-missing defect",
        ),
        (["--base-url", "http://127.0.0.1:9"], {}, "the site at the base URL (from --base-url)"),
        (
            [],
            {"TAGPROBE_BASE_URL": "http://127.0.0.1:9"},
            "the site at the base URL (from TAGPROBE_BASE_URL)",
        ),
    ],
)
def test_the_reports_say_which_site_was_tested(
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    arguments: list[str],
    environment: dict[str, str],
    site: str,
) -> None:
    """Issue #13's lost login tags were a demo page that never called the tag API, as the shop serves it with
    its tags-missing defect, in a run reported as the clean demo: a run says what it tested."""
    monkeypatch.delenv("TAGPROBE_BASE_URL", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    write(pytester, "broken.scenario.yaml", INVALID_ONLY)
    result = pytester.runpytest_subprocess("--tagprobe-reports", "out", *arguments)
    results = json.loads((pytester.path / "out" / "results.json").read_text(encoding="utf-8"))
    assert results["run"]["site"] == site
    assert f"tagprobe tested {site}" in result.outlines
    html = (pytester.path / "out" / "index.html").read_text(encoding="utf-8")
    assert f'<dd id="site">{site}</dd>' in html
