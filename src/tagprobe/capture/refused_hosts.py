"""Sorts what the egress guard refused: Chromium's own background services apart from the site's requests,
and the site's summarised once per host, with the `--allow-host` that would let each through."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from tagprobe.capture.allowed_hosts import DisallowedHostError, allowed_host
from tagprobe.capture.egress import target_host
from tagprobe.capture.records import EgressAttempt

BROWSER_SERVICE_HOSTS = frozenset(
    {
        "content-autofill.googleapis.com",
        "optimizationguide-pa.googleapis.com",
        "update.googleapis.com",
        "clients1.google.com",
        "clients2.google.com",
        "clients2.googleusercontent.com",
        "clients4.google.com",
        "clientservices.googleapis.com",
        "edgedl.me.gvt1.com",
        "redirector.gvt1.com",
        "dl.google.com",
        "safebrowsing.googleapis.com",
        "sb-ssl.google.com",
        "chromesyncpasswords-pa.googleapis.com",
        "passwordsleakcheck-pa.googleapis.com",
        "chromewebstore.googleapis.com",
        "android.clients.google.com",
        "mtalk.google.com",
        "jnn-pa.googleapis.com",
    }
)
"""Hosts Chromium itself calls (autofill, component updates, Safe Browsing, variations...), not a page: a
site does not load scripts, fonts or data from these."""


@dataclass(frozen=True, slots=True)
class RefusedHost:
    host: str
    requests: int
    allow_option: str | None
    """`--allow-host HOST`, or None for a host tagprobe never lets through (Clarity's)."""


def is_browser_service(attempt: EgressAttempt) -> bool:
    return target_host(attempt.target) in BROWSER_SERVICE_HOSTS


def site_attempts(attempts: Iterable[EgressAttempt]) -> tuple[EgressAttempt, ...]:
    return tuple(attempt for attempt in attempts if not is_browser_service(attempt))


def refused_hosts(attempts: Iterable[EgressAttempt]) -> tuple[RefusedHost, ...]:
    """The site's refused hosts, most requests first."""
    counts = Counter(target_host(attempt.target) for attempt in site_attempts(attempts))
    return tuple(
        RefusedHost(host, count, _allow_option(host))
        for host, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        if host
    )


def _allow_option(host: str) -> str | None:
    try:
        return f"--allow-host {allowed_host(host)}"
    except DisallowedHostError:
        return None
