"""tags: the custom tags (`set`), the identify call (hashed user id) and the custom events arrived."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from tagprobe.capture.records import TagCall
from tagprobe.checks.observation import Observation
from tagprobe.checks.verdict import Comparison, Evidence, Verdict
from tagprobe.decode.events import Custom, Variables
from tagprobe.decode.session import RecordedSession

NAME = "tags"
USER_ID = "userId"
IDENTIFY_KEYS = frozenset({USER_ID, "userHint", "userType", "sessionId", "pageId", "friendlyName"})


def as_text(value: Any) -> str:
    """A tag value as the tag sends it: `clarity("set", "vip", true)` arrives as "true"."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def found_tags(session: RecordedSession) -> dict[str, list[str]]:
    """Every `set`/`identify` key the recording carries, with its values in the order they first arrived."""
    found: dict[str, list[str]] = {}
    for _, variables in session.of_type(Variables):
        for key, values in variables.values.items():
            known = found.setdefault(key, [])
            known.extend(value for value in values if value not in known)
    return found


def found_events(session: RecordedSession) -> list[str]:
    """Every `clarity("event")` name the recording carries, in the order they first arrived."""
    names: list[str] = []
    for _, custom in session.of_type(Custom):
        if custom.key not in names:
            names.append(custom.key)
    return names


def _compare(
    options: Mapping[str, Any], tags: Mapping[str, list[str]], events: list[str]
) -> list[Comparison]:
    rows = [
        Comparison("tag", key, as_text(value), tuple(tags.get(key, ())), as_text(value) in tags.get(key, ()))
        for key, value in (options.get("tags") or {}).items()
    ]
    identify = options.get("identify")
    if identify is not None:
        digest = hashlib.sha256(str(identify).encode()).hexdigest()
        users = tags.get(USER_ID, [])
        shown = tuple(f"{value[:12]}…" for value in users)
        rows.append(Comparison("identify", USER_ID, f"sha256 {digest[:12]}…", shown, digest in users))
    wanted_events = [str(name) for name in options.get("events") or ()]
    rows.extend(
        Comparison("event", name, "sent", (name,) if name in events else (), name in events)
        for name in wanted_events
    )
    if options.get("strict"):
        expected_keys = set((options.get("tags") or {}).keys()) | IDENTIFY_KEYS
        rows.extend(
            Comparison("tag", key, None, tuple(values), False)
            for key, values in sorted(tags.items())
            if key not in expected_keys
        )
        rows.extend(
            Comparison("event", name, None, (name,), False)
            for name in sorted(set(events) - set(wanted_events))
        )
    return rows


def _made_the_call(call: TagCall, row: Comparison, identify: Any) -> bool:
    """Whether `call` is the page's call for the missing `row`, whatever value it passed."""
    if row.kind == "identify":
        return call.method == "identify" and (
            call.identify_hash == hashlib.sha256(str(identify).encode()).hexdigest()
            or (bool(call.arguments) and call.arguments[0] == identify)
        )
    method = "set" if row.kind == "tag" else "event"
    return call.method == method and bool(call.arguments) and call.arguments[0] == row.name


def _what_the_page_called(row: Comparison, identify: Any, calls: tuple[TagCall, ...], complete: bool) -> str:
    """Why a missing row is missing, as far as the page's recorded tag-API calls tell: never called, or
    called (where, on the live tag or on the snippet's queue) and still never sent."""
    call_text = {
        "tag": f"clarity('set', {row.name!r}, …)",
        "identify": f"clarity('identify', {identify!r})",
        "event": f"clarity('event', {row.name!r})",
    }[row.kind]
    made = [call for call in calls if _made_the_call(call, row, identify)]
    if not made:
        return f": no {call_text} call was recorded on the page" if complete else ""
    last = made[-1]
    where = f" at {last.site}" if last.site else ""
    if last.site and last.caller:
        where += f" (from {last.caller})"
    how = (
        "on the tag's queue (the tag not running yet, or restarting)" if last.queued else "on the running tag"
    )
    return f": the page called {call_text}{where} {how}, and no upload carries it"


def _problem(
    row: Comparison, identify: Any, events: list[str], calls: tuple[TagCall, ...], complete: bool
) -> Evidence:
    if row.expected is None:
        return Evidence(
            f"unexpected tag {row.name}" if row.kind == "tag" else f"unexpected custom event {row.name!r}"
        )
    why = _what_the_page_called(row, identify, calls, complete)
    if row.kind == "identify":
        return Evidence(
            f"identify({identify!r}) was not sent: no userId equal to its SHA-256 {row.expected[7:]}{why}"
        )
    if row.kind == "event":
        return Evidence(
            f"custom event {row.name!r} was not sent (found: {', '.join(sorted(events)) or 'none'}){why}"
        )
    seen = ", ".join(sorted(row.found)) or "nothing"
    return Evidence(f"tag {row.name}={row.expected} was not sent (found {row.name}: {seen}){why}")


def check(observation: Observation, options: Mapping[str, Any]) -> Verdict:
    if not observation.record.capture.uploads:
        return Verdict.skipped(NAME, "the tag sent no upload (see health)")
    tags = found_tags(observation.session)
    events = found_events(observation.session)
    rows = tuple(_compare(options, tags, events))
    capture = observation.record.capture
    complete = not any("tag API calls" in note for note in capture.notes)
    problems = [
        _problem(row, options.get("identify"), events, capture.tag_calls, complete)
        for row in rows
        if not row.ok
    ]
    found = [
        Evidence(f"tag {key} = {', '.join(sorted(values))}")
        for key, values in sorted(tags.items())
        if key not in ("userHint",)
    ] + [Evidence(f"custom event {name}") for name in sorted(events)]
    if problems:
        return Verdict.failed(NAME, problems[0].summary, *problems, *found).comparing(rows)
    return Verdict.passed(
        NAME, f"{len(tags)} tag(s) and {len(events)} custom event(s) arrived", *found
    ).comparing(rows)
