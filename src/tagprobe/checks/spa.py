"""spa: every route the journey visits (pushState, replaceState, popstate or a load) is a recorded page, in order."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import zip_longest
from typing import Any
from urllib.parse import urlsplit

from tagprobe.checks.observation import Observation
from tagprobe.checks.verdict import Comparison, Evidence, Verdict
from tagprobe.run.results import StepResult
from tagprobe.urls import without_hash

NAME = "spa"
HASH_REASON = "Clarity does not start a new page when only the #hash changes (by design)"


def route_of(url: str) -> str:
    """Path and query of a URL, as scenarios write routes."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "") or "/"


def _hash_changes(steps: Sequence[StepResult], start_url: str) -> Iterator[Evidence]:
    previous = start_url
    for number, result in enumerate(steps, start=1):
        if not result.url:
            continue
        new_hash = result.url.partition("#")[2]
        if without_hash(previous) == without_hash(result.url) and previous != result.url and new_hash:
            yield Evidence(
                f"step {number} changed only the hash to #{new_hash}: not tracked; {HASH_REASON}",
                time_ms=result.started_ms,
                location=result.url,
            )
        previous = result.url


def check(observation: Observation, options: Mapping[str, Any]) -> Verdict:
    expected = [str(route) for route in options.get("routes", ())]
    pages = observation.session.pages
    if not observation.record.capture.uploads:
        return Verdict.skipped(NAME, "the tag sent no upload, so no page was recorded (see health)")
    recorded = [route_of(page.url) for page in pages]
    rows: list[Comparison] = []
    comparison: list[Evidence] = []
    for index, (want, got) in enumerate(zip_longest(expected, recorded, fillvalue=""), start=1):
        page = pages[index - 1] if got else None
        found = (got,) if got else ()
        number, url = (page.number, page.url) if page else (None, None)
        if want:
            rows.append(Comparison("route", want, want, found, want == got, number, url))
        else:
            rows.append(Comparison("page", "", None, found, False, number, url))
        comparison.append(
            Evidence(
                f"expected {want or '(nothing)'} | recorded {got or '(nothing)'}"
                + ("" if want == got else "  <- differs"),
                page_number=number,
            )
        )
    hashes = list(_hash_changes(observation.record.steps, observation.record.base_url))
    hashed_routes = [route for route in expected if "#" in route]
    if hashed_routes:
        return Verdict.failed(
            NAME, f"{hashed_routes[0]} includes a #hash: {HASH_REASON}", *comparison, *hashes
        ).comparing(tuple(rows))
    if recorded != expected:
        missing = [route for route in expected if route not in recorded]
        message = (
            f"{missing[0]} was never recorded as a page: did the router change the URL without the tag seeing it?"
            if missing
            else f"recorded pages {recorded} differ from the expected routes {expected}"
        )
        return Verdict.failed(NAME, message, *comparison, *hashes).comparing(tuple(rows))
    return Verdict.passed(
        NAME, f"all {len(expected)} routes were recorded as pages, in order", *comparison, *hashes
    ).comparing(tuple(rows))
