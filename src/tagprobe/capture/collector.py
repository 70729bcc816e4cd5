"""The loopback collector the tag uploads to: keeps every upload and lets the run wait on arrivals.

A real server, not a Playwright route: routes never see the beacon fired on pagehide."""

from __future__ import annotations

import gzip
import threading
import time
import zlib

from tagprobe.capture.clock import CaptureClock
from tagprobe.capture.loopback import LoopbackServer, QuietHandler
from tagprobe.capture.records import EnvelopePeek, Upload

COLLECT_PATH = "/collect"
MAX_BODY_BYTES = 32 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"


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


class UploadCollector(LoopbackServer):
    """Receives the tag's uploads on 127.0.0.1 and answers them like Clarity's collector would (no commands)."""

    def __init__(self, clock: CaptureClock, answer_status: int = 204) -> None:
        self._clock = clock
        self._answer_status = answer_status
        self._uploads: list[Upload] = []
        self._changed = threading.Condition()
        self._last_arrival = time.monotonic()
        super().__init__(self._make_handler())

    @property
    def upload_url(self) -> str:
        """Protocol-relative on purpose: the tag stores the URL in its _clsk cookie and rebuilds an absolute
        http:// one as https://, which would break every later page of the session."""
        return f"//127.0.0.1:{self.port}{COLLECT_PATH}"

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def uploads(self) -> tuple[Upload, ...]:
        with self._changed:
            return tuple(self._uploads)

    def wait_for_uploads(self, count: int, timeout_s: float) -> bool:
        """True once at least `count` uploads have arrived; False if `timeout_s` passed first."""
        with self._changed:
            return self._changed.wait_for(lambda: len(self._uploads) >= count, timeout=timeout_s)

    def wait_for_page_start(self, url: str, since_index: int, timeout_s: float) -> bool:
        """True once a page recorded at `url` (hash ignored) sent its first upload after upload `since_index`.

        The old page's last beacon carries the new URL too, so only a first upload (sequence 1) counts."""
        wanted = url.split("#", 1)[0]

        def started() -> bool:
            return any(
                upload.envelope is not None
                and upload.envelope.sequence == 1
                and upload.envelope.url.split("#", 1)[0] == wanted
                for upload in self._uploads[since_index:]
            )

        with self._changed:
            return self._changed.wait_for(started, timeout=timeout_s)

    def mark_activity(self) -> None:
        """Starts the quiet period afresh, e.g. when the page closes and its last beacon is on its way."""
        with self._changed:
            self._last_arrival = time.monotonic()

    def wait_until_settled(self, timeout_s: float, quiet_ms: float) -> bool:
        """Waits until every page seen has sent its last upload and nothing arrived for `quiet_ms`.

        Returns False when `timeout_s` passed first; what arrived so far is kept either way."""
        deadline = time.monotonic() + timeout_s
        with self._changed:
            while True:
                now = time.monotonic()
                quiet_left = self._last_arrival + quiet_ms / 1000 - now
                if self._all_pages_ended() and quiet_left <= 0:
                    return True
                if now >= deadline:
                    return False
                wait = min(deadline - now, quiet_left if quiet_left > 0 else deadline - now)
                self._changed.wait(timeout=max(wait, 0.005))

    def _all_pages_ended(self) -> bool:
        started: set[tuple[str, str, int]] = set()
        ended: set[tuple[str, str, int]] = set()
        for upload in self._uploads:
            if upload.envelope is not None:
                started.add(upload.envelope.page_key)
                if upload.envelope.end:
                    ended.add(upload.envelope.page_key)
        return started <= ended

    def _record(self, body: bytes, content_type: str) -> int:
        payload, compressed, problem = _decompress(body)
        envelope = EnvelopePeek.from_payload(payload)
        if envelope is None and problem is None:
            problem = "payload is not a Clarity upload (no readable envelope)"
        with self._changed:
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
            self._last_arrival = time.monotonic()
            self._changed.notify_all()
        return self._answer_status

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
                body = self._read_body()
                if body is None:
                    self._finish(413)
                    return
                self._finish(collector._record(body, self.headers.get("Content-Type", "")))

            def _read_body(self) -> bytes | None:
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    return self._read_chunked()
                length = int(self.headers.get("Content-Length") or 0)
                return None if length > MAX_BODY_BYTES else self.rfile.read(length)

            def _read_chunked(self) -> bytes | None:
                chunks: list[bytes] = []
                total = 0
                while True:
                    size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                    if size == 0:
                        self.rfile.readline()
                        return b"".join(chunks)
                    total += size
                    if total > MAX_BODY_BYTES:
                        return None
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()

        return CollectorHandler
