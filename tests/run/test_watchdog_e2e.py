"""The watchdog reaches Playwright's event loop through `_loop` and `_impl_obj`, which are not public API.
These tests fail loudly, naming what changed, when an upgraded Playwright no longer has them."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from tagprobe.run.watchdog import CallWatchdog, PlaywrightInternalsChanged, require_rescue_hooks

pytestmark = pytest.mark.e2e


@pytest.fixture
def context(real_browser: Browser) -> Iterator[BrowserContext]:
    context = real_browser.new_context()
    yield context
    context.close()


def test_every_object_the_watchdog_closes_still_has_the_internals_it_uses(
    real_browser: Browser, context: BrowserContext
) -> None:
    page = context.new_page()
    for target in (page, context, real_browser):
        loop, async_object = require_rescue_hooks(target)
        assert not loop.is_closed()
        assert type(async_object).__name__ == type(target).__name__


def test_a_call_that_never_returns_is_ended_by_closing_the_page(
    real_browser: Browser, context: BrowserContext
) -> None:
    page = context.new_page()
    watchdog = CallWatchdog(page, context, real_browser)
    started = time.monotonic()
    with pytest.raises(PlaywrightError), watchdog.watching(500, "the test's evaluate"):
        page.evaluate("() => { while (true) {} }")
    assert time.monotonic() - started < 60, "the close reached the stuck call"
    assert page.is_closed()
    rescue = watchdog.rescue
    assert rescue is not None
    assert (rescue.waiting_for, rescue.closed) == ("the test's evaluate", "the page")


def test_a_watch_that_ends_in_time_closes_nothing(real_browser: Browser, context: BrowserContext) -> None:
    page: Page = context.new_page()
    watchdog = CallWatchdog(page, context, real_browser)
    with watchdog.watching(60_000, "a quick evaluate"):
        assert page.evaluate("1 + 1") == 2
    assert not watchdog.fired
    assert not page.is_closed()


def test_without_the_internals_the_watchdog_refuses_to_start_instead_of_letting_runs_hang() -> None:
    with pytest.raises(PlaywrightInternalsChanged, match="install a Playwright version tagprobe supports"):
        require_rescue_hooks(object())
