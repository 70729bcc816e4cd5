"""One pytest session with pytest-playwright: scenarios run on its Playwright, and its tests get tagprobe's
Chromium when Playwright's own build is not installed."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Playwright

from tagprobe.browser.locate import choose_browser
from tagprobe.engine import Engine
from tagprobe.errors import SetupError

PYTEST_PLAYWRIGHT = "playwright"
"""pytest-playwright's name in pytest's plugin manager (its entry point)."""


def uses_pytest_playwright(config: pytest.Config) -> bool:
    return config.pluginmanager.has_plugin(PYTEST_PLAYWRIGHT)


def register(config: pytest.Config) -> None:
    """Adds this module's fixture when pytest-playwright is in use."""
    if uses_pytest_playwright(config):
        config.pluginmanager.register(sys.modules[__name__], "tagprobe-playwright-session")


def browser_path_option(config: pytest.Config) -> str | None:
    try:
        value = config.getoption("browser_path")
    except ValueError:
        return None
    return str(value) if value else None


def launch_args_with_tagprobe_chromium(
    launch_args: dict[str, Any], playwright: Playwright, config: pytest.Config
) -> dict[str, Any]:
    """pytest-playwright's launch args plus the Chromium tagprobe chose (--browser-path, TAGPROBE_BROWSER,
    Playwright's build, the system's), for runs on Chromium only. --browser-path wins over --browser-channel."""
    browsers = config.getoption("browser", None) or ["chromium"]
    if set(browsers) != {"chromium"} or "executable_path" in launch_args:
        return launch_args
    explicit = browser_path_option(config)
    if launch_args.get("channel") and not explicit:
        return launch_args
    try:
        choice = choose_browser(playwright, explicit)
    except SetupError:
        return launch_args
    if choice.executable is None:
        return launch_args
    chosen = {key: value for key, value in launch_args.items() if key != "channel"}
    return {**chosen, "executable_path": str(choice.executable)}


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], playwright: Playwright, pytestconfig: pytest.Config
) -> dict[str, Any]:
    """Wraps pytest-playwright's fixture of the same name (this module is registered as a plugin at configure
    time, after it); a project's own override in a conftest.py wraps this one."""
    return launch_args_with_tagprobe_chromium(browser_type_launch_args, playwright, pytestconfig)


def engine_fixture(request: pytest.FixtureRequest, engine: Engine) -> Iterator[Engine]:
    """The session's engine, on pytest-playwright's Playwright when it is active; closed before that stops."""
    if uses_pytest_playwright(request.config):
        engine.share(
            request.getfixturevalue("playwright"), request.getfixturevalue("browser_type_launch_args")
        )
    yield engine
    engine.close()
