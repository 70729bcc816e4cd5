"""pytest-playwright's `browser_context_args` as the base of a scenario's browser context: what a scenario
honours, and what it refuses because tagprobe must own it to keep the recording on this machine."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tagprobe.errors import TagprobeError

SET_BY_TAGPROBE = ("base_url", "record_video_dir")
"""Set by pytest-playwright from options tagprobe reads too (--base-url, --video): the engine's base URL (which
takes a `base_url` of the user's, `Engine.share`) and the scenario's own video folder."""

REFUSED = {
    "proxy": "every scenario's context goes through tagprobe's egress guard, which refuses what is not loopback "
    "or an --allow-host, so that no recording leaves this machine; use --allow-host HOST for the site",
    "service_workers": "tagprobe blocks service workers in a scenario: a worker's requests would pass by the "
    "answers that put the pinned tag on the page",
}
"""Keys a scenario cannot take, with the reason; `service_workers: "block"` is what it does anyway."""

TAGPROBE_PERMISSIONS = ("local-network-access",)


class ContextArgsError(TagprobeError):
    """A `browser_context_args` key that a scenario cannot honour."""


def scenario_context_base(context_args: Mapping[str, Any]) -> dict[str, Any]:
    """The options a scenario's context starts from: the user's `browser_context_args` minus what tagprobe
    sets from the same command line. A refused key is a `ContextArgsError` naming it and why."""
    for key, reason in REFUSED.items():
        if key in context_args and not (key == "service_workers" and context_args[key] == "block"):
            raise ContextArgsError(
                f"pytest-playwright's browser_context_args sets {key!r}, which scenarios cannot take: {reason}",
                hint=f"leave {key!r} out of browser_context_args (your conftest.py) when it runs scenarios",
            )
    return {key: value for key, value in context_args.items() if key not in SET_BY_TAGPROBE}


def with_tagprobe_permissions(options: Mapping[str, Any]) -> list[str]:
    """The user's permissions, plus the ones the guarded context needs."""
    return list(dict.fromkeys([*(options.get("permissions") or ()), *TAGPROBE_PERMISSIONS]))
