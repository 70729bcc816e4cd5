"""Turns Playwright's errors into one plain sentence about the step that failed."""

from __future__ import annotations

import re

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tagprobe.scenario.model import Step

NETWORK_ERRORS = {
    "ERR_CONNECTION_REFUSED": "the connection was refused: is the site running at that address?",
    "ERR_NAME_NOT_RESOLVED": "the host name could not be resolved (DNS): check the base URL",
    "ERR_TIMED_OUT": "the connection timed out",
    "ERR_TOO_MANY_REDIRECTS": "the page redirects in a loop",
    "ERR_PROXY_CONNECTION_FAILED": "the request tried to leave this machine and tagprobe's egress guard refused it",
    "ERR_TUNNEL_CONNECTION_FAILED": "the host is not local, so tagprobe's egress guard refused it "
    "(allow it with --allow-host)",
}


def explain(error: Exception, step: Step, timeout_ms: float) -> str:
    text = str(error).strip()
    first_line = text.splitlines()[0] if text else type(error).__name__
    selector = step.args.get("selector")
    if isinstance(error, PlaywrightTimeoutError):
        if selector:
            return (
                f"no element matching {selector!r} became ready within {timeout_ms:.0f} ms "
                "(check the selector, or that an earlier step showed it)"
            )
        return f"timed out after {timeout_ms:.0f} ms: {first_line}"
    if isinstance(error, PlaywrightError):
        for code, meaning in NETWORK_ERRORS.items():
            if code in text:
                return f"{meaning} ({code})"
        if "ffmpeg" in text and "doesn't exist" in text:
            return "recording video needs Playwright's ffmpeg: run `playwright install ffmpeg` (needs internet) or drop --video"
        if "Target page, context or browser has been closed" in text or "Target crashed" in text:
            return "the browser or the page crashed or was closed during this step"
        return re.sub(r"^\w+\.\w+: ", "", first_line)
    return f"{type(error).__name__}: {first_line}"
