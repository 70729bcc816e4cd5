"""consent: cookies and data before and after the consent step, under the scenario's consent policy."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from tagprobe.capture.records import CookieSnapshot
from tagprobe.checks.observation import Observation
from tagprobe.checks.verdict import Evidence, Verdict
from tagprobe.decode.events import Consent
from tagprobe.run.results import StepResult

NAME = "consent"
CLARITY_COOKIES = frozenset({"_clck", "_clsk"})
COOKIELESS = "cookieless-until-consent"
BLOCKED = "blocked-until-consent"
GPC = "global-privacy-control"


def _step_named(steps: Sequence[StepResult], selector: str) -> tuple[int, StepResult] | None:
    for index, result in enumerate(steps):
        if result.step.args.get("selector") == selector:
            return index, result
    return None


def _step_label(steps: Sequence[StepResult], index: int) -> str:
    if index < 0:
        return "before the first step"
    if index >= len(steps):
        return "after the page closed"
    return f"after step {index + 1} {steps[index].step.describe()}"


def _clarity_cookies(snapshot: CookieSnapshot) -> frozenset[str]:
    return snapshot.names() & CLARITY_COOKIES


def _consent_states(observation: Observation) -> dict[int, list[Consent]]:
    return {
        upload.index: [event for event in upload.events if isinstance(event, Consent)]
        for page in observation.session.pages
        for upload in page.uploads
    }


def timeline(observation: Observation) -> Iterator[Evidence]:
    """When each Clarity cookie appeared or vanished, and each upload with the consent it carried."""
    steps = observation.record.steps
    previous: frozenset[str] = frozenset()
    for snapshot in observation.record.capture.cookie_snapshots:
        current = _clarity_cookies(snapshot)
        if current != previous:
            written = ", ".join(sorted(current - previous))
            cleared = ", ".join(sorted(previous - current))
            change = "; ".join(
                part for part in (written and f"{written} written", cleared and f"{cleared} cleared") if part
            )
            yield Evidence(
                f"cookies {_step_label(steps, snapshot.step_index)}: {change}", time_ms=snapshot.taken_ms
            )
        previous = current
    consent = _consent_states(observation)
    for upload in observation.record.capture.uploads:
        states = consent.get(upload.index, [])
        said = ", ".join("granted" if state.analytics_granted else "denied" for state in states)
        yield Evidence(
            f"upload {upload.index} ({upload.transport.value})"
            + (f": analytics consent {said}" if said else ""),
            upload_index=upload.index,
            time_ms=upload.received_ms,
        )


def _cookieless(observation: Observation, consent_at: float | None, index: int | None) -> Iterator[Evidence]:
    steps = observation.record.steps
    consent = _consent_states(observation)
    for snapshot in observation.record.capture.cookie_snapshots:
        if (index is None or snapshot.step_index < index) and _clarity_cookies(snapshot):
            names = ", ".join(sorted(_clarity_cookies(snapshot)))
            yield Evidence(
                f"{names} written before consent, {_step_label(steps, snapshot.step_index)}",
                time_ms=snapshot.taken_ms,
            )
            break
    for upload in observation.record.capture.uploads:
        if consent_at is not None and upload.received_ms >= consent_at:
            continue
        if any(state.analytics_granted for state in consent.get(upload.index, [])):
            yield Evidence(
                f"upload {upload.index}, sent before consent, says analytics consent granted",
                upload_index=upload.index,
                time_ms=upload.received_ms,
            )
            break
    if index is None or consent_at is None:
        return
    after = [
        snapshot for snapshot in observation.record.capture.cookie_snapshots if snapshot.step_index >= index
    ]
    if not any(_clarity_cookies(snapshot) == CLARITY_COOKIES for snapshot in after):
        yield Evidence("after consent the tag did not write both _clck and _clsk")
    late = [upload for upload in observation.record.capture.uploads if upload.received_ms >= consent_at]
    if not any(state.analytics_granted for upload in late for state in consent.get(upload.index, [])):
        yield Evidence("no upload after consent says analytics consent granted")


def _blocked(observation: Observation, consent_at: float | None) -> Iterator[Evidence]:
    capture = observation.record.capture
    limit = consent_at if consent_at is not None else float("inf")
    for request in capture.tag_requests:
        if request.requested_ms < limit:
            yield Evidence(
                f"the tag was requested before consent: {request.url}", time_ms=request.requested_ms
            )
            break
    early = [upload for upload in capture.uploads if upload.received_ms < limit]
    if early:
        yield Evidence(
            f"{len(early)} upload(s) before consent",
            upload_index=early[0].index,
            time_ms=early[0].received_ms,
        )
    if consent_at is not None and not any(upload.received_ms >= consent_at for upload in capture.uploads):
        yield Evidence("no upload after consent: the tag did not start once consent was given")


def _gpc(observation: Observation) -> Iterator[Evidence]:
    capture = observation.record.capture
    if capture.uploads:
        yield Evidence(
            f"{len(capture.uploads)} upload(s) despite Global Privacy Control",
            upload_index=capture.uploads[0].index,
            time_ms=capture.uploads[0].received_ms,
        )
    for snapshot in capture.cookie_snapshots:
        if _clarity_cookies(snapshot):
            yield Evidence(
                "Clarity cookies written despite Global Privacy Control", time_ms=snapshot.taken_ms
            )
            break


def _withdrawal(observation: Observation, selector: str) -> Iterator[Evidence]:
    found = _step_named(observation.record.steps, selector)
    if found is None:
        yield Evidence(f"no step acts on {selector!r} (withdrawn_by)")
        return
    index, step = found
    after = [
        snapshot for snapshot in observation.record.capture.cookie_snapshots if snapshot.step_index >= index
    ]
    if after and _clarity_cookies(after[0]):
        yield Evidence(
            f"{', '.join(sorted(_clarity_cookies(after[0])))} still set after withdrawal",
            time_ms=after[0].taken_ms,
        )
    restarted = any(
        upload.envelope is not None
        and upload.envelope.sequence == 1
        and upload.received_ms >= step.started_ms
        for upload in observation.record.capture.uploads
    )
    if not restarted:
        yield Evidence("the tag did not restart after consent was withdrawn")


def check(observation: Observation, options: Mapping[str, Any]) -> Verdict:
    policy = str(options.get("policy", COOKIELESS))
    given_by = options.get("given_by")
    index: int | None = None
    consent_at: float | None = None
    if given_by:
        found = _step_named(observation.record.steps, str(given_by))
        if found is None:
            return Verdict.failed(
                NAME, f"no step acts on {given_by!r}, so tagprobe cannot tell when consent was given"
            )
        index, consent_at = found[0], found[1].started_ms
    if policy == GPC:
        problems = list(_gpc(observation))
    elif policy == BLOCKED:
        problems = list(_blocked(observation, consent_at))
    elif not observation.record.capture.uploads:
        return Verdict.skipped(NAME, "the tag sent no upload, so consent cannot be judged (see health)")
    else:
        problems = list(_cookieless(observation, consent_at, index))
    if options.get("withdrawn_by"):
        problems.extend(_withdrawal(observation, str(options["withdrawn_by"])))
    events = list(timeline(observation))
    if problems:
        return Verdict.failed(NAME, f"{policy}: {problems[0].summary}", *problems, *events)
    return Verdict.passed(NAME, f"{policy}: cookies and uploads follow the consent step", *events)
