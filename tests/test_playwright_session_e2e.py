"""Scenario files and ordinary pytest-playwright tests in one pytest session (pytester, in a subprocess)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from playwright.sync_api import Playwright

from tagprobe.browser.locate import choose_browser
from tagprobe.capture.sealing import WEBRTC_POLICY_ARG
from tests.test_clarity_fixture_e2e import SITE_CONFTEST

pytestmark = pytest.mark.e2e
pytest_plugins = ["pytester"]

SCENARIO = """\
name: Accept the banner
steps:
  - click: "#consent-accept"
"""

PLAYWRIGHT_TESTS = """\
from playwright.sync_api import Browser, BrowserContext, Page

PAGE = "data:text/html,<h1>plain playwright</h1>"


def test_page(page: Page) -> None:
    page.goto(PAGE)
    assert page.inner_text("h1") == "plain playwright"


def test_context(context: BrowserContext) -> None:
    page = context.new_page()
    page.goto(PAGE)
    assert page.title() == ""


def test_browser(browser: Browser) -> None:
    assert browser.browser_type.name == "chromium"
    page = browser.new_page()
    page.goto(PAGE)
    assert page.inner_text("h1") == "plain playwright"
    page.close()
"""


CLARITY_TEST = """\
def test_clarity(page, clarity, site):
    page.goto(site + "/clean")
    page.fill("#name", "Jane Example")
    assert clarity.expect({"masking": {}})
"""


def write(pytester: pytest.Pytester, name: str, text: str) -> Path:
    path = pytester.path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def scenarios_in_results(pytester: pytest.Pytester) -> list[tuple[str, str]]:
    document = json.loads((pytester.path / "reports" / "results.json").read_text(encoding="utf-8"))
    return [(scenario["name"], scenario["status"]) for scenario in document["scenarios"]]


@pytest.mark.parametrize(
    ("scenario_file", "python_file"),
    [
        ("a_first.scenario.yaml", "test_then_playwright.py"),
        ("z_last.scenario.yaml", "test_playwright_first.py"),
    ],
    ids=["scenario-first", "playwright-first"],
)
def test_scenarios_and_playwright_tests_pass_in_one_session(
    pytester: pytest.Pytester, scenario_file: str, python_file: str
) -> None:
    """No `playwright install` here: the pytest-playwright tests get the Chromium tagprobe found."""
    write(pytester, scenario_file, SCENARIO)
    write(pytester, python_file, PLAYWRIGHT_TESTS + "\n\n" + CLARITY_TEST)
    write(pytester, "conftest.py", SITE_CONFTEST)
    result = pytester.runpytest_subprocess("-v", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=5)
    names = [line.split(" ")[0].removesuffix("[chromium]") for line in result.outlines if " PASSED" in line]
    expected_order = [f"{scenario_file}::Accept", f"{python_file}::test_page"]
    if scenario_file.startswith("z"):
        expected_order.reverse()
    assert [name for name in names if name.startswith(tuple(expected_order))] == expected_order
    assert sorted(scenarios_in_results(pytester)) == [
        ("Accept the banner", "passed"),
        (f"{python_file}::test_clarity[chromium]", "passed"),
    ]


def test_scenarios_and_playwright_tests_pass_with_two_workers(pytester: pytest.Pytester) -> None:
    write(
        pytester,
        "shop.scenario.yaml",
        SCENARIO + "---\nname: Open a product\nsteps:\n  - click: \"a[href='/product/1']\"\n",
    )
    write(pytester, "test_plain.py", PLAYWRIGHT_TESTS)
    write(pytester, "test_with_clarity.py", CLARITY_TEST)
    write(pytester, "conftest.py", SITE_CONFTEST)
    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=6)
    assert sorted(scenarios_in_results(pytester)) == [
        ("Accept the banner", "passed"),
        ("Open a product", "passed"),
        ("test_with_clarity.py::test_clarity[chromium]", "passed"),
    ]


def test_browser_firefox_is_refused_for_scenarios_with_the_reason(pytester: pytest.Pytester) -> None:
    write(pytester, "shop.scenario.yaml", SCENARIO)
    result = pytester.runpytest_subprocess("--browser", "firefox", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "tagprobe runs the Clarity tag in Chromium only" in "\n".join(result.errlines)


def test_an_unknown_device_is_a_usage_error_with_a_suggestion(pytester: pytest.Pytester) -> None:
    write(pytester, "shop.scenario.yaml", SCENARIO)
    result = pytester.runpytest_subprocess("--device", "iPhone 1", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "--device 'iPhone 1': unknown device. did you mean 'iPhone" in "\n".join(result.errlines)


def test_device_applies_to_scenarios_that_name_none(pytester: pytest.Pytester) -> None:
    from PIL import Image

    write(
        pytester,
        "shop.scenario.yaml",
        SCENARIO + "---\nname: On a desktop\ndevice: Desktop Chrome\nsteps: []\n",
    )
    result = pytester.runpytest_subprocess("--device", "iPhone 13", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    document = json.loads((pytester.path / "reports" / "results.json").read_text(encoding="utf-8"))
    widths = {}
    for scenario in document["scenarios"]:
        picture = next(step["screenshot"] for step in scenario["steps"] if step.get("screenshot"))
        with Image.open(pytester.path / "reports" / picture) as image:
            widths[scenario["name"]] = image.width
    assert widths["Accept the banner"] == 390 * 3, "iPhone 13: 390 CSS pixels at a device scale factor of 3"
    assert widths["On a desktop"] == 1280


def test_screenshot_only_on_failure_keeps_the_failed_scenarios_picture(pytester: pytest.Pytester) -> None:
    broken = "---\nname: Missing button\nsteps:\n  - click: '#no-such-button'\n"
    write(pytester, "shop.scenario.yaml", SCENARIO + broken)
    result = pytester.runpytest_subprocess(
        "--screenshot", "only-on-failure", "--step-timeout", "4000", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(passed=1, failed=1)
    document = json.loads((pytester.path / "reports" / "results.json").read_text(encoding="utf-8"))
    kept = {
        scenario["name"]: (
            pytester.path / "reports" / scenario["artifacts_dir"] / "test-finished.png"
        ).is_file()
        for scenario in document["scenarios"]
    }
    assert kept == {"Accept the banner": False, "Missing button": True}


LAUNCH_LOG_WRAPPER = """#!/bin/sh
echo "$*" >> "{log}"
exec "{chromium}" "$@"
"""
"""A Chromium that notes the arguments of each launch: one line per browser."""

LAUNCH_ARGS_OVERRIDE = """

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = [*browser_type_launch_args.get("args", []), "--lang=de-DE"]
    return {{**browser_type_launch_args, "executable_path": {wrapper!r}, "args": args}}
