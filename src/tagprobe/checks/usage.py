"""usage: the page calls the tag API in ways the tag honours: nothing it drops, misreads or has deprecated.

Each rule is measured on clarity-js 0.8.70 (tests/tag/test_usage_rules_e2e.py). Findings are warnings unless
`expect: {usage: {strict: true}}`."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from tagprobe.capture.records import TagCall
from tagprobe.capture.tag_calls import call_site
from tagprobe.checks.errors import UNGUARDED_CALL, UNGUARDED_CALL_ADVICE
from tagprobe.checks.observation import Observation
from tagprobe.checks.verdict import Evidence, Verdict
from tagprobe.decode.events import Variables

NAME = "usage"
MAX_LENGTH = 255
"""Keys, values and event names of this many characters or more are dropped by the tag."""
METHODS = frozenset(
    {
        *("start", "stop", "pause", "resume", "upgrade", "consent", "consentv2", "event", "identify", "set"),
        *("metadata", "signal", "maxMetric", "dlog", "queue", "register", "schedule", "time", "hashText"),
        "measure",
    }
)
"""What the tag's `window.clarity(method, ...)` dispatches to (src/clarity.ts exports); anything else throws."""
CONFIG_KEYS = frozenset(
    key.lower()
    for key in (
        *("mask", "unmask", "masking", "unmasking", "consent", "consentv2", "identify"),
        *("projectId", "upload", "lean", "includeSubdomains", "throttleDom", "delayDom"),
    )
)
"""`set` keys that can only be meant as a setting of the tag or another API call; the tag only sends them as
custom tags. Words a site may well use as a tag of its own (`content`, `action`, `track`, ...) are left out."""
CONSENT_KEYS = ("ad_Storage", "analytics_Storage")
CONSENT_VALUES = frozenset({"granted", "denied"})
"""The tag lower-cases the value; any other string counts as denied, any non-string is ignored."""
GRANTED_EXAMPLE = "clarity('consentv2', {ad_Storage: 'granted', analytics_Storage: 'granted'})"


