"""tags: the custom tags (`set`), the identify call (hashed user id) and the custom events arrived."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from tagprobe.checks.observation import Observation
from tagprobe.checks.verdict import Evidence, Verdict
from tagprobe.decode.events import Custom, Variables

NAME = "tags"
IDENTIFY_KEYS = frozenset({"userId", "userHint", "userType", "sessionId", "pageId", "friendlyName"})


def _as_text(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def check(observation: Observation, options: Mapping[str, Any]) -> Verdict:
    if not observation.record.capture.uploads:
        return Verdict.skipped(NAME, "the tag sent no upload (see health)")
    found_tags: dict[str, set[str]] = {}
    for _, variables in observation.session.of_type(Variables):
        for key, values in variables.values.items():
            found_tags.setdefault(key, set()).update(values)
    found_events = {event.key for _, event in observation.session.of_type(Custom)}
    problems: list[Evidence] = []
    for key, value in (options.get("tags") or {}).items():
        if _as_text(value) not in found_tags.get(key, set()):
            seen = ", ".join(sorted(found_tags.get(key, set()))) or "nothing"
            problems.append(Evidence(f"tag {key}={_as_text(value)} was not sent (found {key}: {seen})"))
    identify = options.get("identify")
    if identify is not None:
        digest = hashlib.sha256(str(identify).encode()).hexdigest()
        if digest not in found_tags.get("userId", set()):
            problems.append(
                Evidence(
                    f"identify({identify!r}) was not sent: no userId equal to its SHA-256 {digest[:12]}…"
                )
            )
    for name in options.get("events") or ():
        if name not in found_events:
            problems.append(
                Evidence(
                    f"custom event {name!r} was not sent (found: {', '.join(sorted(found_events)) or 'none'})"
                )
            )
    if options.get("strict"):
        expected_keys = set((options.get("tags") or {}).keys()) | IDENTIFY_KEYS
        problems.extend(Evidence(f"unexpected tag {key}") for key in sorted(set(found_tags) - expected_keys))
        expected_events = set(options.get("events") or ())
        problems.extend(
            Evidence(f"unexpected custom event {name!r}") for name in sorted(found_events - expected_events)
        )
    found = [
        Evidence(f"tag {key} = {', '.join(sorted(values))}")
        for key, values in sorted(found_tags.items())
        if key not in ("userHint",)
    ] + [Evidence(f"custom event {name}") for name in sorted(found_events)]
    if problems:
        return Verdict.failed(NAME, problems[0].summary, *problems, *found)
    return Verdict.passed(
        NAME, f"{len(found_tags)} tag(s) and {len(found_events)} custom event(s) arrived", *found
    )
