"""Leaving a page aborts the tag's uploads still in flight, so the run leaves only once they are answered:
`UploadsInFlight` sees the browser send an upload and sees its answer or its failure."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Route

from tagprobe.run.leaving import UploadsInFlight
from tagprobe.run.pumping import wait_pumping

pytestmark = pytest.mark.e2e

UPLOAD_URL = "https://tagprobe.clarity.ms/collect"
PAGE_URL = "https://shop.test/"
SEND = f"""(body) => {{ const xhr = new XMLHttpRequest(); xhr.open("POST", {UPLOAD_URL!r}, true); xhr.send(body); }}"""


def test_an_upload_is_in_flight_until_answered_or_failed(real_browser: Browser) -> None:
    context = real_browser.new_context()
    held: list[Route] = []
    other: list[Route] = []
    try:
        uploads = UploadsInFlight(context, UPLOAD_URL)
        context.route(
            PAGE_URL, lambda route: route.fulfill(status=200, content_type="text/html", body="<p>hi")
        )
        context.route(UPLOAD_URL, lambda route: held.append(route))
        context.route(PAGE_URL + "other", lambda route: other.append(route))
        page = context.new_page()
        page.goto(PAGE_URL)
        page.evaluate("() => { fetch('/other', {method: 'POST'}).catch(() => {}); }")
        assert wait_pumping(context, lambda: len(other) == 1, 5)
        assert uploads.none(), "only the tag's uploads count"
        other[0].fulfill(status=204)

        page.evaluate(SEND, "first")
        assert wait_pumping(context, lambda: len(held) == 1, 5)
        assert not uploads.none(), "sent, not yet answered"
        held[0].fulfill(status=204)
        assert wait_pumping(context, uploads.none, 5)

        page.evaluate(SEND, "second")
        assert wait_pumping(context, lambda: len(held) == 2, 5)
        assert not uploads.none()
        held[1].abort()
        assert wait_pumping(context, uploads.none, 5), "a failed upload is not waited for"
    finally:
        context.close()
