"""The tags and spa checks hand over the rows they compared; results.json and the report show exactly those."""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tagprobe.checks import spa, tags
from tagprobe.checks.observation import Observation
from tagprobe.checks.verdict import CheckStatus, Verdict
from tagprobe.decode.events import Custom, Variables
from tagprobe.report.results_json import scenario_to_dict
from tests.report.factories import BASE, load_scenario, outcome

DIGEST = hashlib.sha256(b"user-42").hexdigest()
TAGGED = [
    Variables(5, 34, MappingProxyType({"vip": ("true",), "plan": ("gold",), "userId": (DIGEST,)})),
    Custom(6, 24, "signed_in", None),
    Custom(7, 24, "opened_menu", None),
]


SCENARIO = "name: unit\nurl: /\nsteps:\n  - scroll: {to: bottom}\n"


def _verdict(
    tmp_path: Path, check: Any, session_pages: list[tuple[str, list[Any]]], options: dict[str, Any]
) -> Verdict:
    scenario_outcome = outcome(load_scenario(tmp_path, SCENARIO), tmp_path, pages=session_pages)
    observation = Observation(scenario_outcome.record, scenario_outcome.session)
    verdict: Verdict = check.check(observation, options)
    return verdict


def test_a_boolean_tag_is_compared_as_the_tag_sends_it_and_the_row_agrees(tmp_path: Path) -> None:
    verdict = _verdict(
        tmp_path, tags, [(BASE + "/", TAGGED)], {"tags": {"vip": True, "tier": 2}, "identify": "user-42"}
    )
    rows = [(row.kind, row.name, row.expected, row.ok) for row in verdict.comparison]
    assert rows == [
        ("tag", "vip", "true", True),
        ("tag", "tier", "2", False),
        ("identify", "userId", f"sha256 {DIGEST[:12]}…", True),
    ]
    assert verdict.status is CheckStatus.FAILED
    assert verdict.message == (
        "tag tier=2 was not sent (found tier: nothing): no clarity('set', 'tier', …) call was recorded on the page"
    )


def test_strict_lists_what_nobody_expected_as_failed_rows(tmp_path: Path) -> None:
    verdict = _verdict(
        tmp_path,
        tags,
        [(BASE + "/", TAGGED)],
        {"tags": {"vip": True, "plan": "gold"}, "events": ["signed_in"], "strict": True},
    )
    assert verdict.status is CheckStatus.FAILED
    assert verdict.message == "unexpected custom event 'opened_menu'"
    assert [(row.kind, row.name, row.expected, row.ok) for row in verdict.comparison if not row.ok] == [
        ("event", "opened_menu", None, False)
    ]
    relaxed = _verdict(
        tmp_path, tags, [(BASE + "/", TAGGED)], {"tags": {"vip": True}, "events": ["signed_in"]}
    )
    assert relaxed.status is CheckStatus.PASSED


def test_routes_are_compared_in_order_exactly_as_recorded(tmp_path: Path) -> None:
    pages = [(BASE + path, []) for path in ["/", "/cart/", "/x"]]
    verdict = _verdict(tmp_path, spa, pages, {"routes": ["/", "/cart"]})
    assert verdict.status is CheckStatus.FAILED
    assert [(row.kind, row.name, row.found, row.ok, row.page_number) for row in verdict.comparison] == [
        ("route", "/", ("/",), True, 1),
        ("route", "/cart", ("/cart/",), False, 2),
        ("page", "", ("/x",), False, 3),
    ]
    assert _verdict(tmp_path, spa, pages, {"routes": ["/", "/cart/", "/x"]}).status is CheckStatus.PASSED


def test_results_json_shows_the_rows_the_checks_made(tmp_path: Path) -> None:
    scenario = load_scenario(tmp_path, SCENARIO)
    pages = [(BASE + "/", TAGGED), (BASE + "/cart/", [])]
    probe = outcome(scenario, tmp_path, pages=pages)
    observation = Observation(probe.record, probe.session)
    verdicts = (
        tags.check(observation, {"tags": {"vip": True}}),
        spa.check(observation, {"routes": ["/", "/cart"]}),
    )
    data = scenario_to_dict(outcome(scenario, tmp_path, pages=pages, verdicts=verdicts), tmp_path)
    assert data["tags"]["expected"] == [
        {"kind": "tag", "name": "vip", "expected": "true", "found": ["true"], "ok": True}
    ]
    assert data["tags"]["variables"] == {"vip": ["true"], "plan": ["gold"], "userId": [DIGEST]}
    assert data["tags"]["events"] == ["signed_in", "opened_menu"]
    assert data["expected_routes"] == {
        "routes": [
            {"route": "/", "page": 1, "url": BASE + "/", "ok": True},
            {"route": "/cart", "page": 2, "url": BASE + "/cart/", "ok": False},
        ],
        "other_pages": [],
    }
