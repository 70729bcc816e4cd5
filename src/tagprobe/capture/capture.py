"""Everything recorded for one scenario, frozen once the run is over."""

from __future__ import annotations

from dataclasses import dataclass

from tagprobe.capture.records import (
    ConsoleMessage,
    CookieSnapshot,
    CspViolation,
    EgressAttempt,
    PageError,
    TagRequest,
    Upload,
)


@dataclass(frozen=True, slots=True)
class Capture:
    uploads: tuple[Upload, ...]
    cookie_snapshots: tuple[CookieSnapshot, ...]
    console: tuple[ConsoleMessage, ...]
    page_errors: tuple[PageError, ...]
    csp_violations: tuple[CspViolation, ...]
    tag_requests: tuple[TagRequest, ...]
    egress_attempts: tuple[EgressAttempt, ...]
    settled: bool
    """False when the last uploads were still missing when tagprobe stopped waiting for them."""
