"""Waits for something the collector sees while keeping Playwright's event loop turning.

The sync Playwright API dispatches events, and runs route handlers, only while the calling thread is inside a
Playwright call. The pinned tag script is served by a route handler, so a wait that blocks on the collector
alone stalls every new document that needs the tag: a page that navigates while we wait never records."""

from __future__ import annotations

import time
from collections.abc import Callable

from playwright.sync_api import BrowserContext, Request
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

RECHECK_S = 0.1
"""How long one wait inside Playwright lasts before `done` is asked again without an event: a beacon from a
document already gone may reach the collector with no `requestfinished` in this context."""


def wait_pumping(context: BrowserContext, done: Callable[[], bool], timeout_s: float) -> bool:
    """True once `done()` holds; False if `timeout_s` passed first. Wakes on every finished request, so an
    upload that satisfies `done` ends the wait as soon as its answer reaches the page."""
    deadline = time.monotonic() + timeout_s

    def finished(_request: Request) -> bool:
        return done()

    while not done():
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        try:
            context.wait_for_event("requestfinished", predicate=finished, timeout=min(left, RECHECK_S) * 1000)
        except PlaywrightTimeoutError:
            continue
        except PlaywrightError:
            return done()
    return True
