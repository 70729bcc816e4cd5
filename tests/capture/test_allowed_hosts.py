"""The `--allow-host` rule: exact host names pass, patterns, lists and Clarity's hosts never do."""

from __future__ import annotations

import pytest

from tagprobe.capture.allowed_hosts import (
    CLARITY_DOMAINS,
    DisallowedHostError,
    allowed_host,
    allowed_hosts,
    is_clarity_host,
)
from tagprobe.capture.clock import CaptureClock
from tagprobe.capture.collector import UPLOAD_HOST
from tagprobe.capture.egress import EgressGuard
from tagprobe.tag.scripts import LOADER_URL_PREFIX, SCRIPT_URL_TEMPLATE

CLARITY_VALUES = [
    "clarity.ms",
    "www.clarity.ms",
    "scripts.clarity.ms",
    "k.clarity.ms",
    UPLOAD_HOST,
    "TAGPROBE.CLARITY.MS",
    "Clarity.Ms",
    "clarity.ms.",
    "c.bing.com",
    "C.Bing.Com",
    "clarity.microsoft.com",
]
PATTERNS = ["*", "*.clarity.ms", ".clarity.ms", "*.example.com", ".example.com", "example.*", "ex?mple.com"]
LISTS = ["example.com,k.clarity.ms", "example.com;x.com", "example.com x.com", "example.com\nx.com", ""]
NOT_EXACT = [
    "https://example.com",
    "example.com:8080",
    "example.com/path",
    "10.0.0.0/8",
    "<local>",
    "<-loopback>",
    "[::1]",
    "example.com.",
    "-bad.example.com",
    "exa_mple.com",
    "clarity\u3002ms",
    "1.2.3",
    "a" * 64 + ".com",
]


@pytest.mark.parametrize("value", CLARITY_VALUES)
def test_clarity_hosts_are_refused_in_any_letter_case(value: str) -> None:
    with pytest.raises(DisallowedHostError, match="never reachable"):
        allowed_host(value)


@pytest.mark.parametrize("value", PATTERNS + LISTS + NOT_EXACT)
def test_patterns_lists_and_anything_but_an_exact_name_are_refused(value: str) -> None:
    with pytest.raises(DisallowedHostError):
        allowed_host(value)


def test_a_list_that_smuggles_a_clarity_host_names_clarity() -> None:
    with pytest.raises(DisallowedHostError, match="never reachable"):
        allowed_host("example.com,k.clarity.ms")


@pytest.mark.parametrize(
    ("value", "host"),
    [
        ("staging.example.com", "staging.example.com"),
        ("Staging.Example.COM", "staging.example.com"),
        ("shop", "shop"),
        ("xn--bcher-kva.example", "xn--bcher-kva.example"),
        ("10.1.2.3", "10.1.2.3"),
        ("notclarity.ms", "notclarity.ms"),
        ("clarity.ms.example.com", "clarity.ms.example.com"),
        ("bing.com", "bing.com"),
    ],
)
def test_exact_names_are_allowed_lower_cased(value: str, host: str) -> None:
    assert allowed_host(value) == host


def test_duplicates_are_dropped_in_order() -> None:
    assert allowed_hosts(["b.example", "A.example", "B.EXAMPLE"]) == ("b.example", "a.example")


def test_the_hosts_tagprobe_itself_points_the_tag_at_are_clarity_hosts() -> None:
    """The URLs the tag and the emulated loader use are judged by the same rule that refuses them."""
    for url in (LOADER_URL_PREFIX, SCRIPT_URL_TEMPLATE, f"https://{UPLOAD_HOST}/collect"):
        host = url.split("/")[2]
        assert is_clarity_host(host), host
    assert set(CLARITY_DOMAINS) >= {"clarity.ms"}


def test_the_egress_guard_itself_refuses_what_the_rule_refuses() -> None:
    """Every entry point ends in the guard, so a caller that skipped the option check is still refused."""
    with pytest.raises(DisallowedHostError):
        EgressGuard(CaptureClock(), ("*.clarity.ms",))
    with EgressGuard(CaptureClock(), ("Shop.Example.test",)) as guard:
        assert guard.proxy_settings()["bypass"].split(",")[-1] == "shop.example.test"
