"""Built-in PII patterns: email addresses, Luhn-valid card numbers and phone numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
CARD = re.compile(r"(?<![\d.])(?:\d[ -]?){12,18}\d(?![\d.])")
PHONE = re.compile(
    r"(?<![\w.:/])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?|\d{2,4}[ .-])\d{2,4}(?:[ .-]\d{2,5}){1,3}(?![\w.:/])"
)
"""Grouped digits only: a bare run of digits is an id or a timestamp far more often than a phone number."""
PHONE_DIGITS = range(10, 16)


@dataclass(frozen=True, slots=True)
class PiiMatch:
    kind: str
    text: str


CARD_ISSUER_PREFIX = re.compile(
    r"^(?:4\d{12}(?:\d{3}){0,2}"  # Visa
    r"|5[1-5]\d{14}|2(?:22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)\d{12}"  # Mastercard
    r"|3[47]\d{13}"  # American Express
    r"|3(?:0[0-5]|[68]\d)\d{11}"  # Diners Club
    r"|6(?:011|5\d\d|4[4-9]\d)\d{12,15}"  # Discover
    r"|35(?:2[89]|[3-8]\d)\d{12,15}"  # JCB
    r"|62\d{14,17})$"  # UnionPay
)


def looks_like_card(digits: str) -> bool:
    """A known issuer's prefix and length, and a valid Luhn check digit (a timestamp is neither)."""
    return bool(CARD_ISSUER_PREFIX.match(digits)) and luhn_valid(digits)


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
        if looks_like_card(digits):
            cards.add(match.group())
            yield PiiMatch("card number", match.group())
    if not phones:
        return
    for match in PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) in PHONE_DIGITS and not any(match.group() in card for card in cards):
            yield PiiMatch("phone number", match.group())
