"""The usage check's rules and wording on hand-built calls (each rule is measured on the real tag in
tests/tag/test_usage_rules_e2e.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tagprobe.capture.records import CallSite, TagCall
from tagprobe.checks.usage import call_problems, describe

SITE = CallSite("http://127.0.0.1:8000/app.js", 3, 5)


def call(method: str, *arguments: Any, queued: bool = False) -> TagCall:
    return TagCall(1.0, method, arguments, "http://127.0.0.1:8000/", queued, SITE)


def problems(method: str, *arguments: Any, queued: bool = False) -> list[str]:
    return list(call_problems(call(method, *arguments, queued=queued)))


@pytest.mark.parametrize(
    ("method", "arguments"),
    [
        ("set", ("plan", "gold")),
        ("set", ("sizes", ["m", "l"])),
        ("event", ("add_to_cart",)),
        ("event", ("checkout", "step-2")),
        ("consentv2", ({"ad_Storage": "granted", "analytics_Storage": "Denied"},)),
        ("identify", ("customer-1042",)),
        ("upgrade", ("reason",)),
        ("stop", ()),
    ],
)
def test_calls_the_tag_honours_have_no_finding(method: str, arguments: tuple[Any, ...]) -> None:
    assert problems(method, *arguments) == []


def test_each_misuse_is_named_with_its_fix() -> None:
    assert "pass String(value)" in problems("set", "cart_items", 3)[0]
    assert "the value is undefined" in problems("set", "k", {"$type": "undefined"})[0]
    assert "the key is not" in problems("set", 4, "x")[0]
    assert "drops values of 255" in problems("set", "k", "v" * 255)[0]
    assert problems("set", "k", "v" * 254) == []
    assert "drops names of 255" in problems("event", "e" * 255)[0]
    assert "data-clarity-unmask" in problems("set", "Unmask", ".x")[0]
    assert "consentv2" in problems("set", "consent", "granted")[0]
    assert (
        "spell it 'ad_Storage'"
        in problems("consentv2", {"ad_storage": "granted", "analytics_Storage": "granted"})[0]
    )
    assert (
        "counts anything but"
        in problems("consentv2", {"ad_Storage": "yes", "analytics_Storage": "granted"})[0]
    )
    assert "not an object" in problems("consentv2", "granted")[0]
    assert "analytics_Storage: 'denied'" in problems("consent", False)[0]
    assert "did you mean 'set'?" in problems("setTag", "a", "b")[0]
    assert "calls queued after it are lost" in problems("tag", "a", queued=True)[0]


def test_a_call_is_described_as_written() -> None:
    assert describe(call("set", "cart_items", 3)) == 'clarity("set", "cart_items", 3)'
    assert (
        describe(call("consentv2", {"ad_Storage": "granted"}))
        == 'clarity("consentv2", {ad_Storage: "granted"})'
    )
    assert describe(call("set", "k", {"$type": "undefined"})) == 'clarity("set", "k", undefined)'
    assert describe(call("event", "x" * 300)).endswith('…" (300 characters))')


@pytest.mark.parametrize("key", ["content", "action", "track", "report", "plan"])
def test_keys_a_site_may_use_as_its_own_tags_are_not_taken_for_settings(key: str) -> None:
    assert problems("set", key, "checkout") == []
