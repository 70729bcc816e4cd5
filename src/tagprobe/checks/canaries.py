"""The values the masking check looks for in the uploads (typed, listed as sensitive, or from the environment),
how messages name each one, and the simple transforms under which a leak still counts as a leak."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import quote, quote_plus, urlsplit

from tagprobe.checks.pii import mask_value
from tagprobe.run.results import RunRecord, StepStatus
from tagprobe.scenario.hidden import listed_sensitive, typed_value
from tagprobe.scenario.model import REDACTED, Scenario

MIN_CANARY_LENGTH = 4
MIN_PREVIEW_LENGTH = 8
"""Shorter values are named by where they came from, not by a preview made mostly of bullets."""
CASE_SENSITIVE_FORMS = frozenset({"base64", "base64url"})


def transformed_forms(secret: str) -> dict[str, str]:
    """Each spelling of `secret` that still gives it away, by the name of the transform. Letter case is not a
    form of its own: every form but base64 is matched whatever its case."""
    return dict(_forms(secret))


@lru_cache(maxsize=1024)
def _forms(secret: str) -> tuple[tuple[str, str], ...]:
    """transformed_forms, computed once per value: the masking check searches every recorded text for it."""
    forms = {
        "as typed": secret,
        "percent-encoded": quote(secret, safe=""),
        "form-encoded": quote_plus(secret),
        "base64": base64.b64encode(secret.encode()).decode().rstrip("="),
        "base64url": base64.urlsafe_b64encode(secret.encode()).decode().rstrip("="),
        "SHA-256": hashlib.sha256(secret.encode()).hexdigest(),
        "MD5": hashlib.md5(secret.encode(), usedforsecurity=False).hexdigest(),
    }
    compact = re.sub(r"[\s-]", "", secret)
    if compact != secret and len(compact) >= MIN_CANARY_LENGTH:
        forms["without spaces"] = compact
    unique: dict[str, str] = {}
    for name, text in forms.items():
        if text not in unique.values():
            unique[name] = text
    return tuple(unique.items())


@lru_cache(maxsize=1024)
def _searched_forms(secret: str) -> tuple[tuple[str, str, str | None], ...]:
    """(form, spelling, its case-folded spelling or None when only an exact match counts)."""
    return tuple(
        (form, spelled, None if form in CASE_SENSITIVE_FORMS else spelled.casefold())
        for form, spelled in _forms(secret)
    )


@dataclass(frozen=True, slots=True)
class Match:
    form: str
    exact: bool
    """False when it matched only with letter case ignored."""
    start: int
    length: int

    @property
    def how(self) -> str:
        return f"{self.form}, {'exact' if self.exact else 'case-folded'}"


@dataclass(frozen=True, slots=True)
class Canary:
    secret: str
    origin: str
    """Where it came from: `typed in step 3 (search.scenario.yaml:9)`, `listed in expect.masking.sensitive`."""
    shown: str = ""
    """How messages show it: `'plans'` when typed literally, `***` for a secret, a preview or nothing."""
    typed_at_ms: float | None = None
    """On the capture clock: when the step that typed it started. None: judged over the whole capture."""

    @property
    def label(self) -> str:
        return f"{self.shown} ({self.origin})" if self.shown else f"the value {self.origin}"

    def forms(self) -> dict[str, str]:
        return transformed_forms(self.secret)

    def find(self, text: str) -> Match | None:
        """The first form found in `text`, preferring an exact match."""
        folded_text: str | None = None
        for form, spelled, folded in _searched_forms(self.secret):
            if (at := text.find(spelled)) >= 0:
                return Match(form, True, at, len(spelled))
            if folded is not None:
                folded_text = text.casefold() if folded_text is None else folded_text
                if len(folded_text) == len(text) and (at := folded_text.find(folded)) >= 0:
                    return Match(form, False, at, len(spelled))
        return None

    def find_all(self, text: str) -> Iterator[Match]:
        """Every occurrence of every form in `text`."""
        folded = text.casefold()
        for form, spelled in self.forms().items():
            exact_only = form in CASE_SENSITIVE_FORMS or len(folded) != len(text)
            haystack, needle = (text, spelled) if exact_only else (folded, spelled.casefold())
            at = haystack.find(needle)
            while at >= 0:
                yield Match(form, text[at : at + len(needle)] == spelled, at, len(needle))
                at = haystack.find(needle, at + 1)


def _shown(value: str, secrets: frozenset[str], literal: bool) -> str:
    if any(secret and secret in value for secret in secrets):
        return REDACTED
    if literal:
        return repr(value)
    return mask_value(value) if len(value) >= MIN_PREVIEW_LENGTH else ""


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _typed(record: RunRecord, secrets: frozenset[str]) -> Iterator[Canary]:
    for number, result in enumerate(record.steps, start=1):
        value = typed_value(result.step)
        if value is None or result.status is StepStatus.SKIPPED:
            continue
        secret = value in secrets
        yield Canary(
            value,
            f"typed in step {number}, {result.step.location}",
            _shown(value, secrets, literal=True),
            None if secret else result.started_ms,
        )


def _secret_origin(scenario: Scenario, secret: str) -> str | None:
    """Where a value from the environment is used, or None when it is meant to reach the tag: the project
    id, the site's own address, values only in `clarity` steps, `expect` or `tag` settings."""
    parts = urlsplit(scenario.url)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    if secret == scenario.tag.project_id or (origin and secret in origin):
        return None
    if secret in scenario.url:
        return "from the environment, in the scenario's url"
    for number, step in enumerate(scenario.steps, start=1):
        if step.action != "clarity" and secret in repr(dict(step.args)):
            return f"from the environment, in step {number}, {step.location}"
    if secret in scenario.name:
        return "from the environment, in the scenario's name"
    return None


def canaries(record: RunRecord, options: Mapping[str, Any]) -> list[Canary]:
    """Every value to look for, each once, shorter ones left out. A typed value is named by the earliest step
    that typed it, and judged everywhere (not from that step on) when it is listed or a secret too."""
    scenario = record.scenario
    secrets = scenario.secrets
    found: list[Canary] = []
    if options.get("typed_values", True):
        found += _typed(record, secrets)
    found += [
        Canary(
            value,
            f"listed {_ordinal(position)} in expect.masking.sensitive",
            _shown(value, secrets, literal=False),
        )
        for position, value in enumerate(listed_sensitive(scenario), start=1)
    ]
    found += [
        Canary(secret, origin, REDACTED)
        for secret in sorted(secrets)
        if (origin := _secret_origin(scenario, secret)) is not None
    ]
    unique: dict[str, Canary] = {}
    for canary in found:
        first = unique.get(canary.secret)
        if len(canary.secret) < MIN_CANARY_LENGTH:
            continue
        if first is None:
            unique[canary.secret] = canary
        elif canary.typed_at_ms is None and first.typed_at_ms is not None:
            unique[canary.secret] = Canary(canary.secret, first.origin, canary.shown, None)
    return list(unique.values())
