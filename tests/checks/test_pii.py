"""The built-in PII scan: what it flags, and the look-alikes it must leave alone."""

from __future__ import annotations

import pytest

from tagprobe.checks.pii import find_pii, luhn_valid


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


def test_phones_only_in_free_text() -> None:
    assert list(find_pii("+44 20 7946 0958", phones=False)) == []


def test_luhn() -> None:
    assert luhn_valid("4242424242424242")
    assert not luhn_valid("4242424242424241")
