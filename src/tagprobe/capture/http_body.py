"""Reading a request body defensively: a wrong length, a client that stops sending, or a body too large."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import Message
from io import BufferedIOBase

CHUNK_BYTES = 64 * 1024
BAD_REQUEST = 400
TOO_LARGE = 413


@dataclass(frozen=True, slots=True)
class BodyRead:
    data: bytes
    problem: str | None = None
    """Why `data` is not the whole body the client announced, if it is not."""
    refusal: int | None = None
    """The HTTP status to refuse the request with when there is no usable body at all (400, or 413: too large)."""


def read_body(stream: BufferedIOBase, headers: Message, max_bytes: int) -> BodyRead:
    """Reads a Content-Length or chunked body of at most `max_bytes`; never blocks past the socket timeout."""
    if str(headers.get("Transfer-Encoding") or "").lower() == "chunked":
        return _read_chunked(stream, max_bytes)
    raw_length = str(headers.get("Content-Length") or "0").strip()
    if not raw_length.isdigit():
        return BodyRead(b"", f"Content-Length {raw_length!r} is not a byte count", refusal=BAD_REQUEST)
    length = int(raw_length)
    if length > max_bytes:
        return BodyRead(b"", f"body of {length} bytes is over the {max_bytes} byte limit", refusal=TOO_LARGE)
    data, complete = _read_exactly(stream, length)
    if not complete:
        return BodyRead(data, f"truncated: {len(data)} of {length} announced bytes arrived")
    return BodyRead(data)


def _read_exactly(stream: BufferedIOBase, length: int) -> tuple[bytes, bool]:
    parts: list[bytes] = []
    received = 0
    while received < length:
        try:
            part = stream.read(min(CHUNK_BYTES, length - received))
        except OSError:
            part = b""
        if not part:
            return b"".join(parts), False
        parts.append(part)
        received += len(part)
    return b"".join(parts), True


def _read_chunked(stream: BufferedIOBase, max_bytes: int) -> BodyRead:
    parts: list[bytes] = []
    total = 0
    while True:
        try:
            size_line = stream.readline(1024)
            size = int(size_line.split(b";", 1)[0].strip() or b"0", 16)
        except (OSError, ValueError):
            return BodyRead(
                b"".join(parts), "the chunked body is broken", refusal=None if parts else BAD_REQUEST
            )
        if size == 0:
            return BodyRead(b"".join(parts))
        total += size
        if total > max_bytes:
            return BodyRead(b"", f"chunked body is over the {max_bytes} byte limit", refusal=TOO_LARGE)
        part, complete = _read_exactly(stream, size)
        parts.append(part)
        if not complete:
            return BodyRead(b"".join(parts), f"truncated: a chunk stopped after {len(part)} of {size} bytes")
        try:
            stream.readline(8)
        except OSError:
            return BodyRead(b"".join(parts), "truncated after a chunk")
