"""Everything recorded for one scenario, frozen once the run is over."""

from __future__ import annotations

from dataclasses import dataclass

from tagprobe.capture.records import (
    ConsoleMessage,
    CookieSnapshot,
    CspViolation,
    EgressAttempt,
    PageEnvironment,
    PageError,
    TagCall,
    TagRequest,
    Upload,
)
from tagprobe.capture.stylesheets import KeptAsset, KeptStylesheet


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
    page_environments: tuple[PageEnvironment, ...] = ()
    notes: tuple[str, ...] = ()
    """What the capture left out because a limit was reached (see CaptureLimits), in plain words."""
    tag_calls: tuple[TagCall, ...] = ()
    """Every call the site's pages made to `window.clarity`, queued or live, in the order they were made."""
    popups_ms: tuple[float, ...] = ()
    """When a page of the run opened another window (Playwright's `page` event), on the capture clock."""
    clock_origin_epoch_ms: float | None = None
    """The wall-clock time of the capture clock's zero (see CaptureClock)."""
    uploads_left_out: int = 0
    """Uploads that arrived and were answered after the capture's limit was reached, and were not kept."""
    stylesheets: tuple[KeptStylesheet, ...] = ()
    """The stylesheets the pages loaded, kept for the report's replay up to `CaptureLimits.stylesheet_bytes`."""
    stylesheets_left_out: tuple[str, ...] = ()
    """The URLs of the stylesheets, fonts and images past that cap."""
    stylesheet_assets: tuple[KeptAsset, ...] = ()
    """The fonts and images the kept stylesheets use, kept within the same cap."""
