"""Device names come from the installed Playwright without starting Node.js or a browser."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Playwright

from tagprobe.scenario import devices


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    devices.playwright_device_names.cache_clear()
    yield
    devices.playwright_device_names.cache_clear()


def test_the_names_are_read_from_the_installed_playwright() -> None:
    names = devices.playwright_device_names()
    assert names is not None
    assert {"iPhone 13", "Pixel 7", "Desktop Chrome"} <= names


def test_the_names_match_what_playwright_itself_offers(playwright: Playwright) -> None:
    """Starts Playwright's driver (not a browser): the declarations must list exactly its devices."""
    assert devices.playwright_device_names() == frozenset(playwright.devices)


@pytest.mark.usefixtures("fresh_cache")
def test_when_the_declarations_are_missing_names_are_not_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(devices, "DECLARATIONS", "driver/package/types/moved.d.ts")
    assert devices.playwright_device_names() is None


@pytest.mark.usefixtures("fresh_cache")
def test_when_the_declarations_change_shape_names_are_not_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(devices, "DEVICES_BLOCK", re.compile("^type NoSuchThing = {$"))
    assert devices.playwright_device_names() is None
