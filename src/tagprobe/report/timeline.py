"""The capture timeline: steps, cookie changes and uploads on one clock, with the moment consent was given.

It answers the consent question at a glance: did an upload leave, or a cookie appear, before consent?"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from tagprobe.capture.records import CookieSnapshot, TagCall
from tagprobe.checks.consent_moment import consent_effect
from tagprobe.checks.usage import describe
from tagprobe.decode.consent_source import source_name
from tagprobe.decode.events import Consent
from tagprobe.decode.session import RecordedSession
from tagprobe.run.results import RunRecord, StepResult

__all__ = ["capture_timeline", "consent_effect"]

CLARITY_COOKIES = frozenset({"_clck", "_clsk"})


def _step_rows(
    steps: Sequence[StepResult], consent: Mapping[str, Any], secrets: frozenset[str]
) -> Iterator[dict[str, Any]]:
    for number, result in enumerate(steps, start=1):
        yield {
            "time_ms": round(result.started_ms, 1),
            "kind": "step",
            "step": number,
            "label": result.step.describe(secrets),
            "status": result.status.value,
            "consent": None if (effect := consent_effect(result.step, consent)) is None else effect.value,
        }


def _cookie_rows(snapshots: Sequence[CookieSnapshot]) -> Iterator[dict[str, Any]]:
    before: frozenset[str] = frozenset()
    for snapshot in snapshots:
        names = snapshot.names()
        added, removed = sorted(names - before), sorted(before - names)
        if added or removed:
            yield {
                "time_ms": round(snapshot.taken_ms, 1),
                "kind": "cookies",
                "after_step": snapshot.step_index + 1,
                "added": added,
                "removed": removed,
                "cookies": sorted(names),
                "clarity": sorted(names & CLARITY_COOKIES),
            }
        before = names


def consent_states(session: RecordedSession | None) -> dict[int, list[dict[str, Any]]]:
    """Upload index -> the consent states it carried, each naming its source (`gcm`, `api-v2`, ...)."""
    states: dict[int, list[dict[str, Any]]] = {}
    for page in session.pages if session is not None else ():
        for upload in page.uploads:
            for event in upload.events:
                if isinstance(event, Consent):
                    states.setdefault(upload.index, []).append(
                        {
                            "source": source_name(event.source),
                            "source_code": event.source,
                            "analytics": "granted" if event.analytics_granted else "denied",
                            "ad": "granted" if event.ad_granted else "denied",
                        }
                    )
    return states


def _tag_call_rows(calls: Sequence[TagCall]) -> Iterator[dict[str, Any]]:
    for call in calls:
        yield {
            "time_ms": round(call.called_ms, 1),
            "kind": "tag_call",
            "call": describe(call),
            "queued": call.queued,
            "site": str(call.site) if call.site else None,
            "page_url": call.page_url,
        }


def capture_timeline(
    record: RunRecord, consent: Mapping[str, Any], session: RecordedSession | None = None
) -> dict[str, Any]:
    """Every row in time order; with consent options, what came before consent (all of it when no step gave
    consent)."""
    states = consent_states(session)
    uploads = (
        {
            "time_ms": round(upload.received_ms, 1),
            "kind": "upload",
            "upload": upload.index,
            "transport": upload.transport.value,
            "bytes": upload.body_bytes,
            "page_num": upload.envelope.page_num if upload.envelope else None,
            "status": upload.answered_status,
            "consent_states": states.get(upload.index, []),
        }
        for upload in record.capture.uploads
    )
    rows = sorted(
        [
            *_step_rows(record.steps, consent, record.scenario.secrets),
            *_cookie_rows(record.capture.cookie_snapshots),
            *_tag_call_rows(record.capture.tag_calls),
            *uploads,
        ],
        key=lambda row: row["time_ms"],
    )
    given = next(
        (row["time_ms"] for row in rows if row["kind"] == "step" and row["consent"] == "given"), None
    )
    limit = given if given is not None else math.inf if consent else None
    early = [row for row in rows if limit is not None and row["time_ms"] < limit]
    return {
        "consent_given_ms": given,
        "uploads_before_consent": None if limit is None else sum(row["kind"] == "upload" for row in early),
        "cookies_before_consent": None
        if limit is None
        else sorted({name for row in early if row["kind"] == "cookies" for name in row["added"]}),
        "rows": rows,
    }
