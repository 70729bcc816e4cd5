"""Plain sentences for what went wrong in a run: the cause, then what to do about it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tagprobe.scenario.model import Step

NETWORK_ERRORS = {
    "ERR_CONNECTION_REFUSED": "nothing answers at that address: the connection was refused. "
    "Start the site, or point --base-url at where it runs",
    "ERR_NAME_NOT_RESOLVED": "the host name could not be resolved (DNS): check the spelling of the URL "
    "and that this machine can resolve it",
    "ERR_CONNECTION_TIMED_OUT": "the connection timed out: check that the site is up and reachable from here",
    "ERR_TIMED_OUT": "the connection timed out: check that the site is up and reachable from here",
    "ERR_TOO_MANY_REDIRECTS": "the page redirects in a loop: fix the redirect on the site (often a cookie "
    "or http/https mismatch), or start the scenario at a URL that does not redirect",
    "ERR_EMPTY_RESPONSE": "the server closed the connection without answering: check the server's logs",
    "ERR_CONNECTION_RESET": "the server dropped the connection: check the server's logs",
    "ERR_CONNECTION_CLOSED": "the server dropped the connection: check the server's logs",
    "ERR_TUNNEL_CONNECTION_FAILED": "the host is not local, so tagprobe's egress guard refused it: "
    "if it is the site under test, allow it with --allow-host HOST",
    "ERR_HTTP_RESPONSE_CODE_FAILURE": "the request went to a host that is not local and tagprobe's egress "
    "guard refused it: if it is the site under test, allow it with --allow-host HOST",
    "ERR_PROXY_CONNECTION_FAILED": "the browser could not reach tagprobe's egress guard, so it sent nothing: "
    "this is a tagprobe bug, please report it",
    "ERR_ABORTED": "the navigation was aborted: the page crashed, or another navigation replaced it",
}
EGRESS_REFUSAL_CODES = ("ERR_TUNNEL_CONNECTION_FAILED", "ERR_HTTP_RESPONSE_CODE_FAILURE")
"""How a navigation the egress guard refused fails: https through CONNECT, plain http with its 403."""
CRASHED = ("Target crashed", "Navigation failed because page crashed")
CLOSED = ("Target page, context or browser has been closed", "Browser has been closed", "Connection closed")
NAVIGATED_AWAY = ("Execution context was destroyed", "Frame was detached", "frame was detached")
PAGE_CRASHED_DURING_STEP = "the page crashed during this step (Chromium's renderer died)"
GOTO_TIMEOUT_FACTOR = 3
"""A page load may take three step timeouts: a first page load is slower than a click."""


def step_timeout_ms(args: Mapping[str, Any], default_ms: float) -> float:
    return float(args.get("timeout_ms", default_ms))


def explain(error: Exception, step: Step, timeout_ms: float) -> str:
    """Why `step` failed, from the error Playwright raised while playing it."""
    text = str(error).strip()
    first_line = text.splitlines()[0] if text else type(error).__name__
    selector = step.args.get("selector")
    timeout = step_timeout_ms(step.args, timeout_ms)
    if isinstance(error, PlaywrightTimeoutError):
        if step.action == "goto":
            return loading_timed_out(str(step.args.get("url", "")), timeout_ms * GOTO_TIMEOUT_FACTOR, False)
        covering = covering_element(text)
        if selector and covering:
            return covered(covering, str(selector))
        if selector:
            return (
                f"no element matching {selector!r} became ready within {timeout:.0f} ms "
                "(check the selector, or that an earlier step showed it; --step-timeout gives steps more time)"
            )
        return f"the step timed out after {timeout:.0f} ms: {_without_api_name(first_line)} (--step-timeout gives steps more time)"
    if isinstance(error, PlaywrightError):
        return explain_browser_error(text, first_line)
    return f"{type(error).__name__}: {first_line}"


def explain_browser_error(text: str, first_line: str) -> str:
    if any(marker in text for marker in CRASHED):
        return PAGE_CRASHED_DURING_STEP
    if any(marker in text for marker in CLOSED):
        return "the page or the browser closed during this step"
    for code, meaning in NETWORK_ERRORS.items():
        if code in text:
            return f"{meaning} ({code})"
    if "ffmpeg" in text and "doesn't exist" in text:
        return "recording video needs Playwright's ffmpeg: run `playwright install ffmpeg` (needs internet) or drop --video"
    if any(marker in first_line for marker in NAVIGATED_AWAY):
        return (
            "the page navigated away while this step ran (a redirect, or a script changing location): "
            "add a wait_for step for the new page before acting on it"
        )
    return _without_api_name(first_line)


INTERCEPTED = re.compile(
    r"(<[a-zA-Z][^<>]*>)(?:[^\n]*?</[\w-]+>)?"
    r"(?: from (<[a-zA-Z][^<>]*>)(?:[^\n]*?</[\w-]+>)? subtree)? intercepts pointer events"
)
"""Playwright's call log when the point it would click belongs to another element."""


