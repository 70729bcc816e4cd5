"""pytest-playwright's browser_context_args as the base of a scenario's context: honoured, or refused with why."""

from __future__ import annotations

import pytest

from tagprobe.run.context_args import ContextArgsError, scenario_context_base, with_tagprobe_permissions


def test_the_projects_options_are_kept_but_what_tagprobe_sets_from_the_same_command_line() -> None:
    args = {"locale": "de-DE", "base_url": "http://x", "record_video_dir": "/tmp/v", "record_video_size": {}}
    assert scenario_context_base(args) == {"locale": "de-DE", "record_video_size": {}}


@pytest.mark.parametrize(
    ("key", "value"), [("proxy", {"server": "http://127.0.0.1:9"}), ("service_workers", "allow")]
)
def test_a_proxy_or_allowed_service_workers_are_refused_with_the_reason(key: str, value: object) -> None:
    with pytest.raises(ContextArgsError, match=f"sets '{key}', which scenarios cannot take") as caught:
        scenario_context_base({key: value})
    assert key in caught.value.hint


def test_blocked_service_workers_are_what_a_scenario_does_anyway() -> None:
    assert scenario_context_base({"service_workers": "block"}) == {"service_workers": "block"}


def test_the_projects_permissions_are_kept_beside_tagprobe_s() -> None:
    assert with_tagprobe_permissions({"permissions": ["geolocation"]}) == [
        "geolocation",
        "local-network-access",
    ]
    assert with_tagprobe_permissions({}) == ["local-network-access"]
