"""One function per scenario action, each driving the page through Playwright like a user would."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tagprobe.capture.collector import UploadCollector
from tagprobe.capture.egress import EgressGuard, target_host
from tagprobe.run.explain import (
    EGRESS_REFUSAL_CODES,
    GOTO_TIMEOUT_FACTOR,
    covered,
    loading_timed_out,
    refused_by_egress_guard,
    step_timeout_ms,
)
from tagprobe.run.hiding import black_out, find_hidden
from tagprobe.run.pumping import wait_pumping
from tagprobe.scenario.model import Step


class StepFailed(Exception):
    """A step did not do what it says, for a reason tagprobe words itself."""


@dataclass(frozen=True, slots=True)
class ActionContext:
    page: Page
    base_url: str
    collector: UploadCollector
    egress: EgressGuard
    screenshot_dir: Path
    timeout_ms: float
    hidden_values: tuple[str, ...] = ()
    """Blacked out in every picture (see `run/hiding.py`)."""
    dead_click_window_ms: float = 500
    """The detector's dead-click window: a `dead_click` step waits it out, so the click can be judged."""


PAGE_NOW = "performance.now()"
WINDOW_MARGIN_MS = 50
"""A click is stamped when its event runs, a little after Playwright's click returns on a loaded machine."""
WINDOW_POLL_MS = 20
CLICKING_ACTIONS = frozenset({"click", "dblclick", "check", "uncheck", "press", "rage_click"})
"""Steps whose last click a scenario ending right after it would leave not judged."""

Action = Callable[[ActionContext, Mapping[str, Any]], Path | None]


def pace_input(page: Page, milliseconds: float) -> None:
    """The rhythm of synthetic user input (the gap inside a rage-click burst); never a wait for the tag.
    Waits inside Playwright, so a click that navigated still gets the tag served to the new document."""
    page.wait_for_timeout(milliseconds)


def _timeout(ctx: ActionContext, args: Mapping[str, Any]) -> float:
    return step_timeout_ms(args, ctx.timeout_ms)


def worst_case_ms(step: Step, timeout_ms: float) -> float:
    """The longest a step may rightly take: past about this, the page has stopped answering."""
    timeout = step_timeout_ms(step.args, timeout_ms)
    if step.action == "goto":
        return timeout_ms * GOTO_TIMEOUT_FACTOR
    if step.action == "type":
        return timeout + len(str(step.args.get("text", ""))) * float(step.args.get("delay_ms", 20))
    if step.action == "rage_click":
        clicks = int(step.args.get("clicks", 4))
        return 2 * timeout + clicks * float(step.args.get("interval_ms", 120))
    if step.action == "wait_for":
        return 3 * timeout
    return timeout


