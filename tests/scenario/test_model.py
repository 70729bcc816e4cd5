"""Step.describe: the step as written, variables resolved, environment values redacted."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from tagprobe.scenario.model import SourceLocation, Step, TagMode, TagSetup

HERE = SourceLocation(Path("shop.scenario.yaml"), 7, "steps[2].fill")


def step(action: str, **args: Any) -> Step:
    return Step(action, MappingProxyType(args), HERE)


def test_describe_shows_the_action_and_its_arguments() -> None:
    assert step("click", selector="#buy").describe() == "click(selector='#buy')"
    assert step("clarity", call=["event", "buy"]).describe() == "clarity(call=['event', 'buy'])"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("hunter2", "value='***'"),
        ("user hunter2!", "value='user ***!'"),
        ("it's", "value='***'"),
        ('back\\slash "quoted"', "value='***'"),
    ],
)
def test_describe_redacts_secrets_even_when_quoting_would_escape_them(value: str, shown: str) -> None:
    secrets = frozenset({"hunter2", "it's", 'back\\slash "quoted"'})
    assert step("fill", selector="#p", value=value).describe(secrets) == f"fill(selector='#p', {shown})"


def test_describe_redacts_inside_lists_and_the_longest_secret_first() -> None:
    described = step("clarity", call=["identify", "abc-123", "abc"]).describe(frozenset({"abc", "abc-123"}))
    assert described == "clarity(call=['identify', '***', '***'])"


def test_an_empty_secret_redacts_nothing() -> None:
    assert (
        step("fill", selector="#p", value="x").describe(frozenset({""})) == "fill(selector='#p', value='x')"
    )


def test_a_location_prints_as_file_colon_line() -> None:
    assert str(HERE) == "shop.scenario.yaml:7"


def test_start_options_always_use_tagprobes_collector() -> None:
    setup = TagSetup(TagMode.INJECT, None, MappingProxyType({"track": False}))
    assert setup.start_options("fallback", "http://127.0.0.1:1/collect") == {
        "track": False,
        "projectId": "fallback",
        "upload": "http://127.0.0.1:1/collect",
    }
