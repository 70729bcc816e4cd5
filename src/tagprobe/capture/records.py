"""The immutable records a capture is made of. Times are milliseconds since the capture started."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Transport(StrEnum):
    XHR = "xhr"
    BEACON = "beacon"


@dataclass(frozen=True, slots=True)
class EnvelopePeek:
    """The few envelope fields the collector reads on arrival, to know when a page has ended."""

    session_id: str
    user_id: str
    page_num: int
    sequence: int
    transport: Transport
    end: bool
    url: str

    @property
    def page_key(self) -> tuple[str, str, int]:
        return (self.user_id, self.session_id, self.page_num)

    @staticmethod
    def from_payload(payload: str) -> EnvelopePeek | None:
        try:
            envelope = json.loads(payload)["e"]
            return EnvelopePeek(
                session_id=str(envelope[6]),
                user_id=str(envelope[5]),
                page_num=int(envelope[7]),
                sequence=int(envelope[1]),
                transport=Transport.BEACON if envelope[8] == 1 else Transport.XHR,
                end=envelope[9] == 1,
                url=str(envelope[11]),
            )
        except (ValueError, KeyError, IndexError, TypeError, RecursionError):
            return None


@dataclass(frozen=True, slots=True)
class Upload:
    """One request the tag sent to the collector, exactly as received (after gunzip)."""

    index: int
    received_ms: float
    payload: str
    gzip: bool
    body_bytes: int
    content_type: str
    answered_status: int
    envelope: EnvelopePeek | None
    problem: str | None = None

    @property
    def transport(self) -> Transport:
        if self.envelope is not None:
            return self.envelope.transport
        return Transport.XHR if self.gzip else Transport.BEACON


@dataclass(frozen=True, slots=True)
class Cookie:
    name: str
    value: str
    domain: str
    path: str
    expires: float


@dataclass(frozen=True, slots=True)
class CookieSnapshot:
    """The context's cookies right after a step (step_index -1: before the first step)."""

    taken_ms: float
    step_index: int
    cookies: tuple[Cookie, ...]

    def names(self) -> frozenset[str]:
        return frozenset(cookie.name for cookie in self.cookies)


@dataclass(frozen=True, slots=True)
class ConsoleMessage:
    logged_ms: float
    level: str
    text: str
    url: str


@dataclass(frozen=True, slots=True)
class PageError:
    raised_ms: float
    message: str
    stack: str


@dataclass(frozen=True, slots=True)
class CspViolation:
    seen_ms: float
    directive: str
    blocked_url: str
    policy: str
    document_url: str


@dataclass(frozen=True, slots=True)
class TagRequest:
    """A request for Clarity's loader or script that tagprobe answered with the pinned build."""

    requested_ms: float
    kind: str
    url: str
    answered_status: int = 200
    """What tagprobe answered: 200 with the pinned build, unless a fault was asked for (`tag_script_status`)."""


@dataclass(frozen=True, slots=True)
class EgressAttempt:
    """A request that tried to leave this machine and was refused by the egress guard."""

    attempted_ms: float
    method: str
    target: str
    answered_status: int = 403
    """What the guard answered; it forwards nothing, so this is always a refusal."""
    body_bytes: int = 0
    """How many body bytes the browser offered the guard: read and dropped there (or, past 1 MiB, refused
    unread), never sent on. Always 0 for CONNECT: the guard never opens a tunnel."""


@dataclass(frozen=True, slots=True)
class PageEnvironment:
    """What a page looked like to the tag when its DOM was ready, before tagprobe added any snippet."""

    seen_ms: float
    url: str
    global_privacy_control: bool
    """navigator.globalPrivacyControl: the tag refuses to start when it is true."""
    clarity_type: str
    """typeof window.clarity: "undefined" when the page has no snippet of its own, "function" when it has."""
    held_snippet: str = ""
    """The opening tag of a Clarity snippet the page holds back in a non-JavaScript <script> (a consent
    manager's script blocking, e.g. `<script type="text/plain" data-category="analytics">`), else ""."""


@dataclass(frozen=True, slots=True)
class CallSite:
    """Where the site's code made a call: the first frame of its stack trace that names a script."""

    script_url: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.script_url}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class TagCall:
    """One call the page made to the tag API, `window.clarity(method, ...arguments)`.

    Arguments are JSON values; what JSON cannot hold is `{"$type": "undefined" | "function" | ...}`, and
    the scenario's hidden values are replaced by `***`."""

    called_ms: float
    method: str
    arguments: tuple[Any, ...]
    page_url: str
    queued: bool
    """Made on the snippet's queue stub, before the tag loaded (the tag replays it when it starts)."""
    site: CallSite | None
    """None when no script of the page made the call (a `clarity` step, an `evaluate`)."""
    identify_hash: str | None = None
    """For `identify`: the SHA-256 hex of the id, as the tag sends it as `userId`."""
    caller: CallSite | None = None
    """The frame below `site`, for sites that call the tag through a helper of their own."""
