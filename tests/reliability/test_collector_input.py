"""What the collector does with requests no tag would send: wrong lengths, stalled or cut bodies, floods."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import pytest

from tagprobe.capture.clock import CaptureClock
from tagprobe.capture.collector import UploadCollector
from tagprobe.capture.limits import CaptureLimits


def payload(sequence: int, page_num: int = 1, end: bool = False) -> bytes:
    envelope = ["0.8.70", sequence, 0, 10, "p", "u1", "s1", page_num, int(end), int(end), 0, "http://x/a"]
    return json.dumps({"e": envelope, "a": [], "p": []}).encode()


def raw_request(collector: UploadCollector, head: bytes, body: bytes = b"", shut: bool = True) -> bytes:
    with socket.create_connection(("127.0.0.1", collector.port), timeout=5) as connection:
        connection.sendall(head + b"\r\n" + body)
        if shut:
            connection.shutdown(socket.SHUT_WR)
        return connection.recv(4096)


def head(length: str) -> bytes:
    return f"POST /collect HTTP/1.1\r\nHost: x\r\nContent-Length: {length}\r\n".encode()


@pytest.fixture
def collector() -> Iterator[UploadCollector]:
    with UploadCollector(CaptureClock()) as running:
        yield running


@pytest.mark.parametrize("length", ["abc", "-5", "1e3"])
def test_a_length_that_is_no_byte_count_is_refused_with_400(collector: UploadCollector, length: str) -> None:
    answer = raw_request(collector, head(length), b"{}")
    assert answer.startswith(b"HTTP/1.1 400")
    assert collector.uploads() == ()


def test_a_body_cut_short_is_kept_with_the_problem(collector: UploadCollector) -> None:
    body = payload(1)
    answer = raw_request(collector, head(str(len(body) + 100)), body)
    assert answer.startswith(b"HTTP/1.1 204")
    (upload,) = collector.uploads()
    assert upload.problem == f"truncated: {len(body)} of {len(body) + 100} announced bytes arrived"
    assert upload.payload == body.decode()


def test_a_broken_chunked_body_is_refused(collector: UploadCollector) -> None:
    answer = raw_request(
        collector,
        b"POST /collect HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n",
        b"zz\r\nxx\r\n0\r\n\r\n",
    )
    assert answer.startswith(b"HTTP/1.1 400")


def test_a_body_over_the_limit_is_refused_without_reading_it(collector: UploadCollector) -> None:
    answer = raw_request(collector, head(str(64 * 1024 * 1024)), b"x" * 10)
    assert answer.startswith(b"HTTP/1.1 413")


def test_past_its_limits_the_capture_keeps_a_prefix_and_says_what_it_left_out() -> None:
    limits = CaptureLimits(uploads=3, upload_bytes=10_000)
    with UploadCollector(CaptureClock(), limits=limits) as collector:
        for sequence in range(1, 7):
            raw_request(collector, head(str(len(payload(sequence)))), payload(sequence, end=sequence == 6))
        assert [upload.envelope.sequence for upload in collector.uploads() if upload.envelope] == [1, 2, 3]
        assert collector.arrivals() == 6
        assert collector.note() == (
            "3 later uploads (0.0 MiB) were answered but not kept: a capture keeps at most 3 uploads and 0 MiB of payload"
        )
        assert collector.wait_until_settled(timeout_s=2, quiet_ms=10), (
            "the left-out last beacon still ends the page"
        )


def test_a_collector_answering_4xx_counts_the_page_as_ended() -> None:
    with UploadCollector(CaptureClock(), answer_status=400) as collector:
        raw_request(collector, head(str(len(payload(1)))), payload(1))
        assert collector.wait_until_settled(timeout_s=2, quiet_ms=10)
