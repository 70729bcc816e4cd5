"""The overhead bench's baseline (a): the journey of browsing.scenario.yaml as a bare pytest-playwright test.

The demo shop serves its own Clarity snippet. Plain routes answer Clarity's loader and script URLs with the
pinned build, so the same tag runs on the page and uploads, to a loopback sink that answers 204 and keeps
nothing: no capture, no decoding, no checks. A proxy that accepts no connection keeps every other request on
this machine. Run by bench/overhead.py with `-p no:tagprobe`."""

from __future__ import annotations

import json
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Playwright, Route, expect

from tagprobe.assets import pinned_builds
from tagprobe.browser.launch import BrowserSettings
from tagprobe.browser.locate import choose_browser
from tagprobe.demo import DemoSite

TIMINGS_ENV = "TAGPROBE_BENCH_TIMINGS"
LOADER_URLS = "https://www.clarity.ms/tag/**"
SCRIPT_URLS = "https://scripts.clarity.ms/**"
SCRIPT_URL = "https://scripts.clarity.ms/0.8.70/clarity.js"
JAVASCRIPT = "application/javascript; charset=utf-8"
SERVER_POLL_S = 0.05
CLICKS = (
    "#consent-accept",
    "a[href='/product/1']",
    "#reviews-link",
    "#add-to-cart",
    "#nav-cart",
    "#checkout-link",
)


class SinkHandler(BaseHTTPRequestHandler):
    """Answers the tag's uploads as Clarity's collector does and keeps nothing."""

    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin") or "*")
        self.send_header("Access-Control-Allow-Credentials", "true")
        self.send_header(
            "Access-Control-Allow-Headers", self.headers.get("Access-Control-Request-Headers", "")
        )
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_OPTIONS = _answer

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], playwright: Playwright
) -> dict[str, Any]:
    return {**browser_type_launch_args, **BrowserSettings(choose_browser(playwright)).launch_options()}


@pytest.fixture(scope="session")
def shop() -> Iterator[DemoSite]:
    with DemoSite() as site:
        yield site


@pytest.fixture(scope="session")
def upload_sink() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), SinkHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, args=(SERVER_POLL_S,), daemon=True).start()
    yield f"//127.0.0.1:{server.server_address[1]}/collect"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def nowhere_proxy() -> Iterator[str]:
    """A bound port that never listens: every proxied connection is refused."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{closed.getsockname()[1]}"


@pytest.fixture
def browser_context_args(
    browser_context_args: dict[str, Any], shop: DemoSite, nowhere_proxy: str
) -> dict[str, Any]:
    proxy = {"server": nowhere_proxy, "bypass": "127.0.0.1,localhost"}
    return {**browser_context_args, "base_url": shop.url, "proxy": proxy, "service_workers": "block"}


def serve_pinned_tag(context: BrowserContext, upload_url: str) -> None:
    tag = pinned_builds().tag_script.read_text(encoding="utf-8")

    def loader(route: Route) -> None:
        project_id = route.request.url.rstrip("/").rsplit("/", 1)[-1]
        options = json.dumps({"projectId": project_id, "upload": upload_url})
        body = (
            f"(() => {{ const c = window.clarity; (c.q = c.q || []).unshift(['start', {options}]);"
            f" const t = document.createElement('script'); t.async = true; t.src = {json.dumps(SCRIPT_URL)};"
            " document.head.appendChild(t); })();"
        )
        route.fulfill(status=200, content_type=JAVASCRIPT, body=body)

    context.route(LOADER_URLS, loader)
    context.route(SCRIPT_URLS, lambda route: route.fulfill(status=200, content_type=JAVASCRIPT, body=tag))


def test_bench_journey(page: Page, context: BrowserContext, upload_sink: str) -> None:
    serve_pinned_tag(context, upload_sink)
    first_step_start = time.time()
    page.goto("/")
    for selector in CLICKS:
        page.click(selector)
    page.go_back()
    last_step_end = time.time()
    expect(page).to_have_url(re.compile(r"/cart$"))
    verdict = time.time()
    path = os.environ.get(TIMINGS_ENV)
    if path:
        timings = {"first_step_start": first_step_start, "last_step_end": last_step_end, "verdict": verdict}
        Path(path).write_text(json.dumps(timings), encoding="utf-8")
