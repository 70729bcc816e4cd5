"""The `clarity` fixture in ordinary pytest-playwright tests (pytester, in a subprocess): the real tag, the same
checks as a scenario's `expect:`, and the tests in the tagprobe report."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e
pytest_plugins = ["pytester"]

SITE_CONFTEST = """
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

PAGES = {
    "/clean": "<h1>Sign up</h1><input id='name'><button id='send'>Send</button>",
    "/echo": (
        "<h1>Sign up</h1><input id='name' oninput=\\"document.getElementById('hello').textContent = "
        "'Hello ' + this.value\\"><p id='hello'></p>"
    ),
}


class Pages(BaseHTTPRequestHandler):
    def do_GET(self):
        body = PAGES.get(self.path, "<h1>missing</h1>").encode()
        self.send_response(200 if self.path in PAGES else 404)
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
"""

CLARITY_TESTS = """\
import pytest


def test_clean_page(page, clarity, site):
    page.goto(site + "/clean")
    page.fill("#name", "Jane Example")
    page.click("#send")
    verdicts = clarity.expect({"masking": {"max_masked_share": 0.95}})
    assert {verdict.check for verdict in verdicts} >= {"health", "masking"}
    assert [verdict.check for verdict in verdicts if verdict.status.value == "failed"] == []


def test_page_echoing_what_was_typed(page, clarity, site):
    page.goto(site + "/echo")
    page.fill("#name", "Jane Example")
    clarity.expect({})


@pytest.mark.clarity(tag={"mode": "inject", "project_id": "fixture01"})
def test_a_typo_in_expect_is_explained(page, clarity, site):
    page.goto(site + "/clean")
    clarity.expect({"maskng": {}})
"""


def write(pytester: pytest.Pytester, name: str, text: str) -> Path:
    path = pytester.path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_the_clarity_fixture_judges_a_test_like_a_scenario(pytester: pytest.Pytester) -> None:
    write(pytester, "conftest.py", SITE_CONFTEST)
    tests = write(pytester, "test_signup.py", CLARITY_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rf")
    result.assert_outcomes(passed=1, failed=2)
    output = "\n".join(result.outlines)
    failure = output[output.index("test_page_echoing_what_was_typed") :]
    assert "AssertionError: masking:" in failure
    assert "typed in step 1" in failure
    assert "Mutation node" in failure
    assert "expect.maskng" in output or "'maskng'" in output

    document = json.loads((pytester.path / "reports" / "results.json").read_text(encoding="utf-8"))
    judged = {scenario["name"]: scenario for scenario in document["scenarios"]}
    assert set(judged) == {
        "test_signup.py::test_clean_page[chromium]",
        "test_signup.py::test_page_echoing_what_was_typed[chromium]",
    }
    clean = judged["test_signup.py::test_clean_page[chromium]"]
    assert (clean["status"], Path(clean["file"]).name, clean["line"]) == ("passed", tests.name, 4)
    echo = judged["test_signup.py::test_page_echoing_what_was_typed[chromium]"]
    assert echo["status"] == "failed"
    assert [check["check"] for check in echo["checks"] if check["status"] == "failed"] == ["masking"]
    assert clean["uploads"]["count"] > 0
    report = (pytester.path / "reports" / "index.html").read_text(encoding="utf-8")
    assert "test_signup.py::test_page_echoing_what_was_typed[chromium]" in report


PERMISSIONS_CONFTEST = """

@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "permissions": ["geolocation"]}
"""

PERMISSIONS_TEST = """\
def test_the_projects_permissions_hold(page, clarity, site):
    page.goto(site + "/clean")
    query = "navigator.permissions.query({name: 'geolocation'}).then((status) => status.state)"
    assert page.evaluate(query) == "granted"
    page.fill("#name", "Jane Example")
    page.click("#send")
    clarity.expect({})
"""


def test_the_clarity_fixture_keeps_the_projects_browser_context_args(pytester: pytest.Pytester) -> None:
    """The fixture's guarded options go over the project's, but add to its permissions instead of replacing them."""
    write(pytester, "conftest.py", SITE_CONFTEST + PERMISSIONS_CONFTEST)
    write(pytester, "test_permissions.py", PERMISSIONS_TEST)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
