"""Built-in PII patterns: email addresses, Luhn-valid card numbers and phone numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
CARD = re.compile(r"(?<![\d.])(?:\d[ -]?){12,18}\d(?![\d.])")
PHONE = re.compile(r"(?<![\w.:/])\+?\(?\d{2,4}\)?(?:[ .-]?\d{2,4}){2,5}(?![\w.:/])")
PHONE_DIGITS = range(10, 16)


@dataclass(frozen=True, slots=True)
class PiiMatch:
    kind: str
    text: str


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, character in enumerate(reversed(digits)):
        value = int(character)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def find_pii(text: str, *, phones: bool = True) -> Iterator[PiiMatch]:
    for match in EMAIL.finditer(text):
        yield PiiMatch("email address", match.group())
    cards: set[str] = set()
    for match in CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if 13 <= len(digits) <= 19 and luhn_valid(digits):
            cards.add(match.group())
            yield PiiMatch("card number", match.group())
    if not phones:
        return
    for match in PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) in PHONE_DIGITS and not any(match.group() in card for card in cards):
            yield PiiMatch("phone number", match.group())
