"""Side-by-side views of what a scenario expected and what the recording shows: routes as pages, and tags."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from tagprobe.decode.events import Custom, Variables
from tagprobe.decode.session import RecordedPage, RecordedSession

USER_ID_TAG = "userId"


def _route_key(url_or_path: str, with_query: bool) -> str:
    parts = urlsplit(url_or_path)
    path = parts.path.rstrip("/") or "/"
    return f"{path}?{parts.query}" if with_query and parts.query else path


def route_comparison(routes: Sequence[str], pages: Sequence[RecordedPage]) -> dict[str, Any]:
    """Each expected route next to the recorded page that shows it, matched in order; then the pages no
    route asked for."""
    rows: list[dict[str, Any]] = []
    matched: set[int] = set()
    start = 0
    for route in routes:
        wanted = _route_key(route, with_query="?" in route)
        position = next(
            (i for i in range(start, len(pages)) if _route_key(pages[i].url, "?" in route) == wanted), None
        )
        page = None if position is None else pages[position]
        if position is not None:
            start = position + 1
            matched.add(position)
        rows.append(
            {"route": route, "page": page.number if page else None, "url": page.url if page else None}
        )
    extra = [{"page": page.number, "url": page.url} for i, page in enumerate(pages) if i not in matched]
    return {"routes": rows, "other_pages": extra}


def tags_found(session: RecordedSession) -> dict[str, Any]:
    """Every `clarity("set")`/`identify` value and `clarity("event")` name the recording carries."""
    variables: dict[str, list[str]] = {}
    for _, event in session.of_type(Variables):
        for key, values in event.values.items():
            known = variables.setdefault(key, [])
            known.extend(value for value in values if value not in known)
    events: list[str] = []
    for _, custom in session.of_type(Custom):
        if custom.key not in events:
            events.append(custom.key)
    return {"variables": variables, "events": events}


def tags_comparison(expected: Mapping[str, Any], found: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per expected tag, identify and event, with what was found and whether it matches."""
    variables: Mapping[str, list[str]] = found["variables"]
    rows: list[dict[str, Any]] = []
    for key, value in (expected.get("tags") or {}).items():
        values = variables.get(key, [])
        rows.append(
            {"kind": "tag", "name": key, "expected": str(value), "found": values, "ok": str(value) in values}
        )
    identify = expected.get("identify")
    if identify is not None:
        digest = hashlib.sha256(str(identify).encode()).hexdigest()
        values = variables.get(USER_ID_TAG, [])
        rows.append(
            {
                "kind": "identify",
                "name": USER_ID_TAG,
                "expected": f"sha256 {digest[:12]}…",
                "found": [f"{value[:12]}…" for value in values],
                "ok": digest in values,
            }
        )
    for name in expected.get("events") or ():
        sent = name in found["events"]
        rows.append(
            {
                "kind": "event",
                "name": str(name),
                "expected": "sent",
                "found": [name] if sent else [],
                "ok": sent,
            }
        )
    return rows
