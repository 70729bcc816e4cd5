"""The loopback collector the tag uploads to: keeps every upload and lets the run wait on arrivals.

A real server, not a Playwright route: routes never see the beacon fired on pagehide."""

from __future__ import annotations

import gzip
import socket
import threading
import time
import zlib

from tagprobe.capture.clock import CaptureClock
from tagprobe.capture.http_body import read_body
from tagprobe.capture.limits import MIB, CaptureLimits
from tagprobe.capture.loopback import LoopbackServer, QuietHandler
from tagprobe.capture.records import EnvelopePeek, Upload
from tagprobe.urls import without_hash

COLLECT_PATH = "/collect"
UPLOAD_HOST = "tagprobe.clarity.ms"
"""Where the tag is told to upload. A clarity.ms name, so the site's CSP judges it as it judges Clarity's own
collector; the browser's proxy (the egress guard) answers it on this machine, and nothing resolves it."""
MAX_BODY_BYTES = 32 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"

PageKey = tuple[str, str, int]


def _decompress(body: bytes) -> tuple[str, bool, str | None]:
    """The payload text, whether it was gzip, and what was wrong with it if anything."""
    if body[:2] == GZIP_MAGIC:
        try:
            return gzip.decompress(body).decode("utf-8"), True, None
        except (OSError, EOFError, zlib.error, UnicodeDecodeError) as error:
            return body.decode("latin-1"), True, f"gzip body could not be read: {error}"
    try:
        return body.decode("utf-8"), False, None
    except UnicodeDecodeError as error:
        return body.decode("latin-1"), False, f"body is not UTF-8: {error}"


def _is_client_error(status: int) -> bool:
    return 400 <= status < 500


