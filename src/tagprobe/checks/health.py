"""health: the tag loaded, started and uploaded without errors; no CSP block, no duplicate, within limits."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from tagprobe.capture.records import CspViolation
from tagprobe.checks.observation import Observation
from tagprobe.checks.verdict import Evidence, Verdict

NAME = "health"
DUPLICATE_TAG_CODE = "CL001"
CLARITY_HOST_MARK = "clarity.ms"
MAX_UPLOADS_PER_PAGE = 128
MAX_PAGES_PER_SESSION = 128
LIMIT_EVENT = 35
SCRIPT_SOURCES = "https://www.clarity.ms https://scripts.clarity.ms"
UPLOAD_SOURCE = "https://*.clarity.ms"


def _csp_advice(violation: CspViolation) -> str:
    directive = violation.directive or "the policy"
    if directive.startswith("connect-src"):
        return f"add {UPLOAD_SOURCE} to {directive}"
    if directive.startswith(("script-src", "default-src")):
        return f"add {SCRIPT_SOURCES} to {directive.removesuffix('-elem')}"
    return f"allow {CLARITY_HOST_MARK} in {directive}"


def _blocked_tag(observation: Observation, collector_marker: str) -> Iterator[Evidence]:
    for violation in observation.record.capture.csp_violations:
        if CLARITY_HOST_MARK in violation.blocked_url or collector_marker in violation.blocked_url:
            yield Evidence(
                f"CSP {violation.directive} blocked {violation.blocked_url}: {_csp_advice(violation)}",
                time_ms=violation.seen_ms,
                excerpt=violation.policy,
                location=violation.document_url,
            )


def _silence_expected(observation: Observation) -> bool:
    """Under Global Privacy Control, or blocked until a consent that never comes, the tag must stay silent."""
    consent = observation.expect.get("consent")
    if not isinstance(consent, Mapping):
        return False
    return consent.get("policy") == "global-privacy-control" or (
        consent.get("policy") == "blocked-until-consent" and not consent.get("given_by")
    )


def _problems(observation: Observation) -> Iterator[Evidence]:
    capture = observation.record.capture
    yield from _blocked_tag(observation, "/collect")
    for message in capture.console:
        if DUPLICATE_TAG_CODE in message.text:
            yield Evidence(f"duplicate tag: {message.text}", time_ms=message.logged_ms, location=message.url)
    scripts = [request for request in capture.tag_requests if request.kind == "script"]
    if not scripts and not _silence_expected(observation):
        yield Evidence("the Clarity tag script was never requested: no snippet ran on the page")
    elif not capture.uploads and not _silence_expected(observation):
        yield Evidence(
            "the tag script loaded but sent no upload: it never started (GPC, an error, or a CSP block)"
        )
    for upload in capture.uploads:
        if not 200 <= upload.answered_status < 300:
            yield Evidence(f"upload {upload.index} was answered {upload.answered_status}", upload.index)
        if upload.problem:
            yield Evidence(f"upload {upload.index} is malformed: {upload.problem}", upload.index)
    for failure in observation.session.failures:
        yield Evidence(f"upload {failure.index} could not be decoded: {failure.error}", failure.index)
    if not capture.settled:
        yield Evidence("the last uploads did not arrive in time after the page closed; what arrived is kept")
    yield from _limits(observation)


def _limits(observation: Observation) -> Iterator[Evidence]:
    pages = observation.session.pages
    if len(pages) >= MAX_PAGES_PER_SESSION:
        yield Evidence(f"{len(pages)} pages: Clarity stops recording a session at {MAX_PAGES_PER_SESSION}")
    for page in pages:
        if len(page.uploads) >= MAX_UPLOADS_PER_PAGE:
            yield Evidence(
                f"page {page.number} sent {len(page.uploads)} uploads: the tag stops at {MAX_UPLOADS_PER_PAGE}",
                page_number=page.number,
            )
        for event in page.events:
            if event.type == LIMIT_EVENT:
                yield Evidence(
                    "the tag reported hitting one of its limits", page_number=page.number, time_ms=event.time
                )


def check(observation: Observation, options: Mapping[str, Any]) -> Verdict:
    problems = list(_problems(observation))
    capture = observation.record.capture
    if problems:
        return Verdict.failed(NAME, problems[0].summary, *problems)
    pages = len(observation.session.pages)
    size = sum(upload.body_bytes for upload in capture.uploads)
    return Verdict.passed(
        NAME,
        f"the tag loaded and sent {len(capture.uploads)} uploads ({size} bytes) over {pages} page(s)",
        *(
            Evidence(f"{request.kind}: {request.url}", time_ms=request.requested_ms)
            for request in capture.tag_requests
        ),
    )
