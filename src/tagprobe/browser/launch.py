"""Launch options that work both on a developer laptop and on a root-run CI box without internet."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Browser, Playwright

from tagprobe.browser.locate import BrowserChoice

QUIET_CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


@dataclass(frozen=True, slots=True)
class BrowserSettings:
    """How to get a browser: launch `choice` locally, or connect to a Playwright server at `connect_url`."""

    choice: BrowserChoice | None = None
    headless: bool = True
    slow_mo_ms: float = 0
    channel: str | None = None
    connect_url: str | None = None
    extra_args: tuple[str, ...] = field(default_factory=tuple)

    def launch_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {
            "headless": self.headless,
            "args": [*QUIET_CHROMIUM_ARGS, *self.extra_args],
        }
        if self.slow_mo_ms:
            options["slow_mo"] = self.slow_mo_ms
        if self.channel:
            options["channel"] = self.channel
        elif self.choice is not None and self.choice.executable is not None:
            options["executable_path"] = str(self.choice.executable)
        return options


def open_browser(playwright: Playwright, settings: BrowserSettings) -> Browser:
    if settings.connect_url:
        return playwright.chromium.connect(settings.connect_url)
    return playwright.chromium.launch(**settings.launch_options())
