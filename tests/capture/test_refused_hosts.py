"""What the egress guard refused, sorted: Chromium's own background services apart, the site's per host."""

from __future__ import annotations

from tagprobe.capture.records import EgressAttempt
from tagprobe.capture.refused_hosts import RefusedHost, is_browser_service, refused_hosts, site_attempts


def attempt(target: str, method: str = "CONNECT") -> EgressAttempt:
    return EgressAttempt(10.0, method, target)


ATTEMPTS = (
    attempt("fonts.googleapis.com:443"),
    attempt("content-autofill.googleapis.com:443"),
    attempt("fonts.googleapis.com:443"),
    attempt("http://cdn.example.com/lib.js", "GET"),
    attempt("optimizationguide-pa.googleapis.com:443"),
    attempt("www.clarity.ms:443"),
)


def test_chromium_background_services_are_not_the_sites_requests() -> None:
    assert [is_browser_service(found) for found in ATTEMPTS] == [False, True, False, False, True, False]
    assert [found.target for found in site_attempts(ATTEMPTS)] == [
        "fonts.googleapis.com:443",
        "fonts.googleapis.com:443",
        "http://cdn.example.com/lib.js",
        "www.clarity.ms:443",
    ]


def test_each_refused_host_is_summarised_once_with_the_option_that_would_let_it_through() -> None:
    assert refused_hosts(ATTEMPTS) == (
        RefusedHost("fonts.googleapis.com", 2, "--allow-host fonts.googleapis.com"),
        RefusedHost("cdn.example.com", 1, "--allow-host cdn.example.com"),
        RefusedHost("www.clarity.ms", 1, None),
    )
