"""errors: the JS errors the scenario expects were captured by the tag, and no others happened."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tagprobe.checks.observation import Observation
from tagprobe.checks.verdict import Evidence, Verdict
from tagprobe.decode.events import ScriptError

NAME = "errors"


def check(observation: Observation, options: Mapping[str, Any]) -> Verdict:
    if not observation.record.capture.uploads:
        return Verdict.skipped(NAME, "the tag sent no upload, so no error could be captured (see health)")
    expected = [str(text) for text in options.get("expected") or ()]
    allow_others = bool(options.get("allow_others", False))
    captured = observation.session.of_type(ScriptError)
    problems: list[Evidence] = []
    for text in expected:
        if not any(text in error.message for _, error in captured):
            problems.append(Evidence(f"the tag did not capture an error matching {text!r}"))
    if not allow_others:
        for page, error in captured:
            if not any(text in error.message for text in expected):
                problems.append(
                    Evidence(
                        f"unexpected error captured: {error.message}",
                        page_number=page.number,
                        time_ms=error.time,
                        location=f"{error.source}:{error.line}:{error.column}",
                    )
                )
        for page_error in observation.record.capture.page_errors:
            if not any(text in page_error.message for text in expected) and not any(
                page_error.message in error.message for _, error in captured
            ):
                problems.append(
                    Evidence(
                        f"the page raised {page_error.message!r}, which the tag did not capture",
                        time_ms=page_error.raised_ms,
                        excerpt=page_error.stack[:300],
                    )
                )
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
    return Verdict.passed(NAME, f"{len(captured)} error(s) captured, as expected", *found)
