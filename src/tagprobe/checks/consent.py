"""consent: cookies and data before and after the consent step, under the scenario's consent policy."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tagprobe.capture.records import CookieSnapshot, Upload
from tagprobe.checks.consent_moment import ConsentEffect, ConsentMoment, find_moment
from tagprobe.checks.observation import Observation
from tagprobe.checks.verdict import Evidence, Verdict
from tagprobe.decode.consent_source import source_label, source_name
from tagprobe.decode.events import Consent
from tagprobe.run.results import StepResult, StepStatus

NAME = "consent"
CLARITY_COOKIES = frozenset({"_clck", "_clsk"})
COOKIELESS = "cookieless-until-consent"
BLOCKED = "blocked-until-consent"
GPC = "global-privacy-control"
TRACKING = "tracking"
"""`after_consent`: once consent is given the tag records with analytics consent granted and its cookies."""
STAYS_COOKIELESS = "cookieless"
"""`after_consent`: the tag runs after consent but never writes its cookies (a site that promises that)."""
GRANT_FIX = (
    "call clarity('consentv2', {ad_Storage: 'granted', analytics_Storage: 'granted'}) from the consent "
    "manager's consent callback (or pass consent through Google Consent Mode)"
)
WITHDRAW_FIX = (
    "from the consent manager's change callback call clarity('consentv2', {ad_Storage: 'denied', "
    "analytics_Storage: 'denied'}) (the tag clears its cookies and restarts cookieless) or clarity('stop')"
)


@dataclass(frozen=True, slots=True)
class RecordedConsent:
    """One consent state the tag recorded, and the upload that carried it."""

    upload_index: int
    received_ms: float
    state: Consent

    def describe(self) -> str:
        return (
            f"analytics {_granted(self.state.analytics_granted)}, ad {_granted(self.state.ad_granted)}, "
            f"source {source_label(self.state.source)}"
        )


def _granted(flag: bool) -> str:
    return "granted" if flag else "denied"


def _step_label(steps: Sequence[StepResult], index: int) -> str:
    if index < 0:
        return "before the first step"
    if index >= len(steps):
        return "after the page closed"
    return f"after step {index + 1} {steps[index].step.describe()}"


def _moment_label(observation: Observation, moment: ConsentMoment) -> str:
    secrets = observation.record.scenario.secrets
    return f"step {moment.index + 1} {moment.result.step.describe(secrets)}"


def _clarity_cookies(snapshot: CookieSnapshot) -> frozenset[str]:
    return snapshot.names() & CLARITY_COOKIES


def recorded_consent(observation: Observation) -> list[RecordedConsent]:
    """Every consent state in the uploads, in the order the uploads arrived."""
    received = {upload.index: upload.received_ms for upload in observation.record.capture.uploads}
    states = [
        RecordedConsent(upload.index, received.get(upload.index, 0.0), event)
        for page in observation.session.pages
        for upload in page.uploads
        for event in upload.events
        if isinstance(event, Consent)
    ]
    return sorted(states, key=lambda item: (item.received_ms, item.upload_index))


def timeline(observation: Observation) -> Iterator[Evidence]:
    """When each Clarity cookie appeared or vanished, and each upload with the consent states it carried."""
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
    states: dict[int, list[RecordedConsent]] = {}
    for item in recorded_consent(observation):
        states.setdefault(item.upload_index, []).append(item)
    for upload in observation.record.capture.uploads:
        said = "; ".join(item.describe() for item in states.get(upload.index, []))
        yield Evidence(
            f"upload {upload.index} ({upload.transport.value})" + (f": consent {said}" if said else ""),
            upload_index=upload.index,
            time_ms=upload.received_ms,
        )


def _before(observation: Observation, moment: ConsentMoment | None) -> Iterator[Evidence]:
    """Cookieless until consent: no Clarity cookie and no upload saying granted before the consent step."""
    steps = observation.record.steps
    limit = moment.index if moment is not None else len(steps) + 1
    for snapshot in observation.record.capture.cookie_snapshots:
        if snapshot.step_index < limit and _clarity_cookies(snapshot):
            names = ", ".join(sorted(_clarity_cookies(snapshot)))
            yield Evidence(
                f"{names} written before consent, {_step_label(steps, snapshot.step_index)}",
                time_ms=snapshot.taken_ms,
            )
            break
    consent_at = moment.started_ms if moment is not None else float("inf")
    for item in recorded_consent(observation):
        if item.received_ms < consent_at and item.state.analytics_granted:
            yield Evidence(
                f"upload {item.upload_index}, sent before consent, says analytics consent granted "
                f"by source {source_label(item.state.source)}",
                upload_index=item.upload_index,
                time_ms=item.received_ms,
            )
            break


def _blocked_before(observation: Observation, moment: ConsentMoment | None) -> Iterator[Evidence]:
    """Blocked until consent: no request for the tag and no upload before the consent step."""
    capture = observation.record.capture
    limit = moment.started_ms if moment is not None else float("inf")
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


def _after(
    observation: Observation, moment: ConsentMoment, after_consent: str, blocked: bool
) -> Iterator[Evidence]:
    """The second half of the promise: what the tag does once consent was given."""
    capture = observation.record.capture
    label = _moment_label(observation, moment)
    late = [upload for upload in capture.uploads if upload.received_ms >= moment.started_ms]
    if not late:
        cause = (
            "the consent manager did not release the Clarity snippet (or its script-blocking does not "
            "cover it)"
            if blocked and not any(r.requested_ms >= moment.started_ms for r in capture.tag_requests)
            else "the tag did not record once consent was given (see health)"
        )
        yield Evidence(f"no upload after consent ({label}): {cause}")
        return
    after_snapshots = [s for s in capture.cookie_snapshots if s.step_index >= moment.index]
    states = [item for item in recorded_consent(observation) if item.received_ms >= moment.started_ms]
    if after_consent == STAYS_COOKIELESS:
        for snapshot in after_snapshots:
            if _clarity_cookies(snapshot):
                names = ", ".join(sorted(_clarity_cookies(snapshot)))
                yield Evidence(
                    f"{names} written after consent, although the site promises to stay cookieless "
                    f"(after_consent: cookieless), {_step_label(observation.record.steps, snapshot.step_index)}",
                    time_ms=snapshot.taken_ms,
                )
                break
        return
    if not any(item.state.analytics_granted for item in states):
        said = sorted({source_label(item.state.source) for item in states})
        denied = (
            f"every consent state after it says analytics denied, by source {', '.join(said)}"
            if said
            else ("no upload after it carries a consent state")
        )
        yield Evidence(
            f"after consent ({label}) the tag still records without analytics consent: {denied}, so the "
            f"consent manager never passed consent to the tag. Fix: {GRANT_FIX}; or, if the site promises "
            "to stay cookieless after consent, expect `after_consent: cookieless`",
            upload_index=late[0].index,
            time_ms=late[0].received_ms,
        )
    if not any(_clarity_cookies(snapshot) == CLARITY_COOKIES for snapshot in after_snapshots):
        yield Evidence(f"after consent ({label}) the tag did not write both _clck and _clsk")


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


def _page_key(upload: Upload) -> tuple[str, str, int] | None:
    return upload.envelope.page_key if upload.envelope is not None else None


def _withdrawal(observation: Observation, withdrawn: ConsentMoment) -> Iterator[Evidence]:
    """After withdrawal the tag must hold no cookies and either record on with consent denied or stop.

    The tag is told when an upload after the withdrawal carries analytics denied (consentv2 denied: it
    clears its cookies and restarts as a new page), or when it stopped (clarity("stop")): then the page
    that was recording sends no regular upload after the step."""
    capture = observation.record.capture
    steps = observation.record.steps
    label = _moment_label(observation, withdrawn)
    after = [s for s in capture.cookie_snapshots if s.step_index >= withdrawn.index]
    for position, snapshot in enumerate(after):
        if _clarity_cookies(snapshot):
            names = ", ".join(sorted(_clarity_cookies(snapshot)))
            when = "still set" if position == 0 else "written again"
            yield Evidence(
                f"{names} {when} after withdrawal, {_step_label(steps, snapshot.step_index)}",
                time_ms=snapshot.taken_ms,
            )
            break
    told = any(
        not item.state.analytics_granted
        for item in recorded_consent(observation)
        if item.received_ms >= withdrawn.started_ms
    )
    if told:
        return
    recording = {
        key
        for upload in capture.uploads
        if upload.received_ms < withdrawn.started_ms
        if (key := _page_key(upload))
    }
    played = [result for result in steps if result.status is not StepStatus.SKIPPED]
    closed_ms = max((r.started_ms + r.duration_ms for r in played), default=withdrawn.ended_ms)
    later_steps = len(played) > withdrawn.index + 1
    went_on = [
        upload
        for upload in capture.uploads
        if upload.received_ms > withdrawn.ended_ms
        and upload.envelope is not None
        and upload.envelope.page_key in recording
        # a regular upload; or the page's last beacon, sent only when the page closed (a stop sends it at once)
        and (not upload.envelope.end or (later_steps and upload.received_ms > closed_ms))
    ]
    if went_on:
        yield Evidence(
            f"after withdrawal ({label}) the tag went on recording the same session with analytics consent "
            f"still granted (upload {went_on[0].index} and {len(went_on) - 1} more): the consent manager "
            f"withdrew consent but never told the tag. Fix: {WITHDRAW_FIX}",
            upload_index=went_on[0].index,
            time_ms=went_on[0].received_ms,
        )


def _source(
    observation: Observation, wanted: str, given: ConsentMoment | None, after_consent: str
) -> Iterator[Evidence]:
    """The consent states must name the source the site passes consent through (`gcm`, `api-v2`, ...)."""
    states = recorded_consent(observation)
    if given is not None and after_consent == TRACKING:
        granting = [i for i in states if i.received_ms >= given.started_ms and i.state.analytics_granted]
        if granting and not any(source_name(i.state.source) == wanted for i in granting):
            yield Evidence(
                f"analytics consent was granted by {source_label(granting[0].state.source)}, not by {wanted}",
                upload_index=granting[0].upload_index,
                time_ms=granting[0].received_ms,
            )
        return
    if not any(source_name(item.state.source) == wanted for item in states):
        seen = sorted({source_label(item.state.source) for item in states})
        yield Evidence(
            f"no consent state came from {wanted}: "
            + (f"the tag recorded {', '.join(seen)}" if seen else "the tag recorded no consent state")
        )


def _moment_problem(
    observation: Observation, options: Mapping[str, Any], moment: ConsentMoment | None
) -> str | None:
    given_by = options.get("given_by")
    if given_by and moment is None:
        return (
            f"no step gives consent on {given_by!r}: tagprobe takes the click, press or check on that selector "
            "(or an evaluate step whose script contains it) as the consent moment; a wait_for or hover on it "
            "does not count"
        )
    if moment is not None and moment.result.status is not StepStatus.PASSED:
        why = f": {moment.result.error}" if moment.result.error else ""
        return (
            f"consent was never given: {_moment_label(observation, moment)} {moment.result.status.value}{why}"
        )
    return None


def check(observation: Observation, options: Mapping[str, Any]) -> Verdict:
    policy = str(options.get("policy", COOKIELESS))
    after_consent = str(options.get("after_consent", TRACKING))
    steps = observation.record.steps
    given = find_moment(steps, options, ConsentEffect.GIVEN)
    problem = _moment_problem(observation, options, given)
    if problem is not None:
        return Verdict.failed(NAME, f"{policy}: {problem}", *timeline(observation))
    problems: list[Evidence] = []
    if policy == GPC:
        problems.extend(_gpc(observation))
    elif policy == BLOCKED:
        problems.extend(_blocked_before(observation, given))
        if given is not None:
            problems.extend(_after(observation, given, after_consent, blocked=True))
    elif not observation.record.capture.uploads:
        return Verdict.skipped(NAME, "the tag sent no upload, so consent cannot be judged (see health)")
    else:
        problems.extend(_before(observation, given))
        if given is not None:
            problems.extend(_after(observation, given, after_consent, blocked=False))
    withdrawn = find_moment(steps, options, ConsentEffect.WITHDRAWN, after=given.index if given else -1)
    if options.get("withdrawn_by") and withdrawn is None:
        problems.append(Evidence(f"no step withdraws consent on {options['withdrawn_by']!r} (withdrawn_by)"))
    elif withdrawn is not None and given is not None:
        problems.extend(_withdrawal(observation, withdrawn))
    if options.get("source") and policy != GPC:
        problems.extend(_source(observation, str(options["source"]), given, after_consent))
    events = list(timeline(observation))
    if problems:
        return Verdict.failed(NAME, f"{policy}: {problems[0].summary}", *problems, *events)
    return Verdict.passed(
        NAME, f"{policy}: {_what_held(observation, policy, given, withdrawn, after_consent)}", *events
    )


def _what_held(
    observation: Observation,
    policy: str,
    given: ConsentMoment | None,
    withdrawn: ConsentMoment | None,
    after_consent: str,
) -> str:
    if policy == GPC:
        return "nothing recorded and no cookie under Global Privacy Control"
    before = "nothing loaded or sent" if policy == BLOCKED else "no Clarity cookie and consent denied"
    if given is None:
        return f"{before}, and no step gave consent"
    label = _moment_label(observation, given)
    if after_consent == STAYS_COOKIELESS:
        after = "the tag ran and stayed cookieless"
    else:
        granted = next(
            (
                item
                for item in recorded_consent(observation)
                if item.received_ms >= given.started_ms and item.state.analytics_granted
            ),
            None,
        )
        source = f" (source {source_name(granted.state.source)})" if granted else ""
        after = f"the tag recorded with analytics consent granted{source} and wrote _clck, _clsk"
    message = f"{before} until {label}; after it {after}"
    if withdrawn is not None:
        message += f"; after {_moment_label(observation, withdrawn)} the tag cleared its cookies and stopped recording with consent"
    return message