def _shown(value: Any) -> str:
    if isinstance(value, dict) and set(value) <= {"$type", "text"} and "$type" in value:
        return str(value.get("text") or value["$type"])
    if isinstance(value, str) and len(value) > 40:
        return json.dumps(f"{value[:40]}…", ensure_ascii=False) + f" ({len(value)} characters)"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_shown(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_shown(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def describe(call: TagCall) -> str:
    """The call as the site wrote it, e.g. `clarity("set", "cart_items", 3)`."""
    return "clarity(" + ", ".join(_shown(part) for part in (call.method, *call.arguments)) + ")"


def _kind(value: Any) -> str:
    if isinstance(value, dict) and "$type" in value:
        return str(value["$type"])
    return {bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "an object"}.get(
        type(value), "null"
    )


def _set_problems(arguments: tuple[Any, ...]) -> Iterator[str]:
    key = arguments[0] if arguments else None
    value = arguments[1] if len(arguments) > 1 else None
    if not isinstance(key, str) or not key:
        yield "the key is not a non-empty string, so the tag drops the call without a word; pass the tag's name first"
        return
    if len(key) >= MAX_LENGTH:
        yield f"the key has {len(key)} characters: the tag drops keys of {MAX_LENGTH} or more; shorten it"
        return
    if key.lower() in CONFIG_KEYS:
        yield (
            f"{key!r} is not a setting: `set` only sends a custom tag named {key!r} and changes nothing else; "
            + _config_advice(key.lower())
        )
    if isinstance(value, str):
        if len(value) >= MAX_LENGTH:
            yield f"the value has {len(value)} characters: the tag drops values of {MAX_LENGTH} or more; shorten it"
        return
    if isinstance(value, list):
        bad = [item for item in value if not isinstance(item, str) or len(item) >= MAX_LENGTH]
        if bad:
            yield (
                f"{len(bad)} of the {len(value)} values are not strings shorter than {MAX_LENGTH} characters "
                "(e.g. " + _shown(bad[0]) + "): the tag drops them; pass each as a string"
            )
        return
    yield (
        f"the value is {_kind(value)}: the tag keeps only strings (or lists of strings) and drops this call "
        f'without a word; pass String(value), e.g. clarity("set", {json.dumps(key)}, "{_plain(value)}")'
    )


def _plain(value: Any) -> str:
    return _shown(value).strip('"')


def _config_advice(key: str) -> str:
    if key in ("mask", "unmask", "masking", "unmasking"):
        attribute = "data-clarity-unmask" if key.startswith("unmask") else "data-clarity-mask"
        return (
            f'mark the elements with {attribute}="true", or use the masking settings of the Clarity project'
        )
    if key in ("consent", "consentv2"):
        return f"give consent with {GRANTED_EXAMPLE}"
    if key in ("identify", "userid"):
        return "identify the visitor with clarity('identify', id), which sends only the id's hash"
    return "settings belong in the Clarity project's settings (or the start config), not in `set`"


def _event_problems(arguments: tuple[Any, ...]) -> Iterator[str]:
    name = arguments[0] if arguments else None
    if not isinstance(name, str) or not name:
        yield f"the event name is {_kind(name)}, not a string: the tag drops the call; pass the name as a string"
    elif len(name) >= MAX_LENGTH:
        yield f"the event name has {len(name)} characters: the tag drops names of {MAX_LENGTH} or more; shorten it"


def _consentv2_problems(arguments: tuple[Any, ...]) -> Iterator[str]:
    state = arguments[0] if arguments else None
    if not arguments:
        return
    if not isinstance(state, dict) or "$type" in state:
        yield f"the argument is {_kind(state)}, not an object: the tag ignores it; call {GRANTED_EXAMPLE}"
        return
    for key in state:
        if key not in CONSENT_KEYS:
            right = next((name for name in CONSENT_KEYS if name.lower() == key.lower()), None)
            spelled = (
                f"spell it {right!r} (capital S)"
                if right
                else f"the tag reads only {' and '.join(CONSENT_KEYS)}"
            )
            yield f"the key {key!r} is not read by the tag, so this consent never reaches it: {spelled}"
    for key in CONSENT_KEYS:
        if key not in state:
            continue
        value = state[key]
        if not isinstance(value, str):
            yield f'{key} is {_kind(value)}: the tag ignores it and keeps the previous state; pass "granted" or "denied"'
        elif value.lower() not in CONSENT_VALUES:
            yield f'{key} is {value!r}: the tag counts anything but "granted" as denied; pass "granted" or "denied"'


def _consent_problems(arguments: tuple[Any, ...]) -> Iterator[str]:
    denies = bool(arguments) and arguments[0] is False
    state = "denied" if denies else "granted"
    yield (
        "`consent` (API v1) is planned for deprecation in favour of `consentv2`; call "
        f"clarity('consentv2', {{ad_Storage: '{state}', analytics_Storage: '{state}'}})"
    )


RULES = {
    "set": _set_problems,
    "event": _event_problems,
    "consentv2": _consentv2_problems,
    "consent": _consent_problems,
}


def call_problems(call: TagCall) -> Iterator[str]:
    if call.method not in METHODS:
        consequence = (
            "queued before the tag loaded, it throws while the tag replays its queue, and the calls queued "
            "after it are lost"
            if call.queued
            else "the call throws a TypeError on the page"
        )
        close = [
            name for name in ("set", "event", "identify", "consentv2") if name.lower() in call.method.lower()
        ]
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        yield f"{call.method!r} is not a method of the tag: {consequence}{hint}"
        return
    rule = RULES.get(call.method)
    if rule is not None:
        yield from rule(call.arguments)


def _where(call: TagCall) -> str:
    if call.site is None:
        return "from a `clarity` step or an `evaluate` (no script of the page)"
    if call.caller is not None:
        return f"at {call.site} (called from {call.caller})"
    return f"at {call.site}"


def _lost_identifies(observation: Observation) -> Iterator[Evidence]:
    if not observation.record.capture.uploads:
        return
    sent = {
        value
        for _, variables in observation.session.of_type(Variables)
        for value in variables.values.get("userId", ())
    }
    for call in observation.record.capture.tag_calls:
        if call.method == "identify" and call.identify_hash and call.identify_hash not in sent:
            yield Evidence(
                f"{describe(call)} {_where(call)}: the id never reached an upload. The tag hashes it "
                "asynchronously, and a navigation (or the page closing) in the same tick loses it; navigate "
                "once the promise clarity('identify', id) returns has settled",
                time_ms=call.called_ms,
                location=str(call.site) if call.site else call.page_url,
            )


def _unguarded_calls(observation: Observation) -> Iterator[Evidence]:
    for error in observation.record.capture.page_errors:
        if UNGUARDED_CALL.search(error.message):
            site = call_site(error.stack)
            where = f"at {site}" if site else "on the page"
            yield Evidence(
                f"{error.message} {where}: {UNGUARDED_CALL_ADVICE}",
                time_ms=error.raised_ms,
                location=str(site) if site else None,
            )


def findings(observation: Observation) -> list[Evidence]:
    """What the tag ignores, mishandles or has deprecated in the page's calls, in time order."""
    found = [
        Evidence(
            f"{describe(call)} {_where(call)}: {problem}",
            time_ms=call.called_ms,
            location=str(call.site) if call.site else call.page_url,
        )
        for call in observation.record.capture.tag_calls
        for problem in call_problems(call)
    ]
    found += _lost_identifies(observation)
    found += _unguarded_calls(observation)
    return sorted(found, key=lambda evidence: evidence.time_ms or 0.0)


def check(observation: Observation, options: Mapping[str, Any]) -> Verdict:
    problems = findings(observation)
    calls = len(observation.record.capture.tag_calls)
    if not problems:
        return Verdict.passed(NAME, f"the page made {calls} call(s) to the tag API, all of them honoured")
    if options.get("strict", False):
        return Verdict.failed(NAME, problems[0].summary, *problems)
    return Verdict.passed_with_warnings(
        NAME,
        f"{len(problems)} warning(s) about the page's calls to the tag API (`usage: {{strict: true}}` makes "
        f"them fail): {problems[0].summary}",
        *problems,
    )
