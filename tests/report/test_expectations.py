"""Expected routes next to recorded pages, expected tags next to the tags found."""

from __future__ import annotations

import hashlib
from types import MappingProxyType

from tagprobe.decode.events import Custom, Variables
from tagprobe.decode.session import build_session
from tagprobe.report.expectations import route_comparison, tags_comparison, tags_found

from .factories import BASE, decoded


def test_routes_are_matched_to_pages_in_order() -> None:
    session = build_session(
        [decoded(i, i + 1, BASE + path, []) for i, path in enumerate(["/", "/cart/", "/x"])]
    )
    compared = route_comparison(["/", "/login", "/cart"], session.pages)
    assert [(row["route"], row["page"]) for row in compared["routes"]] == [
        ("/", 1),
        ("/login", None),
        ("/cart", 2),
    ]
    assert compared["other_pages"] == [{"page": 3, "url": BASE + "/x"}]


def test_tags_found_are_compared_with_the_expected_ones() -> None:
    digest = hashlib.sha256(b"user-42").hexdigest()
    events = [
        Variables(5, 34, MappingProxyType({"plan": ("gold",), "userId": (digest,)})),
        Custom(6, 24, "signed_in", None),
    ]
    found = tags_found(build_session([decoded(0, 1, BASE + "/", events)]))
    assert found == {"variables": {"plan": ["gold"], "userId": [digest]}, "events": ["signed_in"]}
    rows = tags_comparison(
        {"tags": {"plan": "gold", "tier": 2}, "identify": "user-42", "events": ["bought"]}, found
    )
    assert [(row["kind"], row["name"], row["ok"]) for row in rows] == [
        ("tag", "plan", True),
        ("tag", "tier", False),
        ("identify", "userId", True),
        ("event", "bought", False),
    ]