def goto(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    url = urljoin(ctx.base_url, str(args["url"]))
    timeout = ctx.timeout_ms * GOTO_TIMEOUT_FACTOR
    url_before = ctx.page.url
    refused_before = len(ctx.egress.attempts())
    try:
        ctx.page.goto(url, timeout=timeout)
    except PlaywrightTimeoutError:
        raise StepFailed(loading_timed_out(url, timeout, arrived=ctx.page.url != url_before)) from None
    except PlaywrightError as error:
        refused = [target_host(attempt.target) for attempt in ctx.egress.attempts()[refused_before:]]
        if refused and any(code in str(error) for code in EGRESS_REFUSAL_CODES):
            host = (urlsplit(url).hostname or "").lower()
            raise StepFailed(refused_by_egress_guard(host if host in refused else refused[-1])) from None
        raise


def click(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    ctx.page.click(
        args["selector"],
        button=args.get("button", "left"),
        modifiers=args.get("modifiers"),
        timeout=_timeout(ctx, args),
    )


def dblclick(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    ctx.page.dblclick(
        args["selector"],
        button=args.get("button", "left"),
        modifiers=args.get("modifiers"),
        timeout=_timeout(ctx, args),
    )


def hover(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    ctx.page.hover(args["selector"], timeout=_timeout(ctx, args))


def check(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    ctx.page.check(args["selector"], timeout=_timeout(ctx, args))


def uncheck(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    ctx.page.uncheck(args["selector"], timeout=_timeout(ctx, args))


def fill(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    ctx.page.fill(args["selector"], str(args["value"]), timeout=ctx.timeout_ms)


def type_text(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    locator = ctx.page.locator(args["selector"])
    locator.press_sequentially(str(args["text"]), delay=args.get("delay_ms", 20), timeout=ctx.timeout_ms)


def press(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    if "selector" in args:
        ctx.page.press(args["selector"], args["key"], timeout=ctx.timeout_ms)
    else:
        ctx.page.keyboard.press(args["key"])


def select(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    if "label" in args:
        ctx.page.select_option(args["selector"], label=args["label"], timeout=ctx.timeout_ms)
    else:
        ctx.page.select_option(args["selector"], value=args.get("value"), timeout=ctx.timeout_ms)


def scroll(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    if "selector" in args:
        ctx.page.locator(args["selector"]).scroll_into_view_if_needed(timeout=ctx.timeout_ms)
    elif args.get("to") == "bottom":
        ctx.page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
    elif args.get("to") == "top":
        ctx.page.evaluate("window.scrollTo(0, 0)")
    else:
        ctx.page.evaluate("y => window.scrollTo(0, y)", int(args["y"]))


def wait_for(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    timeout = _timeout(ctx, args)
    if "selector" in args:
        ctx.page.wait_for_selector(args["selector"], timeout=timeout)
    if "url" in args:
        url = str(args["url"])
        ctx.page.wait_for_url(url if "*" in url else urljoin(ctx.base_url, url), timeout=timeout)
    if "uploads" in args:
        wanted = int(args["uploads"])
        collector = ctx.collector
        if not wait_pumping(ctx.page.context, lambda: collector.arrivals() >= wanted, timeout / 1000):
            got = collector.arrivals()
            raise StepFailed(f"expected at least {wanted} uploads within {timeout:.0f} ms, got {got}")


def navigate(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    if "push" in args:
        ctx.page.evaluate("path => history.pushState({}, '', path)", str(args["push"]))
    elif "replace" in args:
        ctx.page.evaluate("path => history.replaceState({}, '', path)", str(args["replace"]))
    elif args.get("history") == "back":
        ctx.page.go_back(timeout=ctx.timeout_ms)
    else:
        ctx.page.go_forward(timeout=ctx.timeout_ms)


def clarity(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    called = ctx.page.evaluate(
        "call => { if (typeof window.clarity !== 'function') return false; window.clarity(...call); return true; }",
        list(args["call"]),
    )
    if not called:
        raise StepFailed(
            "window.clarity is not defined on this page: the tag is not installed (see the health check)"
        )


def evaluate(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    ctx.page.evaluate(str(args["script"]))


HIT_ELEMENT = """(target, [x, y]) => {
    if (target.ownerDocument !== document) return null;
    let hit = document.elementFromPoint(x, y);
    while (hit && hit.shadowRoot) {
        const inner = hit.shadowRoot.elementFromPoint(x, y);
        if (!inner || inner === hit) break;
        hit = inner;
    }
    const inside = node => {
        for (let at = node; at; at = at.parentNode || at.host) if (at === target) return true;
        return false;
    };
    if (!hit || inside(hit)) return null;
    const classes = [...hit.classList].join(" ");
    return "<" + hit.localName + (hit.id ? ` id="${hit.id}"` : "") + (classes ? ` class="${classes}"` : "") + ">";
}"""
"""The element a click at (x, y) would reach, described, when it is neither the target nor inside it."""


def _aim(ctx: ActionContext, selector: str) -> tuple[float, float]:
    """The middle of the first element `selector` matches, once a click there would land on it."""
    locator = ctx.page.locator(selector).first
    locator.scroll_into_view_if_needed(timeout=ctx.timeout_ms)
    box = locator.bounding_box(timeout=ctx.timeout_ms)
    if box is None:
        raise StepFailed(f"{selector!r} is not visible, so it cannot be clicked")
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    covering = locator.evaluate(HIT_ELEMENT, [x, y], timeout=ctx.timeout_ms)
    if covering:
        raise StepFailed(covered(str(covering), selector))
    return x, y


def rage_click(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Trusted clicks at one spot, `interval_ms` apart: what a frustrated visitor does."""
    x, y = _aim(ctx, str(args["selector"]))
    for index in range(int(args.get("clicks", 4))):
        if index:
            pace_input(ctx.page, float(args.get("interval_ms", 120)))
        ctx.page.mouse.click(x, y)


def dead_click(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Clicks, then lets the page's own clock pass the detector's window (plus a frame), waiting inside
    Playwright: a click is judged only on a full window, so the next step must not come sooner."""
    _aim(ctx, str(args["selector"]))
    ctx.page.click(args["selector"], timeout=ctx.timeout_ms)
    let_window_pass(ctx.page, ctx.dead_click_window_ms, ctx.timeout_ms)


def let_window_pass(page: Page, window_ms: float, timeout_ms: float) -> None:
    """Waits, inside Playwright, until the page's own clock is `window_ms` past now."""
    try:
        clicked_by = float(page.evaluate(PAGE_NOW))
        page.wait_for_function(
            "until => performance.now() >= until",
            arg=clicked_by + window_ms + WINDOW_MARGIN_MS,
            polling=WINDOW_POLL_MS,
            timeout=window_ms + timeout_ms,
        )
    except PlaywrightTimeoutError:
        raise
    except PlaywrightError:
        return  # the click took the page elsewhere: not dead, and nothing left to wait for here


def screenshot(ctx: ActionContext, args: Mapping[str, Any]) -> Path:
    ctx.screenshot_dir.mkdir(parents=True, exist_ok=True)
    path = ctx.screenshot_dir / f"{args['name']}.png"
    full_page = bool(args.get("full_page", False))
    ctx.page.screenshot(path=path, full_page=full_page, timeout=ctx.timeout_ms, caret="initial")
    black_out(path, find_hidden(ctx.page, ctx.hidden_values), from_page_top=full_page)
    return path


ACTIONS: Mapping[str, Action] = {
    "goto": goto,
    "click": click,
    "dblclick": dblclick,
    "hover": hover,
    "check": check,
    "uncheck": uncheck,
    "fill": fill,
    "type": type_text,
    "press": press,
    "select": select,
    "scroll": scroll,
    "wait_for": wait_for,
    "navigate": navigate,
    "clarity": clarity,
    "evaluate": evaluate,
    "rage_click": rage_click,
    "dead_click": dead_click,
    "screenshot": screenshot,
}
