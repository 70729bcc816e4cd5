"""Registry of the defects the demo shop can be started with."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class Defect:
    name: str
    breaks: str
    caught_by: str = ""
    """The tagprobe check that turns red on this defect, and only it (by name: the demo imports nothing)."""


_ALL_DEFECTS = (
    Defect(
        name="consent-bypass",
        breaks="Clarity must not store cookies or collect data before the visitor consents.",
        caught_by="consent",
    ),
    Defect(
        name="pii-leak",
        breaks="Sensitive content such as card numbers must stay masked in recordings.",
        caught_by="masking",
    ),
    Defect(
        name="spa-untracked",
        breaks="Every client-side route change must be recorded as a page view.",
        caught_by="spa",
    ),
    Defect(
        name="tags-missing",
        breaks="Signing in must send the custom tags and identify the visitor.",
        caught_by="tags",
    ),
    Defect(
        name="csp-block",
        breaks="The Content Security Policy must allow the Clarity tag to load.",
        caught_by="health",
    ),
    Defect(
        name="duplicate-tag",
        breaks="The Clarity tag must be installed exactly once per page.",
        caught_by="health",
    ),
    Defect(
        name="mask-all",
        breaks="Recordings must show the page, masking only sensitive content.",
        caught_by="masking",
    ),
    Defect(
        name="dead-button",
        breaks='Clicking "Buy now" must complete the order instead of doing nothing.',
        caught_by="signals",
    ),
    Defect(
        name="unguarded-clarity",
        breaks="The shop must keep working for visitors whose ad blocker stops the Clarity tag.",
        caught_by="errors",
    ),
    Defect(
        name="script-error",
        breaks="The product page must run without uncaught JavaScript errors.",
        caught_by="errors",
    ),
    Defect(
        name="dropped-tag",
        breaks="Every custom tag the shop sends must be one the Clarity tag keeps.",
        caught_by="usage",
    ),
)

DEFECTS: Mapping[str, Defect] = MappingProxyType({defect.name: defect for defect in _ALL_DEFECTS})


class UnknownDefectError(ValueError):
    def __init__(self, name: str) -> None:
        self.name = name
        self.suggestions = tuple(difflib.get_close_matches(name, DEFECTS, n=3))
        super().__init__(self._describe())

    def _describe(self) -> str:
        message = f"unknown defect {self.name!r}"
        if self.suggestions:
            message += f"; did you mean {' or '.join(map(repr, self.suggestions))}?"
        return f"{message} (valid defects: {', '.join(DEFECTS)})"


def get_defect(name: str) -> Defect:
    try:
        return DEFECTS[name]
    except KeyError:
        raise UnknownDefectError(name) from None
