"""The overhead bench's (b): the journey of browsing.scenario.yaml checked without tagprobe, the way a careful
user would write it with pytest-playwright alone.

The tag is the one the site installs (the demo shop's own snippet; its loader and script URLs are answered with
the pinned build, as in bare_test.py) and uploads to Clarity's collector URL. The test routes that URL to answer 204,
keeps every body, waits with `expect_request` for the first upload of each page a step leads to,
gunzips the bodies and asserts the same facts as the tagprobe scenario: each route recorded as a page, in order,
and the card number on the checkout page (the canary) in no body. Run by bench/overhead.py with
`-p no:tagprobe`; TAGPROBE_BENCH_DEFECT starts the shop with a demo defect (tests/bench proves it can fail)."""

from __future__ import annotations

import gzip
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Request, Route

from bench.journey.bare_test import (  # noqa: F401  (fixtures shared with the bare test)
    TIMINGS_ENV,
    browser_context_args,
    browser_type_launch_args,
    nowhere_proxy,
    serve_pinned_tag,
)
from tagprobe.demo import DemoSite

DEFECT_ENV = "TAGPROBE_BENCH_DEFECT"
UPLOAD_URL = "https://k.clarity.ms/collect"
UPLOAD_URLS = re.compile(r"^https://[a-z0-9.-]+\.clarity\.ms/collect$")
GZIP_MAGIC = b"\x1f\x8b"
CANARIES = ("4111 1111 1111 1111", "4111111111111111")
PAGE_TIMEOUT_MS = 30_000
# Envelope: [version, sequence, start, duration, projectId, userId, sessionId, pageNum, upload, end, platform, url]
SEQUENCE, UPLOAD_KIND, URL = 1, 8, 11
XHR = 0
# (selector, the route it leads to or None when the URL stays)
STEPS: tuple[tuple[str, str | None], ...] = (
    ("#consent-accept", None),
    ("a[href='/product/1']", "/product/1"),
    ("#reviews-link", None),
    ("#add-to-cart", None),
    ("#nav-cart", "/cart"),
    ("#checkout-link", "/checkout"),
)
ROUTES = ["/", "/product/1", "/cart", "/checkout", "/cart"]


@pytest.fixture(scope="session")
def shop() -> Iterator[DemoSite]:
    with DemoSite(os.environ.get(DEFECT_ENV) or None) as site:
        yield site


def decode(body: bytes) -> dict[str, Any]:
    """An upload's JSON: XHR bodies are gzip, the last beacon of a page is plain text."""
    text = gzip.decompress(body) if body.startswith(GZIP_MAGIC) else body
    payload: dict[str, Any] = json.loads(text)
    return payload


def capture_uploads(page: Page, context: BrowserContext) -> list[dict[str, Any]]:
    """Keeps every upload's body and answers it as Clarity's collector does. Bodies are read from the page's
    request events, which reach this listener before any `expect_request` started later."""
    uploads: list[dict[str, Any]] = []

    def keep(request: Request) -> None:
        body = request.post_data_buffer
        if UPLOAD_URLS.match(request.url) and body:
            uploads.append(decode(body))

    def answer(route: Route) -> None:
        origin = route.request.headers.get("origin", "*")
        headers = {"Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true"}
        route.fulfill(status=204, headers=headers, body="")

    page.on("request", keep)
    context.route(UPLOAD_URLS, answer)
    return uploads


def first_upload_of(path: str) -> Callable[[Request], bool]:
    """The first XHR upload of a page whose URL is `path`: the tag has started recording that page."""

    def matches(request: Request) -> bool:
        body = request.post_data_buffer
        if not UPLOAD_URLS.match(request.url) or not body:
            return False
        envelope = decode(body)["e"]
        return bool(
            envelope[SEQUENCE] == 1 and envelope[UPLOAD_KIND] == XHR and urlsplit(envelope[URL]).path == path
        )

    return matches


def recorded_routes(uploads: list[dict[str, Any]]) -> list[str]:
    """The URL of each page the tag recorded, in order: each start of the tag sends an upload with sequence 1.
    Not keyed by pageNum: when the URL changes right after a page's first upload the tag can number the next
    page the same (seen here on `go_back`)."""
    starts = [
        upload["e"] for upload in uploads if upload["e"][SEQUENCE] == 1 and upload["e"][UPLOAD_KIND] == XHR
    ]
    return [urlsplit(envelope[URL]).path for envelope in starts]


def test_bench_journey_checked_by_hand(page: Page, context: BrowserContext) -> None:
    serve_pinned_tag(context, UPLOAD_URL)
    uploads = capture_uploads(page, context)
    first_step_start = time.time()
    with page.expect_request(first_upload_of("/"), timeout=PAGE_TIMEOUT_MS):
        page.goto("/")
    for selector, route in STEPS:
        if route is None:
            page.click(selector)
            continue
        with page.expect_request(first_upload_of(route), timeout=PAGE_TIMEOUT_MS):
            page.click(selector)
    with page.expect_request(first_upload_of("/cart"), timeout=PAGE_TIMEOUT_MS):
        page.go_back()
    last_step_end = time.time()
    assert recorded_routes(uploads) == ROUTES
    bodies = [json.dumps(upload) for upload in uploads]
    leaked = [canary for canary in CANARIES if any(canary in body for body in bodies)]
    assert not leaked, f"the canary {leaked[0]!r} reached an upload"
    verdict = time.time()
    path = os.environ.get(TIMINGS_ENV)
    if path:
        timings = {"first_step_start": first_step_start, "last_step_end": last_step_end, "verdict": verdict}
        Path(path).write_text(json.dumps(timings), encoding="utf-8")
