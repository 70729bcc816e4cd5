"""How much one capture keeps, so that a page that never stops cannot grow tagprobe's memory without end.

The tag bounds itself (128 uploads a page, 10 MB of playback a page, 128 pages a session), but a session of
many busy pages, or a page that logs or fails non-stop, could still add up. Past a limit the capture keeps
what it has, counts what it left out, and says so in `Capture.notes`."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class CaptureLimits:
    upload_bytes: int = 32 * MIB
    """Payload bytes kept across all uploads of a scenario (after gunzip). Decoding holds many times this
    (about 25x to 60x, measured: bench/bench_memory.py), so this is what bounds the memory of a run."""
    uploads: int = 20_000
    """Uploads kept; the tag itself stops at 128 a page and 128 pages a session (16,384)."""
    console_messages: int = 5_000
    page_errors: int = 1_000
    csp_violations: int = 1_000
    egress_attempts: int = 1_000
    tag_requests: int = 1_000
    page_environments: int = 1_000
    tag_calls: int = 5_000
    stylesheet_bytes: int = 2 * MIB
    """Bytes of stylesheets, and of the fonts and images they use, kept per scenario for the report's replay
    (capture/stylesheets.py); what comes past it is named in the report as left out."""
