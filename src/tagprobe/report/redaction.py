"""What a report may show of sensitive text: environment values never, listed sensitive values and PII only
masked, each in every form the masking check searches for.

Three kinds of value are hidden wherever a report shows text:
- secrets (values that came from the environment) become `***`: no part of them, not their length;
- sensitive values (`expect.masking.sensitive`) keep their first and last characters only, so a reader can
  tell which value leaked without reading it;
- anything shaped like an email address or a card number (the masking check's PII patterns) is masked the
  same way.
A form is any of the check's transforms (another letter case, percent- or form-encoded, base64, a digest,
without spaces). In uploads (the replay's data), a string that is a piece of a hidden value, or that starts
or ends with one, is masked too: a page can split a value across two elements.
Values typed literally in the scenario file are no secret and are shown as written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tagprobe.checks.canaries import CASE_SENSITIVE_FORMS, transformed_forms
from tagprobe.checks.pii import MASK_CHAR, first_pii, mask_pii, mask_value
from tagprobe.scenario.hidden import listed_sensitive
from tagprobe.scenario.model import REDACTED, Scenario

SECRET_MARK = REDACTED
EXCERPT_CONTEXT = 60
MIN_WHOLE_PIECE = 3
"""A string that is nothing but this many characters of a hidden value is masked in uploads."""
MIN_EDGE_PIECE = 4
"""A string that starts or ends with this many characters of a hidden value has them masked in uploads."""

__all__ = ["MASK_CHAR", "Redactor", "json_pieces", "mask_pii", "mask_value"]


def _alternative(form: str, case_sensitive: bool) -> str:
    escaped = "|".join(
        re.escape(text) for text in sorted({form, json.dumps(form)[1:-1]}, key=len, reverse=True)
    )
    return f"(?:{escaped})" if case_sensitive else f"(?i:{escaped})"


@lru_cache(maxsize=256)
def _pattern(values: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for every form of every value, the longest spellings first."""
    alternatives = [
        (len(form), _alternative(form, name in CASE_SENSITIVE_FORMS))
        for value in values
        for name, form in transformed_forms(value).items()
    ]
    if not alternatives:
        return None
    return re.compile("|".join(text for _, text in sorted(alternatives, key=lambda pair: -pair[0])))


def _replace(pattern: re.Pattern[str], mark: Callable[[str], str], text: str) -> str:
    return pattern.sub(lambda match: mark(match.group(0)), text)


def _pieces_of(value: str, text: str) -> list[tuple[int, int]]:
    """Spans of `text` that are a piece of `value`: all of it, its end (a start of `value`), its start."""
    core = text.strip()
    if len(core) >= MIN_WHOLE_PIECE and len(core) < len(value) and core in value:
        return [(0, len(text))]
    spans = []
    longest = min(len(value) - 1, len(text))
    head = next((n for n in range(longest, MIN_EDGE_PIECE - 1, -1) if text.endswith(value[:n])), 0)
    if head:
        spans.append((len(text) - head, len(text)))
    tail = next((n for n in range(longest, MIN_EDGE_PIECE - 1, -1) if text.startswith(value[-n:])), 0)
    if tail:
        spans.append((0, tail))
    return spans


