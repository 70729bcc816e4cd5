"""The capture timeline: steps, cookie changes and uploads on one clock, with the moment consent was given.

It answers the consent question at a glance: did an upload leave, or a cookie appear, before consent?"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from tagprobe.capture.records import CookieSnapshot
from tagprobe.run.results import RunRecord, StepResult
from tagprobe.scenario.model import Step

CLARITY_COOKIES = frozenset({"_clck", "_clsk"})
GIVE_CALLS = frozenset({"consent", "consentv2"})


def consent_effect(step: Step, consent: Mapping[str, Any]) -> str | None:
    """`given` or `withdrawn` when the step gives or withdraws consent (by the selectors in `expect.consent`,
    or by calling the tag's consent API), else None."""
    selector = step.args.get("selector")
    if selector is not None and selector == consent.get("given_by"):
        return "given"
    if selector is not None and selector == consent.get("withdrawn_by"):
        return "withdrawn"
    call = step.args.get("call")
    if step.action == "clarity" and isinstance(call, list | tuple) and call and call[0] in GIVE_CALLS:
        return "withdrawn" if _denies(call[1:]) else "given"
    return None


def _denies(arguments: Sequence[Any]) -> bool:
    if not arguments:
        return False
    first = arguments[0]
    if isinstance(first, Mapping):
        return any(str(value).lower() == "denied" for value in first.values())
    return first is False or str(first).lower() == "false"


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
            "consent": consent_effect(result.step, consent),
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


def capture_timeline(record: RunRecord, consent: Mapping[str, Any]) -> dict[str, Any]:
    """Every row in time order; with consent options, what came before consent (all of it when no step gave
    consent)."""
    uploads = (
        {
            "time_ms": round(upload.received_ms, 1),
            "kind": "upload",
            "upload": upload.index,
            "transport": upload.transport.value,
            "bytes": upload.body_bytes,
            "page_num": upload.envelope.page_num if upload.envelope else None,
            "status": upload.answered_status,
        }
        for upload in record.capture.uploads
    )
    rows = sorted(
        [
            *_step_rows(record.steps, consent, record.scenario.secrets),
            *_cookie_rows(record.capture.cookie_snapshots),
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
