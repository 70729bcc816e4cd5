"""What a report may show of sensitive text: environment values never, sensitive values and PII only masked.

Three kinds of value are hidden wherever a report shows text:
- secrets (values that came from the environment) become `***`;
- sensitive values (`expect.masking.sensitive`, and typed values) keep their first and last characters only,
  so a reader can tell which value leaked without reading it;
- anything shaped like an email address or a card number (Luhn-valid) is masked the same way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tagprobe.scenario.hidden import sensitive_values
from tagprobe.scenario.model import Scenario

SECRET_MARK = "***"
MASK_CHAR = "•"
EXCERPT_CONTEXT = 60

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_CARD = re.compile(r"(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])")


def mask_value(value: str) -> str:
    """`4242 4242 4242 4242` -> `42•••••••••••••••42`: recognisable, not readable."""
    keep = 2 if len(value) >= 10 else 1 if len(value) >= 4 else 0
    if keep == 0:
        return MASK_CHAR * len(value)
    return value[:keep] + MASK_CHAR * (len(value) - 2 * keep) + value[-keep:]


def _luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        number = int(char)
        if position % 2 == 1:
            number = number * 2 - 9 if number > 4 else number * 2
        total += number
    return total % 10 == 0


def _mask_card(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = re.sub(r"\D", "", text)
    return mask_value(text) if _luhn_valid(digits) else text


def mask_pii(text: str) -> str:
    """Masks email addresses and card numbers, whoever's they are."""
    text = _EMAIL.sub(lambda match: mask_value(match.group(0)), text)
    return _CARD.sub(_mask_card, text)


@dataclass(frozen=True, slots=True)
class Redactor:
    secrets: frozenset[str] = frozenset()
    sensitive: frozenset[str] = frozenset()

    @staticmethod
    def for_scenario(scenario: Scenario) -> Redactor:
        return Redactor(frozenset(scenario.secrets), frozenset(sensitive_values(scenario)))

    @property
    def hides_values(self) -> bool:
        return bool(self.secrets or self.sensitive)

    def _hidden(self) -> list[tuple[str, str]]:
        """Each hidden value (as written, and as it appears inside a JSON string) with what replaces it."""
        pairs = [(secret, SECRET_MARK) for secret in self.secrets if secret]
        pairs += [(value, mask_value(value)) for value in self.sensitive if value]
        forms = [
            (form, mark)
            for value, mark in pairs
            for form in {value, json.dumps(value, ensure_ascii=False)[1:-1]}
        ]
        return sorted(forms, key=lambda pair: len(pair[0]), reverse=True)

    def text(self, text: str) -> str:
        for value, mark in self._hidden():
            text = text.replace(value, mark)
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

    def payload(self, payload: str) -> str:
        """An upload as JSON text, redacted inside its strings only, so it still decodes."""
        try:
            parsed = json.loads(payload)
        except ValueError:
            return "".join(self.text(piece) if quoted else piece for quoted, piece in json_pieces(payload))
        return json.dumps(self.value(parsed), ensure_ascii=False, separators=(",", ":"))

    def first_leak(self, text: str) -> tuple[int, int] | None:
        """Where the first hidden value (secret, sensitive value, email or card number) starts and ends."""
        spans = [
            (found, found + len(value)) for value, _ in self._hidden() if (found := text.find(value)) >= 0
        ]
        spans += [match.span() for match in _EMAIL.finditer(text)][:1]
        cards = (match for match in _CARD.finditer(text) if _luhn_valid(re.sub(r"\D", "", match.group(0))))
        spans += [match.span() for match in cards][:1]
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
