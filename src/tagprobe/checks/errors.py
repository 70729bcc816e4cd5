"""errors: the JS errors the scenario expects happened (captured by the tag when it uploads), and no others."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from tagprobe.capture.records import PageError
from tagprobe.capture.tag_calls import call_site
from tagprobe.checks.observation import Observation
from tagprobe.checks.verdict import Evidence, Verdict
from tagprobe.decode.events import ScriptError

NAME = "errors"
UNGUARDED_CALL = re.compile(r"\b(?:window\.)?clarity is not (?:a function|defined)\b")
"""Chromium's words for a call on `window.clarity` when nothing defined it (the tag blocked or gated)."""
UNGUARDED_CALL_ADVICE = (
    "`window.clarity` was called while the tag was blocked or gated. "
    "Define the snippet's queue stub unconditionally, or guard the call."
)


def with_advice(summary: str, message: str) -> str:
    """`summary`, followed by the cause and the fix when `message` is a call on a missing `window.clarity`."""
    if UNGUARDED_CALL.search(message):
        return f"{summary}. {UNGUARDED_CALL_ADVICE}"
    return summary


def error_location(stack: str) -> str | None:
    """`url:line:column` of the first frame of a V8 stack that names a script, if any."""
    site = call_site(stack)
    return str(site) if site is not None else None


def _matches(text: str, message: str) -> bool:
    return text in message


def check(observation: Observation, options: Mapping[str, Any]) -> Verdict:
    expected = [str(text) for text in options.get("expected") or ()]
    allow_others = bool(options.get("allow_others", False))
    tag_uploaded = bool(observation.record.capture.uploads)
    captured = observation.session.of_type(ScriptError)
    page_errors = observation.record.capture.page_errors
    problems: list[Evidence] = []
    for text in expected:
        if tag_uploaded and not any(_matches(text, error.message) for _, error in captured):
            problems.append(Evidence(f"the tag did not capture an error matching {text!r}"))
        elif not tag_uploaded and not any(_matches(text, error.message) for error in page_errors):
            problems.append(Evidence(f"the page raised no error matching {text!r}"))
    if not allow_others:
        for page, error in captured:
            if not any(_matches(text, error.message) for text in expected):
                problems.append(
                    Evidence(
                        with_advice(f"unexpected error captured: {error.message}", error.message),
                        page_number=page.number,
                        time_ms=error.time,
                        location=f"{error.source}:{error.line}:{error.column}",
                    )
                )
        for page_error in page_errors:
            if any(_matches(text, page_error.message) for text in expected):
                continue
            if any(page_error.message in error.message for _, error in captured):
                continue
            problems.append(_page_error_evidence(page_error, tag_uploaded))
    found = [
        Evidence(
            f"captured: {error.message}",
            page_number=page.number,
            time_ms=error.time,
            location=f"{error.source}:{error.line}:{error.column}",
        )
        for page, error in captured
    ]
    if problems:
        return Verdict.failed(NAME, problems[0].summary, *problems, *found)
    if not tag_uploaded:
        return Verdict.passed(
            NAME,
            f"the tag sent no upload (see health); the page raised {len(page_errors)} error(s), as expected",
            *(_page_error_evidence(error, tag_uploaded, prefix="raised") for error in page_errors),
        )
    return Verdict.passed(NAME, f"{len(captured)} error(s) captured, as expected", *found)


def _page_error_evidence(page_error: PageError, tag_uploaded: bool, prefix: str = "") -> Evidence:
    if prefix:
        summary = f"{prefix}: {page_error.message}"
    elif tag_uploaded:
        summary = f"the page raised {page_error.message!r}, which the tag did not capture"
    else:
        summary = f"the page raised an error: {page_error.message}"
    return Evidence(
        with_advice(summary, page_error.message) if not prefix else summary,
        time_ms=page_error.raised_ms,
        excerpt=page_error.stack[:300],
        location=error_location(page_error.stack),
    )