class UploadCollector(LoopbackServer):
    """Receives the tag's uploads on 127.0.0.1 and answers them like Clarity's collector would (no commands).

    `answer_status` other than 2xx is a fault to test with: the tag shuts itself down for the page after any
    4xx and retries other failures once."""

    def __init__(
        self, clock: CaptureClock, answer_status: int = 204, limits: CaptureLimits | None = None
    ) -> None:
        self._clock = clock
        self._answer_status = answer_status
        self._limits = limits or CaptureLimits()
        self._uploads: list[Upload] = []
        self._kept_bytes = 0
        self._arrivals = 0
        self._left_out = 0
        self._left_out_bytes = 0
        self._started_pages: set[PageKey] = set()
        self._ended_pages: set[PageKey] = set()
        self._page_starts: list[tuple[int, str, int]] = []
        """(arrival index, URL without hash, page number) of each upload that began a page."""
        self._changed = threading.Condition()
        self._last_arrival = time.monotonic()
        self._handler = self._make_handler()
        super().__init__(self._handler)

    @property
    def upload_url(self) -> str:
        """Absolute https on purpose: the tag stores the URL in its _clsk cookie and rebuilds an http:// one as
        https:// on the next page, and Clarity's own collector is https."""
        return f"https://{UPLOAD_HOST}{COLLECT_PATH}"

    def serve_connection(self, connection: socket.socket, client_address: tuple[str, int]) -> None:
        """Answers the uploads sent over one connection that someone else accepted (the guard's tunnel)."""
        self._handler(connection, client_address, self.server)

    @property
    def stops_the_tag(self) -> bool:
        """True when uploads are answered with a 4xx, after which the tag records nothing more on a page."""
        return _is_client_error(self._answer_status)

    def uploads(self) -> tuple[Upload, ...]:
        with self._changed:
            return tuple(self._uploads)

    def arrivals(self) -> int:
        """How many uploads arrived, including any the capture did not keep because of its limits."""
        with self._changed:
            return self._arrivals

    def left_out(self) -> int:
        """Uploads answered but not kept, because the capture had reached its limits."""
        with self._changed:
            return self._left_out

    def note(self) -> str | None:
        """What the capture left out, in words, or None when it kept every upload."""
        with self._changed:
            if not self._left_out:
                return None
            return (
                f"{self._left_out} later uploads ({self._left_out_bytes / MIB:.1f} MiB) were answered but not "
                f"kept: a capture keeps at most {self._limits.uploads} uploads and "
                f"{self._limits.upload_bytes / MIB:.0f} MiB of payload"
            )

    def started_page_number(self, url: str, since_index: int) -> int | None:
        """The tag's page number for the page at `url` (hash ignored) that sent its first upload at or after
        arrival index `since_index` (0-based, counting uploads the capture did not keep too; see `arrivals`).

        The old page's last beacon carries the new URL too, so only a first upload (sequence 1) counts."""
        with self._changed:
            return self._page_started(url, since_index)

    def _page_started(self, url: str, since_index: int) -> int | None:
        wanted = without_hash(url)
        found = (
            number for index, seen, number in self._page_starts if index >= since_index and seen == wanted
        )
        return next(found, None)

    def mark_activity(self) -> None:
        """Starts the quiet period afresh, e.g. when the page closes and its last beacon is on its way."""
        with self._changed:
            self._last_arrival = time.monotonic()

    def wait_until_settled(self, timeout_s: float, quiet_ms: float) -> bool:
        """Waits until every page seen has sent its last upload and nothing arrived for `quiet_ms`.

        A page the collector answered with a 4xx counts as ended: the tag stops itself and sends nothing more.
        Returns False when `timeout_s` passed first; what arrived so far is kept either way."""
        deadline = time.monotonic() + timeout_s
        with self._changed:
            while True:
                now = time.monotonic()
                quiet_left = self._last_arrival + quiet_ms / 1000 - now
                if self._started_pages <= self._ended_pages and quiet_left <= 0:
                    return True
                if now >= deadline:
                    return False
                wait = min(deadline - now, quiet_left if quiet_left > 0 else deadline - now)
                self._changed.wait(timeout=max(wait, 0.005))

    def _record(self, body: bytes, content_type: str, body_problem: str | None) -> int:
        payload, compressed, problem = _decompress(body)
        envelope = EnvelopePeek.from_payload(payload)
        problem = body_problem or problem
        if envelope is None and problem is None:
            problem = "payload is not a Clarity upload (no readable envelope)"
        with self._changed:
            if envelope is not None:
                self._track_page(envelope, arrival_index=self._arrivals)
            self._arrivals += 1
            if self._keeps(len(payload)):
                self._kept_bytes += len(payload)
                self._uploads.append(
                    Upload(
                        index=len(self._uploads),
                        received_ms=self._clock.now_ms(),
                        payload=payload,
                        gzip=compressed,
                        body_bytes=len(body),
                        content_type=content_type,
                        answered_status=self._answer_status,
                        envelope=envelope,
                        problem=problem,
                    )
                )
            else:
                self._left_out += 1
                self._left_out_bytes += len(payload)
            self._last_arrival = time.monotonic()
            self._changed.notify_all()
        return self._answer_status

    def _keeps(self, payload_chars: int) -> bool:
        """Once one upload is left out, every later one is too: the kept capture is a prefix, never a sample."""
        return (
            not self._left_out
            and len(self._uploads) < self._limits.uploads
            and self._kept_bytes + payload_chars <= self._limits.upload_bytes
        )

    def _track_page(self, envelope: EnvelopePeek, arrival_index: int) -> None:
        key = envelope.page_key
        if key not in self._started_pages and len(self._started_pages) >= self._limits.uploads:
            return
        self._started_pages.add(key)
        if envelope.end or _is_client_error(self._answer_status):
            self._ended_pages.add(key)
        # A page that ends before its first upload sends one beacon, sequence 1, already carrying the URL of
        # the page that replaces it: that is the old page ending, not the new one starting.
        if envelope.sequence == 1 and not envelope.end:
            self._page_starts.append((arrival_index, without_hash(envelope.url), envelope.page_num))

    def _make_handler(self) -> type[QuietHandler]:
        collector = self

        class CollectorHandler(QuietHandler):
            def _send_cors(self) -> None:
                origin = self.headers.get("Origin")
                self.send_header("Access-Control-Allow-Origin", origin or "*")
                if origin:
                    self.send_header("Access-Control-Allow-Credentials", "true")
                    self.send_header("Vary", "Origin")

            def _finish(self, status: int) -> None:
                self.send_response(status)
                self._send_cors()
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_OPTIONS(self) -> None:
                self.send_response(204)
                self._send_cors()
                self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")
                requested = self.headers.get("Access-Control-Request-Headers")
                if requested:
                    self.send_header("Access-Control-Allow-Headers", requested)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_POST(self) -> None:
                if self.path.split("?", 1)[0] != COLLECT_PATH:
                    self._finish(404)
                    return
                body = read_body(self.rfile, self.headers, MAX_BODY_BYTES)
                if body.refusal is not None:
                    self.close_connection = True
                    self._finish(body.refusal)
                    return
                if body.problem:
                    self.close_connection = True
                status = collector._record(body.data, self.headers.get("Content-Type", ""), body.problem)
                self._finish(status)

        return CollectorHandler
