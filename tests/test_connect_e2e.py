"""`--connect ws://...`: scenarios run on a Playwright browser server (`playwright run-server`), which launches the
browser with the options tagprobe sends in the connect URL."""

from __future__ import annotations

import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Playwright

from tagprobe.browser.launch import QUIET_CHROMIUM_ARGS, BrowserSettings
from tagprobe.browser.locate import BrowserChoice, choose_browser
from tagprobe.remote import LAUNCH_OPTIONS_PARAM, connect_url

REPO = Path(__file__).resolve().parents[1]
TAGPROBE = Path(sys.executable).with_name("tagprobe")
SERVER_START_TIMEOUT_S = 30


def launch_options_in(url: str) -> dict[str, object]:
    (options,) = parse_qs(urlsplit(url).query)[LAUNCH_OPTIONS_PARAM]
    loaded: dict[str, object] = json.loads(options)
    return loaded


def test_the_connect_url_carries_the_launch_options_under_the_servers_names() -> None:
    settings = BrowserSettings(BrowserChoice(Path("/opt/chromium/chrome"), "--browser-path"), slow_mo_ms=50)
    url = connect_url("ws://grid.internal:3000/playwright?token=abc", settings)
    assert url.startswith("ws://grid.internal:3000/playwright?token=abc&launch-options=")
    assert launch_options_in(url) == {
        "headless": True,
        "args": [*QUIET_CHROMIUM_ARGS, "--disable-blink-features=AutomationControlled"],
        "slowMo": 50,
        "executablePath": "/opt/chromium/chrome",
    }


def test_without_a_browser_path_the_server_chooses_its_own_browser() -> None:
    options = launch_options_in(connect_url("ws://127.0.0.1:3000/", BrowserSettings(channel="chrome")))
    assert "executablePath" not in options
    assert options["channel"] == "chrome"


def test_launch_options_written_in_the_url_are_kept() -> None:
    url = 'ws://127.0.0.1:3000/?launch-options={"headless":false}'
    assert connect_url(url, BrowserSettings()) == url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_line(process: subprocess.Popen[str], prefix: str, timeout_s: float) -> str:
    """The first stdout line starting with `prefix`, waiting on the pipe (bounded), never sleeping."""
    assert process.stdout is not None
    deadline = time.monotonic() + timeout_s
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while (left := deadline - time.monotonic()) > 0:
            if not selector.select(timeout=left):
                break
            line = process.stdout.readline()
            if line.startswith(prefix):
                return line.strip()
            if not line:
                break
    raise AssertionError(f"no {prefix!r} line from the browser server within {timeout_s} s")


@pytest.fixture
def browser_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`playwright run-server` on loopback, logging each connection it serves; yields (ws URL, its log).

    `python -m playwright` starts the Node server as its child: the server gets a process group of its own,
    and the whole group is stopped afterwards."""
    port = free_port()
    log = tmp_path / "server.log"
    with log.open("w", encoding="utf-8") as errors:
        # --unsafe lets a client name the browser executable (here: the system Chromium).
        command = [sys.executable, "-m", "playwright", "run-server", "--unsafe"]
        server = subprocess.Popen(
            [*command, "--host", "127.0.0.1", "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            env={**os.environ, "DEBUG": "pw:server"},
            start_new_session=True,
        )
        try:
            listening = wait_for_line(server, "Listening on ", SERVER_START_TIMEOUT_S)
            yield listening.removeprefix("Listening on "), log
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
            assert server.stdout is not None
            server.stdout.close()


@pytest.mark.e2e
def test_the_demo_suite_runs_on_a_remote_browser_server(
    browser_server: tuple[str, Path], tmp_path: Path, tagprobe_playwright: Playwright
) -> None:
    url, log = browser_server
    executable = choose_browser(tagprobe_playwright).executable
    browser_path = ["--browser-path", str(executable)] if executable else []
    reports = tmp_path / "reports"
    command = [str(TAGPROBE), "run", str(REPO / "scenarios"), "-n", "2", "--connect", url, *browser_path]
    completed = subprocess.run(
        [*command, "--tagprobe-reports", str(reports), "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    results = json.loads((reports / "results.json").read_text(encoding="utf-8"))
    assert results["summary"]["total"] >= 6
    assert completed.returncode == (1 if results["summary"]["failed"] else 0), completed.stdout[-3000:]
    for scenario in results["scenarios"]:
        assert scenario["problem"] is None, scenario["name"]
        assert {step["status"] for step in scenario["steps"]} == {"passed"}, scenario["name"]
        health = next(check for check in scenario["checks"] if check["check"] == "health")
        assert health["status"] == "passed", (scenario["name"], health["message"])
    served = log.read_text(encoding="utf-8")
    assert served.count('engaged launch mode for "chromium"') == 2, "one browser on the server per worker"
    assert LAUNCH_OPTIONS_PARAM in served


def test_an_unreachable_browser_server_is_a_fault_of_the_machine_told_on_one_line(tmp_path: Path) -> None:
    scenario = tmp_path / "two.scenario.yaml"
    steps = 'steps:\n  - click: "#consent-accept"\n'
    scenario.write_text(f"name: one\n{steps}---\nname: two\n{steps}", encoding="utf-8")
    url = f"ws://127.0.0.1:{free_port()}/"
    completed = subprocess.run(
        [str(TAGPROBE), "run", str(scenario), "--connect", url, "--tagprobe-reports", str(tmp_path / "r")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 2, output[-3000:]
    lines = [line for line in output.splitlines() if f"the browser server at {url} gave no browser: " in line]
    assert len(lines) == 1, output[-3000:]
    assert "ECONNREFUSED" in lines[0]
    assert "check that `playwright run-server`" in lines[0]
    assert "Traceback" not in output
