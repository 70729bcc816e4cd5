"""Closes the page when a step runs far past its time, so that a page that stops answering cannot hang a run.

Playwright gives `evaluate`, keyboard and mouse calls no timeout (a script that loops forever, or a promise
that never settles, blocks them for good), and its sync API may only be called from the thread that owns it.
So the timer hands the close to Playwright's own event loop, which keeps running while the stuck call waits:
closing the page makes that call fail at once, and the run goes on with what was captured."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from playwright.sync_api import Page

CLOSE_REASON = "tagprobe closed the page: the step ran far past its time"


class StepWatchdog:
    def __init__(self, page: Page) -> None:
        self._page = page
        self._lock = threading.Lock()
        self._armed = False
        self._fired = False

    @property
    def fired(self) -> bool:
        """True once the watchdog has closed (or begun to close) the page."""
        with self._lock:
            return self._fired

    @contextmanager
    def watching(self, budget_ms: float) -> Iterator[None]:
        timer = threading.Timer(budget_ms / 1000, self._fire)
        timer.daemon = True
        with self._lock:
            self._armed = True
        timer.start()
        try:
            yield
        finally:
            with self._lock:
                self._armed = False
            timer.cancel()

    def _fire(self) -> None:
        with self._lock:
            if not self._armed or self._fired:
                return
            self._fired = True
        _close_on_playwright_loop(self._page)


def _close_on_playwright_loop(page: Page) -> None:
    loop: asyncio.AbstractEventLoop | None = getattr(page, "_loop", None)
    async_page: Any = getattr(page, "_impl_obj", None)
    if loop is None or async_page is None or loop.is_closed():
        return

    def close() -> None:
        try:
            closing = async_page.close(run_before_unload=False, reason=CLOSE_REASON)
        except TypeError:
            closing = async_page.close()
        loop.create_task(closing).add_done_callback(_forget)

    try:
        loop.call_soon_threadsafe(close)
    except RuntimeError:
        return


def _forget(task: asyncio.Task[Any]) -> None:
    """The page may already be gone; a failed close is no news worth an asyncio warning."""
    if not task.cancelled():
        task.exception()