"""

CLARITY_TEST_SEES_A_PERSONS_BROWSER = """\
def test_clarity(page, clarity, site):
    page.goto(site + "/clean")
    assert page.evaluate("navigator.webdriver") is False
    page.fill("#name", "Jane Example")
    assert clarity.expect({"masking": {}})
"""


def test_a_conftest_launch_args_override_reaches_scenarios_and_the_clarity_browser_is_sealed(
    pytester: pytest.Pytester, playwright: Playwright
) -> None:
    chromium = choose_browser(playwright).executable
    assert chromium is not None
    log = pytester.path / "launches.log"
    wrapper = write(pytester, "chromium-wrapper.sh", LAUNCH_LOG_WRAPPER.format(log=log, chromium=chromium))
    wrapper.chmod(0o755)
    write(pytester, "conftest.py", SITE_CONFTEST + LAUNCH_ARGS_OVERRIDE.format(wrapper=str(wrapper)))
    write(pytester, "shop.scenario.yaml", SCENARIO)
    write(pytester, "test_plain.py", PLAYWRIGHT_TESTS)
    write(pytester, "test_with_clarity.py", CLARITY_TEST_SEES_A_PERSONS_BROWSER)

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--allow-host", "example.test")
    result.assert_outcomes(passed=5)
    launches = log.read_text(encoding="utf-8").splitlines()
    assert len(launches) == 2, "the engine's browser for the scenario, pytest-playwright's for the tests"
    for launch in launches:
        assert "--lang=de-DE" in launch, "the conftest's override reaches both"
        assert WEBRTC_POLICY_ARG in launch
        assert (
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE example.test"
            in launch
        )
        assert "--disable-blink-features=AutomationControlled" in launch
    document = json.loads((pytester.path / "reports" / "results.json").read_text(encoding="utf-8"))
    assert document["run"]["browser"].endswith(f"{wrapper} (browser_type_launch_args)")

    log.unlink()
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "test_plain.py")
    result.assert_outcomes(passed=3)
    (launch,) = log.read_text(encoding="utf-8").splitlines()
    assert "--lang=de-DE" in launch
    assert WEBRTC_POLICY_ARG not in launch, (
        "a session without a clarity test keeps pytest-playwright's browser"
    )
    assert "AutomationControlled" not in launch


CONTEXT_ARGS_CONFTEST = """
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

