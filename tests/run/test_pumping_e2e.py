"""wait_pumping keeps Playwright's route handlers running while it waits, and ends on `done` or its timeout."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Route

from tagprobe.run.pumping import wait_pumping

pytestmark = pytest.mark.e2e

SITE = "http://pumping.test"


@pytest.fixture
def context(real_browser: Browser) -> Iterator[BrowserContext]:
    context = real_browser.new_context()
    yield context
    context.close()


def test_a_route_handler_answers_while_the_run_waits(context: BrowserContext) -> None:
    """The tag script is served by a route: a wait that blocked the thread would leave the page loading."""
    served = threading.Event()

    def serve(route: Route) -> None:
        served.set()
        route.fulfill(status=200, content_type="text/html", body="<p>served</p>")

    context.route(f"{SITE}/**", serve)
    page = context.new_page()
    page.evaluate(f"location.href = '{SITE}/next'")

    assert wait_pumping(context, served.is_set, timeout_s=10)
    page.wait_for_load_state()
    assert page.text_content("p") == "served"


def test_it_ends_as_soon_as_done_holds_after_a_request_finishes(context: BrowserContext) -> None:
    context.route(f"{SITE}/**", lambda route: route.fulfill(status=200, body="ok"))
    page = context.new_page()
    page.goto(f"{SITE}/")
    finished: list[str] = []
    context.on("requestfinished", lambda request: finished.append(request.url))
    page.evaluate(f"setTimeout(() => fetch('{SITE}/upload'), 300)")

    assert wait_pumping(context, lambda: any(url.endswith("/upload") for url in finished), timeout_s=10)


def test_it_returns_false_when_the_timeout_passes_first(context: BrowserContext) -> None:
    started = time.monotonic()
    assert wait_pumping(context, lambda: False, timeout_s=0.3) is False
    assert time.monotonic() - started >= 0.3


def test_a_closed_context_ends_the_wait_with_what_done_says(real_browser: Browser) -> None:
    context = real_browser.new_context()
    context.close()
    assert wait_pumping(context, lambda: False, timeout_s=5) is False
