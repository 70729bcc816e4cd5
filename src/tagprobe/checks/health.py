"""health: the tag loaded, started and uploaded without errors; no CSP block, no duplicate, within limits."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from tagprobe.capture.records import CspViolation, Upload
from tagprobe.checks.observation import Observation
from tagprobe.checks.verdict import Evidence, Verdict
from tagprobe.decode.events import EventType
from tagprobe.scenario.model import BLOCKED_BY_CLIENT, TagMode

NAME = "health"
DUPLICATE_TAG_CODE = "CL001"
CLARITY_HOST_MARK = "clarity.ms"
GTM_HOST = "www.googletagmanager.com"
MAX_UPLOADS_PER_PAGE = 128
MAX_PAGES_PER_SESSION = 128
BLOCKED_POLICY = "blocked-until-consent"
GPC_POLICY = "global-privacy-control"
NOT_LOADED_BLOCKED = "not loaded: blocked until consent"
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


def _consent_policy(observation: Observation) -> str | None:
    consent = observation.expect.get("consent")
    return str(consent.get("policy")) if isinstance(consent, Mapping) else None


def _silence_expected(observation: Observation) -> bool:
    """Under Global Privacy Control the tag must stay silent. A site that keeps the tag blocked until
    consent (a consent manager holding back the snippet) may never load it: whether consent released it is
    the consent check's to judge, not a broken install."""
    policy = _consent_policy(observation)
    capture = observation.record.capture
    never_loaded = not capture.tag_requests
    return policy == GPC_POLICY or (
        never_loaded and (policy == BLOCKED_POLICY or _held_snippet(observation) != "")
    )


def _held_snippet(observation: Observation) -> str:
    """The opening tag of the script a consent manager holds the site's Clarity snippet in, if any."""
    return next(
        (env.held_snippet for env in observation.record.capture.page_environments if env.held_snippet), ""
    )


def _tag_not_running(observation: Observation) -> Iterator[Evidence]:
    """Why the tag never ran or never uploaded, as precisely as the capture can tell."""
    capture = observation.record.capture
    refused = [request for request in capture.tag_requests if not 200 <= request.answered_status < 300]
    if refused:
        first = refused[0]
        yield Evidence(
            f"the Clarity {first.kind} {first.url} was answered {first.answered_status}, so the tag never ran: "
            "check the snippet's URLs (the project id) and that nothing between the page and clarity.ms "
            "(a proxy, an ad blocker) refuses them",
            time_ms=first.requested_ms,
        )
        return
    if _silence_expected(observation):
        return
    environments = capture.page_environments
    if not any(request.kind == "script" for request in capture.tag_requests):
        impostor = next((env for env in environments if env.clarity_type not in ("undefined", "")), None)
        gtm = next(
            (attempt for attempt in capture.egress_attempts if GTM_HOST in attempt.target.lower()), None
        )
        if gtm is not None and not capture.tag_requests:
            yield Evidence(
                f"the Clarity tag script was never requested, and the page tried to load Google Tag Manager "
                f"({gtm.target}), which tagprobe's egress guard refused: the tag is probably installed through "
                f"GTM. Add `--allow-host {GTM_HOST}` and use `tag: {{mode: site}}`; tagprobe then answers the "
                "Clarity URLs that GTM's Custom HTML tag requests",
                time_ms=gtm.attempted_ms,
            )
        elif impostor is not None and not capture.tag_requests:
            yield Evidence(
                f"the Clarity tag script was never requested: the page defines window.clarity itself "
                f"(a {impostor.clarity_type}), so tagprobe took it for the site's own snippet and added none; "
                "if the site has no Clarity snippet, set `tag: {mode: inject}`",
                location=impostor.url,
            )
        elif capture.page_errors:
            error = capture.page_errors[0]
            yield Evidence(
                f"the Clarity tag script was never requested, and the page threw an error first: {error.message}. "
                "Code before the snippet in the same <script> stops it: fix the error, or move the snippet "
                "into a <script> of its own",
                time_ms=error.raised_ms,
            )
        else:
            yield Evidence("the Clarity tag script was never requested: no snippet ran on the page")
    elif not capture.uploads:
        if any(env.global_privacy_control for env in environments):
            yield Evidence(
                "the tag script loaded but never started: navigator.globalPrivacyControl is true on the page, "
                "and Clarity does not run under Global Privacy Control; if that is intended, expect "
                "`consent: {policy: global-privacy-control}`"
            )
        elif capture.page_errors:
            yield Evidence(
                f"the tag script loaded but sent no upload; the page threw an error: {capture.page_errors[0].message}"
            )
        else:
            yield Evidence(
                "the tag script loaded but sent no upload: it never started (GPC, an error, or a CSP block)"
            )


