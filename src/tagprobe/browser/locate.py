"""Chooses the Chromium to run: an explicit path, Playwright's own build, or the system's Chromium."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Playwright, sync_playwright

from tagprobe.errors import SetupError

BROWSER_ENV = "TAGPROBE_BROWSER"
SYSTEM_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


@dataclass(frozen=True, slots=True)
class BrowserChoice:
    """Which executable to launch; `executable` None means Playwright's own build."""

    executable: Path | None
    source: str

    def describe(self) -> str:
        where = str(self.executable) if self.executable else "Playwright's bundled Chromium"
        return f"{where} ({self.source})"


def playwright_chromium(playwright: Playwright | None = None) -> Path | None:
    """Playwright's own Chromium, when `playwright install chromium` has been run."""
    if playwright is None:
        with sync_playwright() as started:
            path = Path(started.chromium.executable_path)
    else:
        path = Path(playwright.chromium.executable_path)
    return path if path.is_file() else None


def system_chromium() -> Path | None:
    for name in SYSTEM_CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def choose_browser(playwright: Playwright | None = None, explicit: str | None = None) -> BrowserChoice:
    """The browser to launch, preferring an explicit path, then Playwright's build, then the system's."""
    configured = explicit or os.environ.get(BROWSER_ENV)
    if configured:
        path = Path(configured)
        if not path.is_file():
            raise SetupError(
                f"The browser path {configured!r} does not exist.",
                hint=f"fix --browser-path / {BROWSER_ENV}, or unset it to use Playwright's or the system's Chromium.",
            )
        return BrowserChoice(path, "--browser-path" if explicit else BROWSER_ENV)
    if playwright_chromium(playwright) is not None:
        return BrowserChoice(None, "playwright install")
    system = system_chromium()
    if system is not None:
        return BrowserChoice(system, "system Chromium")
    raise SetupError(
        "No Chromium was found for tagprobe to run.",
        hint="run `playwright install chromium` (needs internet), or install Debian's `chromium` package "
        f"(`sudo apt-get install chromium`), or set {BROWSER_ENV} to a Chromium executable.",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Say which Chromium tagprobe will launch.")
    parser.add_argument("--quiet", action="store_true", help="print nothing; only the exit code")
    args = parser.parse_args(argv)
    try:
        choice = choose_browser()
    except SetupError as error:
        if not args.quiet:
            print(error, file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"tagprobe will use {choice.describe()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
