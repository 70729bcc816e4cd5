"""The built-in PII scan: what it flags, and the look-alikes it must leave alone."""

from __future__ import annotations

import pytest

from tagprobe.checks.pii import find_pii, luhn_valid, mask_pii


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("write to jane.doe@example.com today", ["email address"]),
        ("Card on file: 4111 1111 1111 1111", ["card number"]),
        ("card 4111-1111-1111-1111", ["card number"]),
        ("call +44 20 7946 0958 now", ["phone number"]),
        ("call (555) 123-4567 now", ["phone number"]),
    ],
)
def test_flags_pii(text: str, kinds: list[str]) -> None:
    assert [match.kind for match in find_pii(text)] == kinds


@pytest.mark.parametrize(
    "text",
    [
        "Order #10042 confirmed",
        "4111 1111 1111 1112",
        "http://127.0.0.1:33769/checkout",
        "1795366933137",
        "Total $1,234.56 on 2026-11-22",
        "version 0.8.70",
    ],
)
def test_leaves_look_alikes_alone(text: str) -> None:
    assert list(find_pii(text)) == []


@pytest.mark.parametrize("end", [".", ",", ")", ";", ""])
@pytest.mark.parametrize("card", ["4242 4242 4242 4242", "4242-4242-4242-4242", "4242424242424242"])
def test_a_card_followed_by_punctuation_is_a_card(card: str, end: str) -> None:
    for text in (f"Card for testing: {card}{end}", f"(card {card}{end} on file)", f"/pay?card={card}{end}"):
        assert [(match.kind, match.text) for match in find_pii(text)] == [("card number", card)], text
        assert [match.kind for match in find_pii(text, phones=False)] == ["card number"], text


def test_a_decimal_is_not_a_card_end() -> None:
    assert list(find_pii("4242424242424242.5")) == []
    assert list(find_pii("1.4242424242424242")) == []


def test_a_phone_at_the_end_of_a_sentence_is_a_phone() -> None:
    assert [match.kind for match in find_pii("Call us on +44 20 7946 0958.")] == ["phone number"]


def test_masked_pii_keeps_only_the_ends_and_the_punctuation() -> None:
    assert mask_pii("Card: 4242 4242 4242 4242. Mail jane@example.com.") == (
        "Card: 42•••••••••••••••42. Mail ja••••••••••••om."
    )


def test_phones_only_in_free_text() -> None:
    assert list(find_pii("+44 20 7946 0958", phones=False)) == []


def test_luhn() -> None:
    assert luhn_valid("4242424242424242")
    assert not luhn_valid("4242424242424241")
