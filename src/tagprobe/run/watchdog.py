"""Bounds the Playwright calls that have no timeout of their own, so that a page that stops answering or never
stops navigating cannot hang a run.

Playwright gives `evaluate`, keyboard and mouse calls, `page.close`, `context.close`, `context.cookies` and
`tracing.stop` no timeout (a script that loops forever, a promise that never settles, or a page that replaces
its location every few milliseconds can block them for good), and its sync API may only be called from the
thread that owns it. So a timer hands the rescue to Playwright's own event loop, which keeps running while the
stuck call waits: it closes the page, then, if the call is still stuck, the context, then the browser. Each
close makes the stuck call fail at once, and the run goes on with what was captured.

The sync API offers no public way onto its event loop, so this reaches `_loop` and `_impl_obj`, which every
sync Playwright object has had since 1.8. `require_rescue_hooks` fails loudly when they are gone, rather than
letting runs hang again (tests/run/test_watchdog_e2e.py checks it against the installed Playwright)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page

CLOSE_REASON = "tagprobe closed the page: a call ran far past its time"
ESCALATION_MS = 3000
"""How long a close the watchdog started may take before it closes the next thing up (context, browser)."""


class PlaywrightInternalsChanged(RuntimeError):
    """The installed Playwright no longer has what the watchdog needs to stop a stuck call."""


@dataclass(frozen=True, slots=True)
class Rescue:
    """What the watchdog had to do to end a stuck call."""

    waiting_for: str
    """What the run was doing, e.g. "closing the page"."""
    budget_ms: float
    closed: str
    """The last thing it closed: "the page", "the browser context" or "the browser"."""


def require_rescue_hooks(target: Any) -> tuple[asyncio.AbstractEventLoop, Any]:
    """The event loop and the async object behind a sync Playwright object; raises when Playwright changed."""
    loop = getattr(target, "_loop", None)
    async_object = getattr(target, "_impl_obj", None)
    if not isinstance(loop, asyncio.AbstractEventLoop) or not callable(getattr(async_object, "close", None)):
        raise PlaywrightInternalsChanged(
            f"this Playwright ({type(target).__module__}) has no `_loop`/`_impl_obj` on its sync objects, which "
            "tagprobe needs to stop a call that never returns: install a Playwright version tagprobe supports"
        )
    return loop, async_object


class CallWatchdog:
    """Arms a deadline around a block of Playwright calls; past it, closes the page, the context, the browser."""

    def __init__(self, page: Page, context: BrowserContext, browser: Browser | None = None) -> None:
        self._targets: list[tuple[str, Any]] = [("the page", page), ("the browser context", context)]
        if browser is not None:
            self._targets.append(("the browser", browser))
        for _, target in self._targets:
            require_rescue_hooks(target)
        self._lock = threading.Lock()
        self._armed: object | None = None
        self._rescue: Rescue | None = None

    @property
    def fired(self) -> bool:
        """True once the watchdog has closed (or begun to close) something."""
        with self._lock:
            return self._rescue is not None

    @property
    def rescue(self) -> Rescue | None:
        with self._lock:
            return self._rescue

    @contextmanager
    def watching(self, budget_ms: float, waiting_for: str = "the step") -> Iterator[None]:
        token = object()
        timers = [
            threading.Timer(
                (budget_ms + level * ESCALATION_MS) / 1000,
                self._fire,
                (token, level, budget_ms, waiting_for),
            )
            for level in range(len(self._targets))
        ]
        with self._lock:
            self._armed = token
        for timer in timers:
            timer.daemon = True
            timer.start()
        try:
            yield
        finally:
            with self._lock:
                self._armed = None
            for timer in timers:
                timer.cancel()

    def _fire(self, token: object, level: int, budget_ms: float, waiting_for: str) -> None:
        name, target = self._targets[level]
        with self._lock:
            if self._armed is not token:
                return
            self._rescue = Rescue(waiting_for, budget_ms, name)
        _close_on_playwright_loop(target)


def _close_on_playwright_loop(target: Any) -> None:
    loop, async_object = require_rescue_hooks(target)
    if loop.is_closed():
        return

    def close() -> None:
        options: dict[str, Any] = {"reason": CLOSE_REASON}
        if isinstance(target, Page):
            options["run_before_unload"] = False
        try:
            closing = async_object.close(**options)
        except TypeError:
            closing = async_object.close()
        loop.create_task(closing).add_done_callback(_forget)

    try:
        loop.call_soon_threadsafe(close)
    except RuntimeError:
        return


def _forget(task: asyncio.Task[Any]) -> None:
    """The target may already be gone; a failed close is no news worth an asyncio warning."""
    if not task.cancelled():
        task.exception()
