"""Launch options that work both on a developer laptop and on a root-run CI box without internet."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from playwright.sync_api import Browser, Playwright

from tagprobe.browser.locate import BrowserChoice

QUIET_CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
HIDE_AUTOMATION = "AutomationControlled"
"""The Blink feature behind `navigator.webdriver`. Off by default: consent managers (`hideFromBots`) and bot
checks hide from a browser that says it is automated, so the site would not show people's page."""
BLINK_FEATURES_OFF = "--disable-blink-features="


@dataclass(frozen=True, slots=True)
class BrowserSettings:
    """How to get a browser: launch `choice` locally, or connect to a Playwright server at `connect_url`."""

    choice: BrowserChoice | None = None
    headless: bool = True
    slow_mo_ms: float = 0
    channel: str | None = None
    connect_url: str | None = None
    extra_args: tuple[str, ...] = field(default_factory=tuple)
    """Launch arguments added by tagprobe itself or by the user (--browser-arg, pyproject.toml)."""
    automation_flag: bool = False
    """True: leave `navigator.webdriver` true, as Playwright sets it; False: a person's browser."""
    user_options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    """pytest-playwright's `browser_type_launch_args` (a project may override the fixture): honoured, except a
    `proxy`, since the browser's proxy is tagprobe's egress guard."""

    def launch_options(self) -> dict[str, Any]:
        """The one place the launch options are assembled: tagprobe's, then the user's on top."""
        options: dict[str, Any] = {"headless": self.headless}
        if self.slow_mo_ms:
            options["slow_mo"] = self.slow_mo_ms
        if self.channel:
            options["channel"] = self.channel
        elif self.choice is not None and self.choice.executable is not None:
            options["executable_path"] = str(self.choice.executable)
        user = {key: value for key, value in self.user_options.items() if key not in ("args", "proxy")}
        if "executable_path" in user:
            options.pop("channel", None)
        options.update(user)
        user_args = [arg for arg in self.user_options.get("args") or () if not _is_proxy_arg(arg)]
        options["args"] = launch_args((*user_args, *self.extra_args), self.automation_flag)
        return options


def _is_proxy_arg(arg: str) -> bool:
    return str(arg).startswith(("--proxy-server", "--proxy-pac-url", "--no-proxy-server"))


def open_browser(playwright: Playwright, settings: BrowserSettings) -> Browser:
    if settings.connect_url:
        return playwright.chromium.connect(settings.connect_url)
    return playwright.chromium.launch(**settings.launch_options())


def launch_args(extra: tuple[str, ...], automation_flag: bool) -> list[str]:
    """tagprobe's arguments, then the extra ones; the Blink features turned off are merged into one
    argument, since Chromium reads only the last `--disable-blink-features`."""
    blink_off = [] if automation_flag else [HIDE_AUTOMATION]
    others: list[str] = []
    for arg in extra:
        if arg.startswith(BLINK_FEATURES_OFF):
            blink_off.extend(name for name in arg.removeprefix(BLINK_FEATURES_OFF).split(",") if name)
        else:
            others.append(arg)
    merged = [f"{BLINK_FEATURES_OFF}{','.join(dict.fromkeys(blink_off))}"] if blink_off else []
    return [*QUIET_CHROMIUM_ARGS, *merged, *others]
