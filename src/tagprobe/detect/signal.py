"""The typed signals the detector emits."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SignalType(StrEnum):
    RAGE_CLICK = "rage_click"
    DEAD_CLICK = "dead_click"
    ERROR_CLICK = "error_click"
    QUICK_BACK = "quick_back"
    EXCESSIVE_SCROLL = "excessive_scroll"
    JS_ERROR = "js_error"


@dataclass(frozen=True, slots=True)
class ElementRef:
    """The clicked element as Clarity described it in the click event."""

    tag: str
    id: str
    class_name: str
    text: str
    hash: str


@dataclass(frozen=True, slots=True)
class Signal:
    type: SignalType
    page_number: int
    page_url: str
    time_ms: int
    count: int
    reason: str
    element: ElementRef | None = None