PAGE = (
    "<h1>Team {team}</h1><p id='where'></p><script>"
    "document.getElementById('where').textContent = "
    "navigator.language + ' ' + Intl.DateTimeFormat().resolvedOptions().timeZone;</script>"
)


class Pages(BaseHTTPRequestHandler):
    def do_GET(self):
        body = PAGE.format(team=self.headers.get("X-Team", "none")).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, site):
    return {
        **browser_context_args,
        "base_url": site,
        "locale": "de-DE",
        "timezone_id": "Asia/Tokyo",
        "extra_http_headers": {"X-Team": "shop"},
        EXTRA
    }
"""

CONTEXT_ARGS_SCENARIO = """\
name: Where the visitor is
steps:
  - wait_for: {selector: "text=Team shop"}
  - wait_for: {selector: "text=de-DE Asia/Tokyo"}
"""

CONTEXT_ARGS_TEST = """\
def test_plain(page):
    page.goto("/")
    assert page.inner_text("#where") == "de-DE Asia/Tokyo"
"""


def test_browser_context_args_are_the_base_of_every_scenario_context(pytester: pytest.Pytester) -> None:
    """A conftest's override: its base_url is the site under test, its locale, time zone and headers apply."""
    write(pytester, "conftest.py", CONTEXT_ARGS_CONFTEST.replace("EXTRA", ""))
    write(pytester, "where.scenario.yaml", CONTEXT_ARGS_SCENARIO)
    write(pytester, "test_where.py", CONTEXT_ARGS_TEST)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--step-timeout", "4000")
    result.assert_outcomes(passed=2)
    assert scenarios_in_results(pytester) == [("Where the visitor is", "passed")]
    document = json.loads((pytester.path / "reports" / "results.json").read_text(encoding="utf-8"))
    assert document["run"]["base_url"].startswith("http://127.0.0.1:")


def test_a_proxy_in_browser_context_args_is_refused_for_scenarios_with_the_reason(
    pytester: pytest.Pytester,
) -> None:
    extra = '"proxy": {"server": "http://127.0.0.1:9"},'
    write(pytester, "conftest.py", CONTEXT_ARGS_CONFTEST.replace("EXTRA", extra))
    write(pytester, "where.scenario.yaml", CONTEXT_ARGS_SCENARIO)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    output = "\n".join(result.outlines)
    assert "browser_context_args sets 'proxy', which scenarios cannot take" in output
    assert "--allow-host" in output
    assert "Traceback" not in output


def test_output_takes_the_scenarios_trace_and_screenshot_beside_the_playwright_tests_artifacts(
    pytester: pytest.Pytester,
) -> None:
    write(pytester, "shop.scenario.yaml", SCENARIO)
    write(pytester, "test_plain.py", PLAYWRIGHT_TESTS)
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--output", "artifacts", "--tracing", "on", "--screenshot", "on"
    )
    result.assert_outcomes(passed=4)
    document = json.loads((pytester.path / "reports" / "results.json").read_text(encoding="utf-8"))
    (scenario,) = document["scenarios"]
    folder = pytester.path / "artifacts" / scenario["id"]
    assert sorted(path.name for path in folder.iterdir()) == ["test-finished.png", "trace.zip"]
    assert Path(scenario["trace"]) == folder / "trace.zip"
    in_reports = pytester.path / "reports" / scenario["artifacts_dir"]
    assert not (in_reports / "trace.zip").exists()
    assert not (in_reports / "test-finished.png").exists()
    assert (in_reports / "uploads.jsonl").is_file(), "what tagprobe itself keeps stays in the reports folder"
    playwright_tests = [
        path.name for path in (pytester.path / "artifacts").iterdir() if "test-plain" in path.name
    ]
    assert len(playwright_tests) == 2, "pytest-playwright's own tests with a context keep theirs there too"
