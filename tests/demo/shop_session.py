"""Drives the demo shop in a browser context and reports what the app did."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Error, Page

from tagprobe.demo import DemoSite

RECORD_CLARITY_CALLS = """
window.__clarityCalls = [];
window.clarity = function () { window.__clarityCalls.push(Array.from(arguments)); };
"""

WATCH_PUSH_STATE = """() => {
  window.__pushStateUrls = [];
  const original = history.pushState;
  history.pushState = function (state, title, url) {
    window.__pushStateUrls.push(String(url));
    return original.apply(this, arguments);
  };
}"""

WATCH_MUTATIONS = """() => {
  window.__mutationCount = 0;
  const observer = new MutationObserver((records) => { window.__mutationCount += records.length; });
  observer.observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, characterData: true,
  });
}"""


class ShopSession:
    """One fresh browser context on the demo shop, with helpers to observe what the app did."""

    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        self.page = context.new_page()
        self.page_errors: list[Error] = []
        self.page.on("pageerror", self._remember_page_error)

    def _remember_page_error(self, error: Error) -> None:
        self.page_errors.append(error)

    def open(self, site: DemoSite, path: str = "/") -> Page:
        self.page.goto(site.url + path, wait_until="domcontentloaded")
        self.page.wait_for_selector("#view[data-route]", state="attached")
        return self.page

    def wait_for_route(self, route: str) -> None:
        self.page.wait_for_selector(f'#view[data-route="{route}"]', state="attached")

    def clarity_calls(self, command: str | None = None) -> list[list[Any]]:
        calls: list[list[Any]] = self.page.evaluate("window.__clarityCalls ?? []")
        return [call for call in calls if command is None or call[0] == command]

    def watch_push_state(self) -> None:
        self.page.evaluate(WATCH_PUSH_STATE)

    def push_state_urls(self) -> list[str]:
        urls: list[str] = self.page.evaluate("window.__pushStateUrls")
        return urls

    def watch_mutations(self) -> None:
        self.page.evaluate(WATCH_MUTATIONS)

    def mutation_count(self) -> int:
        count: int = self.page.evaluate("window.__mutationCount")
        return count

    def sign_in(self, site: DemoSite, username: str) -> Page:
        page = self.open(site, "/login")
        page.fill("#username", username)
        page.fill("#login-password", "correct horse battery staple")
        page.click("#login-submit")
        self.wait_for_route("home")
        return page

    @property
    def path(self) -> str:
        return urlsplit(self.page.url).path