@dataclass(frozen=True, slots=True)
class Redactor:
    secrets: frozenset[str] = frozenset()
    sensitive: frozenset[str] = frozenset()

    @staticmethod
    def for_scenario(scenario: Scenario) -> Redactor:
        return Redactor(frozenset(scenario.secrets), frozenset(listed_sensitive(scenario)))

    @property
    def hides_values(self) -> bool:
        return bool(self.secrets or self.sensitive)

    def _marks(self) -> list[tuple[re.Pattern[str], Callable[[str], str]]]:
        secrets = _pattern(tuple(sorted(value for value in self.secrets if value)))
        sensitive = _pattern(tuple(sorted(value for value in self.sensitive - self.secrets if value)))
        marks: list[tuple[re.Pattern[str], Callable[[str], str]]] = []
        if secrets is not None:
            marks.append((secrets, lambda _: SECRET_MARK))
        if sensitive is not None:
            marks.append((sensitive, mask_value))
        return marks

    def text(self, text: str) -> str:
        for pattern, mark in self._marks():
            text = _replace(pattern, mark, text)
        return mask_pii(text)

    def value(self, value: Any) -> Any:
        """The same JSON-like value with every string redacted (keys too)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list | tuple):
            return [self.value(item) for item in value]
        if isinstance(value, Mapping):
            return {
                self.value(key) if isinstance(key, str) else key: self.value(item)
                for key, item in value.items()
            }
        return value

    def _piece(self, text: str) -> str:
        """`text` redacted, and any piece of a hidden value at its edges (or all of it, when it is one) masked:
        `***` for a piece of a secret, bullets for a piece of a sensitive value."""
        redacted = self.text(text)
        folded = redacted.casefold()
        if len(folded) != len(redacted):
            return redacted
        hidden: dict[int, bool] = {}
        for value, secret in [
            *((value, True) for value in self.secrets),
            *((v, False) for v in self.sensitive),
        ]:
            for start, end in _pieces_of(value.casefold(), folded):
                for position in range(start, end):
                    hidden[position] = hidden.get(position, False) or secret
        if not hidden:
            return redacted
        shown: list[str] = []
        for position, character in enumerate(redacted):
            if position not in hidden:
                shown.append(character)
            elif not hidden[position]:
                shown.append(MASK_CHAR)
            elif position - 1 not in hidden or not hidden[position - 1]:
                shown.append(SECRET_MARK)
        return "".join(shown)

    def _payload_value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self._piece(value)
        if isinstance(value, list | tuple):
            return [self._payload_value(item) for item in value]
        if isinstance(value, Mapping):
            return {key: self._payload_value(item) for key, item in value.items()}
        return value

    def payload(self, payload: str) -> str:
        """An upload as JSON text, redacted inside its strings only, so it still decodes."""
        try:
            parsed = json.loads(payload)
        except ValueError:
            return "".join(self.text(piece) if quoted else piece for quoted, piece in json_pieces(payload))
        return json.dumps(self._payload_value(parsed), ensure_ascii=False, separators=(",", ":"))

    def first_leak(self, text: str) -> tuple[int, int] | None:
        """Where the first hidden value (in any form), email or card number starts and ends."""
        spans = [match.span() for pattern, _ in self._marks() if (match := pattern.search(text))]
        if (pii := first_pii(text)) is not None:
            spans.append(pii)
        return min(spans, default=None)

    def leak_excerpt(self, payload: str, context: int = EXCERPT_CONTEXT) -> str | None:
        """The payload around the first hidden value inside one of its JSON strings (numbers are never card
        numbers), redacted before it is cut so that no value is ever shown, not even in part."""
        shown: list[str] = []
        leak: tuple[int, int] | None = None
        for quoted, piece in json_pieces(payload):
            span = self.first_leak(piece) if quoted and leak is None else None
            if span is None:
                shown.append(self.text(piece) if quoted else piece)
                continue
            shown.append(self.text(piece[: span[0]]))
            start = sum(map(len, shown))
            shown.append(self.text(piece[span[0] : span[1]]))
            leak = (start, start + len(shown[-1]))
            shown.append(self.text(piece[span[1] :]))
        if leak is None:
            return None
        text = "".join(shown)
        head = text[max(0, leak[0] - context) : leak[0]]
        tail = text[leak[1] : leak[1] + context]
        prefix = "…" if leak[0] > context else ""
        suffix = "…" if leak[1] + context < len(text) else ""
        return prefix + head + text[leak[0] : leak[1]] + tail + suffix


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def json_pieces(text: str) -> list[tuple[bool, str]]:
    """JSON text cut into (inside a string?, text) pieces, in order."""
    pieces: list[tuple[bool, str]] = []
    last = 0
    for match in _JSON_STRING.finditer(text):
        pieces += [(False, text[last : match.start()]), (True, match.group(0))]
        last = match.end()
    pieces.append((False, text[last:]))
    return pieces
