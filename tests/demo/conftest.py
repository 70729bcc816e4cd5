from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Route

from tagprobe.demo import DemoSite

from .shop_session import RECORD_CLARITY_CALLS, ShopSession

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_executable() -> str | None:
    configured = os.environ.get("TAGPROBE_CHROMIUM")
    if configured:
        return configured
    return str(DEBIAN_CHROMIUM) if DEBIAN_CHROMIUM.exists() else None


def _abort(route: Route) -> None:
    route.abort()


def _is_off_site(url: str) -> bool:
    return urlsplit(url).hostname != "127.0.0.1"


@pytest.fixture(scope="package")
def chromium(real_browser: Browser) -> Browser:
    """The session's one Chromium: two sync Playwright instances cannot run in one thread."""
    return real_browser


@pytest.fixture(scope="package")
def demo_site() -> Iterator[Callable[..., DemoSite]]:
    """Start each (defect, site_tag) variant once and keep it for the whole package."""
    running: dict[tuple[str | None, bool], DemoSite] = {}

    def site_for(defect: str | None = None, *, site_tag: bool = True) -> DemoSite:
        key = (defect, site_tag)
        if key not in running:
            running[key] = DemoSite(defect, site_tag=site_tag)
            running[key].start()
        return running[key]

    yield site_for
    for site in running.values():
        site.stop()


@pytest.fixture
def clean_site(demo_site: Callable[..., DemoSite]) -> DemoSite:
    return demo_site()


@pytest.fixture
def new_shop_session(chromium: Browser) -> Iterator[Callable[..., ShopSession]]:
    contexts: list[BrowserContext] = []

    def open_session(*, record_clarity: bool = True) -> ShopSession:
        context = chromium.new_context()
        contexts.append(context)
        context.route(_is_off_site, _abort)
        if record_clarity:
            context.add_init_script(RECORD_CLARITY_CALLS)
        return ShopSession(context)

    yield open_session
    for context in contexts:
        context.close()


@pytest.fixture
def shop(new_shop_session: Callable[..., ShopSession]) -> ShopSession:
    return new_shop_session()