def covering_element(text: str) -> str | None:
    """The element that took the pointer instead of the target, from a Playwright call log."""
    found = INTERCEPTED.findall(text)
    if not found:
        return None
    element, subtree = found[-1]
    return f"{element} (inside {subtree})" if subtree else element


def covered(covering: str, selector: str) -> str:
    return (
        f"{covering} covers {selector}: a click there would land on it, not on the target. Close or move "
        "what covers it first (a step that dismisses it, or a wait_for until it is gone), or act on the "
        "covering element if that is what a visitor would do"
    )


def loading_timed_out(url: str, timeout_ms: float, arrived: bool) -> str:
    if arrived:
        return (
            f"{url} did not finish loading within {timeout_ms:.0f} ms: the page arrived but its load event never "
            "fired (a script, image or font that never finishes). Fix the slow resource, or give pages more "
            "time with --step-timeout (a page load may take 3 step timeouts)"
        )
    return (
        f"{url} did not answer within {timeout_ms:.0f} ms: the server accepted the connection but sent no "
        "response. Check that the server is not stuck, or give pages more time with --step-timeout "
        "(a page load may take 3 step timeouts)"
    )


def refused_by_egress_guard(host: str) -> str:
    return (
        f"{host} is not a local host, so tagprobe's egress guard refused the request: nothing leaves this "
        f"machine unless you allow it. If {host} is the site under test, run with --allow-host {host} "
        "(Clarity's own hosts stay blocked)"
    )


def step_stalled(budget_ms: float) -> str:
    return (
        f"the step did not finish within {budget_ms:.0f} ms and the page stopped answering (a script that "
        "never ends, or a promise that never settles), so tagprobe closed the page to go on; "
        "what was captured before is kept"
    )


def call_stalled(waiting_for: str, budget_ms: float, closed: str) -> str:
    return (
        f"{waiting_for} did not finish within {budget_ms / 1000:.0f} s (the page never let go: it kept "
        f"navigating, or a script never yielded), so tagprobe closed {closed} to go on; what was captured "
        "before is kept, and the page's last beacon may be missing"
    )


def page_crashed(step_label: str, uploads: int) -> str:
    return (
        f"the page crashed during {step_label}: Chromium's renderer process died, often from running out of "
        f"memory on a very large or ever-growing page. The {uploads} upload(s) received before the crash are "
        "kept. Run the scenario alone to see whether it repeats; if it does, give the machine more memory "
        "or make the page smaller"
    )


def browser_lost(step_label: str, uploads: int) -> str:
    return (
        f"the browser closed or crashed during {step_label}, so tagprobe could not finish this scenario. "
        f"The {uploads} upload(s) received before are kept. If it repeats, check the machine's free memory "
        "and the Chromium in use (--browser-path)"
    )


def browser_not_running(detail: str) -> str:
    return (
        "the browser is not running (it crashed or was closed earlier in this run), so this scenario could "
        f"not start: {detail}. Run again; if it repeats, check free memory and the Chromium in use "
        "(--browser-path)"
    )


def _without_api_name(line: str) -> str:
    return re.sub(r"^\w+\.\w+: ", "", line)
