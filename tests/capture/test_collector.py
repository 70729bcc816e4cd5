"""The loopback collector over real HTTP: bodies as the tag sends them, CORS, and waiting on arrivals."""

from __future__ import annotations

import gzip
import http.client
import json

import pytest

from tagprobe.capture.clock import CaptureClock
from tagprobe.capture.collector import UploadCollector
from tagprobe.capture.records import Transport


def payload(
    page_num: int, sequence: int, *, beacon: bool = False, end: bool = False, url: str = "http://x/a"
) -> str:
    envelope = ["0.8.70", sequence, 0, 10, "p", "u1", "s1", page_num, int(beacon), int(end), 0, url]
    return json.dumps({"e": envelope, "a": [], "p": []})


def post(
    collector: UploadCollector, body: bytes, headers: dict[str, str] | None = None, path: str = "/collect"
) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", collector.port, timeout=5)
    connection.request("POST", path, body=body, headers=headers or {})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.fixture
def collector() -> UploadCollector:
    with UploadCollector(CaptureClock()) as running:
        yield running


def test_gzip_xhr_bodies_are_unpacked_and_plain_beacons_kept(collector: UploadCollector) -> None:
    xhr = payload(1, 1)
    beacon = payload(1, 2, beacon=True, end=True)
    post(collector, gzip.compress(xhr.encode()), {"Accept": "application/x-clarity-gzip"})
    post(collector, beacon.encode(), {"Content-Type": "text/plain;charset=UTF-8"})

    first, second = collector.uploads()
    assert (first.payload, first.gzip, first.transport) == (xhr, True, Transport.XHR)
    assert (second.payload, second.gzip, second.transport) == (beacon, False, Transport.BEACON)
    assert second.envelope is not None
    assert second.envelope.end
    assert first.received_ms <= second.received_ms


def test_answers_204_with_credentialed_cors_for_the_page_origin(collector: UploadCollector) -> None:
    response = post(collector, payload(1, 1).encode(), {"Origin": "http://127.0.0.1:9999"})
    assert response.status == 204
    assert response.getheader("Access-Control-Allow-Origin") == "http://127.0.0.1:9999"
    assert response.getheader("Access-Control-Allow-Credentials") == "true"


def test_the_upload_url_is_https_on_a_clarity_host(collector: UploadCollector) -> None:
    """An http:// URL is stored in _clsk and rebuilt as https:// on the next page (facts sheet); a clarity.ms
    host is judged by the site's CSP as Clarity's own collector is."""
    assert collector.upload_url == "https://tagprobe.clarity.ms/collect"


def test_a_broken_gzip_body_is_kept_with_the_problem(collector: UploadCollector) -> None:
    post(collector, b"\x1f\x8b\x08broken")
    (upload,) = collector.uploads()
    assert upload.problem is not None
    assert "gzip" in upload.problem
    assert upload.envelope is None


def test_other_paths_are_refused_and_not_recorded(collector: UploadCollector) -> None:
    assert post(collector, b"{}", path="/elsewhere").status == 404
    assert collector.uploads() == ()


def test_arrivals_count_each_upload_once_answered(collector: UploadCollector) -> None:
    assert collector.arrivals() == 0
    post(collector, payload(1, 1).encode())
    assert collector.arrivals() == 1


def test_settled_waits_until_every_page_has_sent_its_last_upload(collector: UploadCollector) -> None:
    post(collector, payload(1, 1).encode())
    assert collector.wait_until_settled(timeout_s=0.2, quiet_ms=10) is False

    post(collector, payload(1, 2, beacon=True, end=True).encode())
    assert collector.wait_until_settled(timeout_s=2, quiet_ms=10) is True


def test_page_start_ignores_the_old_pages_last_beacon(collector: UploadCollector) -> None:
    """On an SPA navigation the old page's last beacon already carries the new URL."""
    post(collector, payload(1, 2, beacon=True, end=True, url="http://x/next").encode())
    assert collector.started_page_number("http://x/next#top", since_index=0) is None
    post(collector, payload(2, 1, url="http://x/next").encode())
    assert collector.started_page_number("http://x/next#top", since_index=0) == 2


def test_a_page_that_ended_before_its_first_upload_is_not_the_next_page_starting(
    collector: UploadCollector,
) -> None:
    """A page left before its first upload sends one beacon, sequence 1, already with the next URL."""
    post(collector, payload(1, 1, beacon=True, end=True, url="http://x/next").encode())
    assert collector.started_page_number("http://x/next", since_index=0) is None
