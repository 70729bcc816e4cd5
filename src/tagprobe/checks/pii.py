"""The PII patterns, in one place for the masking check and the report's redaction: email addresses,
Luhn-valid card numbers of known issuers and phone numbers, and how a found value is shown masked."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

MASK_CHAR = "•"
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
CARD = re.compile(r"(?<!\d)(?<!\d[.,])(?:\d[ -]?){12,18}\d(?!\d|[.,]\d)")
"""13 to 19 digits, grouped by spaces or dashes. A dot or comma right after it is punctuation (`... 4242.`)
unless a digit follows, which makes it part of a decimal number."""
PHONE = re.compile(
    r"(?<![\w.:/])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?|\d{2,4}[ .-])\d{2,4}(?:[ .-]\d{2,5}){1,3}(?![\w:/]|\.\w)"
)
"""Grouped digits only: a bare run of digits is an id or a timestamp far more often than a phone number."""
PHONE_DIGITS = range(10, 16)


@dataclass(frozen=True, slots=True)
class PiiMatch:
    kind: str
    text: str
    start: int = 0

    @property
    def end(self) -> int:
        return self.start + len(self.text)


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


def find_cards(text: str) -> Iterator[PiiMatch]:
    for match in CARD.finditer(text):
        if looks_like_card(re.sub(r"\D", "", match.group())):
            yield PiiMatch("card number", match.group(), match.start())


def find_emails(text: str) -> Iterator[PiiMatch]:
    for match in EMAIL.finditer(text):
        yield PiiMatch("email address", match.group(), match.start())


def find_pii(text: str, *, phones: bool = True) -> Iterator[PiiMatch]:
    yield from find_emails(text)
    cards = list(find_cards(text))
    yield from cards
    if not phones:
        return
    for match in PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        inside_card = any(card.start <= match.start() < card.end for card in cards)
        if len(digits) in PHONE_DIGITS and not inside_card:
            yield PiiMatch("phone number", match.group(), match.start())


def mask_value(value: str) -> str:
    """`4242 4242 4242 4242` -> `42•••••••••••••••42`: recognisable, not readable."""
    keep = 2 if len(value) >= 10 else 1 if len(value) >= 4 else 0
    if keep == 0:
        return MASK_CHAR * len(value)
    return value[:keep] + MASK_CHAR * (len(value) - 2 * keep) + value[-keep:]


def mask_pii(text: str) -> str:
    """Masks email addresses and card numbers, whoever's they are."""
    found = sorted([*find_emails(text), *find_cards(text)], key=lambda match: match.start)
    shown, last = [], 0
    for match in found:
        if match.start < last:
            continue
        shown += [text[last : match.start], mask_value(match.text)]
        last = match.end
    return "".join([*shown, text[last:]])


def first_pii(text: str) -> tuple[int, int] | None:
    """Where the first email address or card number in `text` starts and ends."""
    spans = [(match.start, match.end) for match in [*find_emails(text), *find_cards(text)]]
    return min(spans, default=None)
