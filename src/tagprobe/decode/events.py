"""Typed Clarity events. Times are milliseconds since the recorded page started."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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
        return self.type == DISCOVER


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


DISCOVER = 5
MUTATION = 6

EVENT_NAMES: Mapping[int, str] = {
    0: "Metric",
    1: "Dimension",
    2: "Upload",
    3: "Upgrade",
    4: "Baseline",
    5: "Discover",
    6: "Mutation",
    7: "Region",
    8: "Document",
    9: "Click",
    10: "Scroll",
    11: "Resize",
    12: "MouseMove",
    13: "MouseDown",
    14: "MouseUp",
    15: "MouseWheel",
    16: "DoubleClick",
    17: "TouchStart",
    18: "TouchEnd",
    19: "TouchMove",
    20: "TouchCancel",
    21: "Selection",
    22: "Timeline",
    23: "Page",
    24: "Custom",
    25: "Ping",
    26: "Unload",
    27: "Input",
    28: "Visibility",
    29: "Navigation",
    30: "Connection",
    31: "ScriptError",
    32: "ImageError",
    33: "Log",
    34: "Variable",
    35: "Limit",
    36: "Summary",
    37: "Box",
    38: "Clipboard",
    39: "Submit",
    40: "Extract",
    41: "Fraud",
    42: "Change",
    43: "Snapshot",
    44: "Animation",
    45: "StyleSheetAdoption",
    46: "StyleSheetUpdate",
    47: "Consent",
    48: "ContextMenu",
    49: "Performance",
    50: "Focus",
}


def event_name(event_type: int) -> str:
    return EVENT_NAMES.get(event_type, f"Event{event_type}")
