"""Typed Clarity events. Times are milliseconds since the recorded page started."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any


@dataclass(frozen=True, slots=True)
class Event:
    time: int
    type: int


@dataclass(frozen=True, slots=True)
class Click(Event):
    target: int
    x: int
    y: int
    button: int
    reaction: int
    """0 for input, textarea, button, canvas and select targets, else 1."""
    context: int
    """The link's target: 0 _self, 1 _blank, 2 _parent, 3 _top."""
    text: str
    link: str | None
    hash: str
    trusted: bool
    tag: str
    class_name: str
    element_id: str
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Scroll(Event):
    target: int
    x: int
    y: int


@dataclass(frozen=True, slots=True)
class Pointer(Event):
    """Mouse/touch move (12), down (13), up (14) and similar pointer events."""

    target: int
    x: int
    y: int


@dataclass(frozen=True, slots=True)
class Input(Event):
    target: int
    value: str


@dataclass(frozen=True, slots=True)
class Change(Event):
    target: int
    input_type: str
    value: str


@dataclass(frozen=True, slots=True)
class Custom(Event):
    """`clarity("event", key[, value])`."""

    key: str
    value: str | None


@dataclass(frozen=True, slots=True)
class Variables(Event):
    """`clarity("set", ...)` and `clarity("identify", ...)`: each key with its values."""

    values: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Dimensions(Event):
    values: Mapping[int, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Metrics(Event):
    values: Mapping[int, float]


@dataclass(frozen=True, slots=True)
class Consent(Event):
    source: int
    ad_granted: bool
    analytics_granted: bool


@dataclass(frozen=True, slots=True)
class ScriptError(Event):
    message: str
    line: int
    column: int
    stack: str
    source: str


@dataclass(frozen=True, slots=True)
class Log(Event):
    code: int
    name: str
    message: str
    severity: int


@dataclass(frozen=True, slots=True)
class DomNode:
    id: int
    parent: int | None
    tag: str
    attributes: Mapping[str, str]
    value: str | None


@dataclass(frozen=True, slots=True)
class DomChange(Event):
    """The first snapshot of the page (Discover, 5) or a mutation (6)."""

    nodes: tuple[DomNode, ...]

    @property
    def is_discover(self) -> bool:
        return self.type == EventType.DISCOVER


@dataclass(frozen=True, slots=True)
class Visibility(Event):
    visible: bool


@dataclass(frozen=True, slots=True)
class Unload(Event):
    name: str


@dataclass(frozen=True, slots=True)
class Viewport(Event):
    """Document size (8) or viewport resize (11)."""

    width: int
    height: int


@dataclass(frozen=True, slots=True)
class OtherEvent(Event):
    """Any event tagprobe does not type yet, kept with clarity-decode's data."""

    group: str
    data: Any


class EventType(IntEnum):
    """Clarity's event numbers (clarity-js src/core/data `Event`), the one place tagprobe names them."""

    METRIC = 0
    DIMENSION = 1
    UPLOAD = 2
    UPGRADE = 3
    BASELINE = 4
    DISCOVER = 5
    MUTATION = 6
    REGION = 7
    DOCUMENT = 8
    CLICK = 9
    SCROLL = 10
    RESIZE = 11
    MOUSE_MOVE = 12
    MOUSE_DOWN = 13
    MOUSE_UP = 14
    MOUSE_WHEEL = 15
    DOUBLE_CLICK = 16
    TOUCH_START = 17
    TOUCH_END = 18
    TOUCH_MOVE = 19
    TOUCH_CANCEL = 20
    SELECTION = 21
    TIMELINE = 22
    PAGE = 23
    CUSTOM = 24
    PING = 25
    UNLOAD = 26
    INPUT = 27
    VISIBILITY = 28
    NAVIGATION = 29
    CONNECTION = 30
    SCRIPT_ERROR = 31
    IMAGE_ERROR = 32
    LOG = 33
    VARIABLE = 34
    LIMIT = 35
    SUMMARY = 36
    BOX = 37
    CLIPBOARD = 38
    SUBMIT = 39
    EXTRACT = 40
    FRAUD = 41
    CHANGE = 42
    SNAPSHOT = 43
    ANIMATION = 44
    STYLE_SHEET_ADOPTION = 45
    STYLE_SHEET_UPDATE = 46
    CONSENT = 47
    CONTEXT_MENU = 48
    PERFORMANCE = 49
    FOCUS = 50

    @property
    def label(self) -> str:
        """Clarity's own name, e.g. `ScriptError`."""
        return "".join(word.capitalize() for word in self.name.split("_"))


def event_name(event_type: int) -> str:
    """Clarity's name for an event number, e.g. 31 -> `ScriptError`; `Event99` for one it does not name."""
    try:
        return EventType(event_type).label
    except ValueError:
        return f"Event{event_type}"