def _refused_uploads(observation: Observation) -> Iterator[Evidence]:
    refused = [
        upload for upload in observation.record.capture.uploads if not 200 <= upload.answered_status < 300
    ]
    if not refused:
        return
    first, status = refused[0], refused[0].answered_status
    more = f" and {len(refused) - 1} more" if len(refused) > 1 else ""
    if 400 <= status < 500:
        advice = (
            "Clarity's tag shuts itself down for the rest of the page after any 4xx, so nothing after it was "
            "recorded: make the collector (or a proxy in front of it) accept the uploads"
        )
    else:
        advice = "the tag sends a failed upload once more, then drops it: make the collector answer 2xx"
    yield Evidence(f"the collector answered {status} to upload {first.index}{more}: {advice}", first.index)


def _problems(observation: Observation) -> Iterator[Evidence]:
    capture = observation.record.capture
    yield from _blocked_tag(observation, "/collect")
    for message in capture.console:
        if DUPLICATE_TAG_CODE in message.text:
            yield Evidence(f"duplicate tag: {message.text}", time_ms=message.logged_ms, location=message.url)
    yield from _tag_not_running(observation)
    yield from _refused_uploads(observation)
    for upload in capture.uploads:
        if upload.problem:
            yield Evidence(f"upload {upload.index} is malformed: {upload.problem}", upload.index)
    for failure in observation.session.failures:
        yield Evidence(f"upload {failure.index} could not be decoded: {failure.error}", failure.index)
    if not capture.settled:
        yield Evidence(
            "the last uploads did not arrive in time after the page closed; what arrived is kept"
            + _unended_pages(capture.uploads)
        )
    for note in capture.notes:
        yield Evidence(f"the capture is incomplete: {note}")
    yield from _limits(observation)


def _unended_pages(uploads: Sequence[Upload]) -> str:
    """Which recorded pages never sent their last upload, by the ids the tag gave them: the next time this
    happens, the evidence says whether a page lost its beacon or the tag changed ids on the way."""
    sent: dict[tuple[str, str, int], list[Upload]] = {}
    for upload in uploads:
        if upload.envelope is not None:
            sent.setdefault(upload.envelope.page_key, []).append(upload)
    unended = [
        f"page {page_num} of user {user_id}, session {session_id} (uploads "
        f"{', '.join(str(upload.index) for upload in group)})"
        for (user_id, session_id, page_num), group in sent.items()
        if not any(upload.envelope is not None and upload.envelope.end for upload in group)
    ]
    return f" ({'; '.join(unended)} never sent its last upload)" if unended else ""


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
            if event.type == EventType.LIMIT:
                yield Evidence(
                    "the tag reported hitting one of its limits", page_number=page.number, time_ms=event.time
                )


def _blocked_mode(observation: Observation) -> Verdict:
    """`tag: {mode: blocked}`: every Clarity URL was refused, so a healthy run is one with no tag at all."""
    capture = observation.record.capture
    if capture.uploads:
        return Verdict.failed(
            NAME,
            f"{len(capture.uploads)} upload(s) arrived although every Clarity URL was refused (tag mode "
            "blocked): the tag is served from somewhere an ad blocker's lists do not name",
        )
    refused = [request for request in capture.tag_requests if request.answered_status == BLOCKED_BY_CLIENT]
    return Verdict.passed(
        NAME,
        f"no tag, as expected with every Clarity URL refused ({len(refused)} request(s) blocked)",
        *(
            Evidence(f"blocked {request.kind}: {request.url}", time_ms=request.requested_ms)
            for request in refused
        ),
    )


def check(observation: Observation, options: Mapping[str, Any]) -> Verdict:
    if observation.record.scenario.tag.mode is TagMode.BLOCKED:
        return _blocked_mode(observation)
    problems = list(_problems(observation))
    capture = observation.record.capture
    if problems:
        return Verdict.failed(NAME, problems[0].summary, *problems)
    return Verdict.passed(
        NAME,
        _what_ran(observation),
        *(
            Evidence(f"{request.kind}: {request.url}", time_ms=request.requested_ms)
            for request in capture.tag_requests
        ),
    )


def _what_ran(observation: Observation) -> str:
    capture = observation.record.capture
    if not capture.tag_requests and not capture.uploads:
        held = _held_snippet(observation)
        if held:
            return (
                f"{NOT_LOADED_BLOCKED}: the page holds its Clarity snippet in {held}, which its consent "
                "manager runs once the visitor consents"
            )
        if _consent_policy(observation) == BLOCKED_POLICY:
            return f"{NOT_LOADED_BLOCKED} (the page never requested the Clarity tag)"
        return "not loaded: the page never requested the Clarity tag"
    if not capture.uploads and _consent_policy(observation) == GPC_POLICY:
        return "the tag loaded and, under Global Privacy Control, recorded nothing"
    pages = len(observation.session.pages)
    size = sum(upload.body_bytes for upload in capture.uploads)
    return f"the tag loaded and sent {len(capture.uploads)} uploads ({size} bytes) over {pages} page(s)"
