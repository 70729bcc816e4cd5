"""Frozen models of a validated scenario. Every step keeps where it was written, for error messages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any

DEFAULT_PROJECT_ID = "tagprobe00"
REDACTED = "***"


@dataclass(frozen=True, slots=True)
class SourceLocation:
    file: Path
    line: int
    """1-based."""
    path: str
    """Where in the document, e.g. `steps[2].click`."""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


class TagMode(StrEnum):
    """`inject`: tagprobe adds the official snippet. `site`: the page has its own snippet.
    `auto`: use the site's snippet when the page defines `window.clarity`, inject otherwise.
    `blocked`: every Clarity URL is refused, as an ad blocker would; the page's own code still runs."""

    AUTO = "auto"
    INJECT = "inject"
    SITE = "site"
    BLOCKED = "blocked"


BLOCKED_BY_CLIENT = 0
"""The status recorded for a Clarity URL refused in `blocked` mode: no answer at all, as an ad blocker does."""


@dataclass(frozen=True, slots=True)
class TagSetup:
    mode: TagMode = TagMode.AUTO
    project_id: str | None = None
    start_config: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def start_options(self, project_id: str, upload_url: str) -> dict[str, Any]:
        """The `clarity("start", ...)` config: the scenario's keys, the project id, tagprobe's collector."""
        return {**self.start_config, "projectId": self.project_id or project_id, "upload": upload_url}


@dataclass(frozen=True, slots=True)
class Step:
    action: str
    args: Mapping[str, Any]
    location: SourceLocation

    def describe(self, secrets: frozenset[str] = frozenset()) -> str:
        """The step as written, with variables resolved and values from the environment redacted."""
        ordered = sorted((secret for secret in secrets if secret), key=len, reverse=True)
        shown = ", ".join(f"{key}={_redacted(value, ordered)!r}" for key, value in self.args.items())
        return f"{self.action}({shown})" if self.args else self.action


def _redacted(value: Any, secrets: list[str]) -> Any:
    """Redacts before quoting: once quoted, a secret with a quote or backslash in it would no longer match."""
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, REDACTED)
        return value
    if isinstance(value, list | tuple):
        return [_redacted(item, secrets) for item in value]
    if isinstance(value, Mapping):
        return {key: _redacted(item, secrets) for key, item in value.items()}
    return value


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    url: str
    tag: TagSetup
    steps: tuple[Step, ...]
    expect: Mapping[str, Any]
    marks: tuple[str, ...]
    viewport: tuple[int, int] | None
    device: str | None
    location: SourceLocation
    secrets: frozenset[str] = frozenset()
    """Values that came from the environment: redacted wherever tagprobe shows a step."""
    automation_flag: bool = False
    """True: the page sees `navigator.webdriver` true, as in a browser that says it is automated."""
