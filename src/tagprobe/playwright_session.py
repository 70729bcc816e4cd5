"""One pytest session with pytest-playwright: scenarios run on its Playwright, its tests get tagprobe's
Chromium when Playwright's own build is not installed, and its browser is launched sealed like tagprobe's
when tests in the session record the tag through the `clarity` fixture."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Playwright

from tagprobe.browser.launch import launch_args
from tagprobe.browser.locate import choose_browser
from tagprobe.capture.sealing import sealing_args
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


CLARITY_FIXTURE = "clarity"
BASE_URL_FIXTURE_WARNING = "Session-scoped fixtures defined as instance methods"


def records_the_tag(session: pytest.Session) -> bool:
    """Whether a test of this session (of this xdist worker) uses the `clarity` fixture."""
    return any(CLARITY_FIXTURE in getattr(item, "fixturenames", ()) for item in session.items)


def sealed_launch_args(
    args: list[str], users_args: tuple[str, ...], allowed_hosts: tuple[str, ...], automation_flag: bool
) -> list[str]:
    """The launch arguments of a browser that records the tag, as tagprobe launches its own: quiet, the
    automation flag hidden unless asked for, no WebRTC UDP, no name lookups but loopback and the allowed hosts
    (`capture/sealing.py`); the project's own arguments (`browser_type_launch_args`, --browser-arg) kept."""
    extra = (*args, *users_args)
    return launch_args((*extra, *sealing_args(allowed_hosts, extra)), automation_flag)


@pytest.fixture(scope="session")
def launch_browser(
    launch_browser: Callable[..., Browser],
    browser_type_launch_args: dict[str, Any],
    browser_name: str,
    request: pytest.FixtureRequest,
) -> Callable[..., Browser]:
    """Wraps pytest-playwright's fixture (so it sees a conftest's `browser_type_launch_args` override): when
    tests of the session record the tag with `clarity`, the pages of every test share that browser, so it is
    launched as a scenario's is. Sessions without a `clarity` test keep pytest-playwright's browser as it was."""
    if browser_name != "chromium" or not records_the_tag(request.session):
        return launch_browser
    from tagprobe.plugin import engine_options

    options = engine_options(request.config)

    def launch(**kwargs: Any) -> Browser:
        args = [str(arg) for arg in kwargs.get("args", browser_type_launch_args.get("args")) or ()]
        sealed = sealed_launch_args(
            args, options.browser.extra_args, options.allowed_hosts, options.browser.automation_flag
        )
        return launch_browser(**{**kwargs, "args": sealed})

    return launch


def engine_fixture(request: pytest.FixtureRequest, engine: Engine) -> Iterator[Engine]:
    """The session's engine, on pytest-playwright's Playwright when it is active; closed before that stops."""
    if uses_pytest_playwright(request.config):
        engine.share(
            request.getfixturevalue("playwright"),
            request.getfixturevalue("browser_type_launch_args"),
            _browser_context_args(request),
        )
    yield engine
    engine.close()


def _browser_context_args(request: pytest.FixtureRequest) -> dict[str, Any]:
    """pytest-playwright's fixture. It asks for its own `base_url` fixture, whose definition pytest 9.2 warns
    about (a method of a class): a scenario's user wrote neither, so the warning is not shown for scenarios."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=BASE_URL_FIXTURE_WARNING)
        args: dict[str, Any] = request.getfixturevalue("browser_context_args")
    return args
