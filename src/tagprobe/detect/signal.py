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
    FORM_ABANDONMENT = "form_abandonment"


@dataclass(frozen=True, slots=True)
class NodeRef:
    """One element of the recorded DOM: enough to match `tag`, `#id` and `.class` against it."""

    tag: str
    id: str = ""
    class_name: str = ""

    @property
    def classes(self) -> tuple[str, ...]:
        return tuple(self.class_name.split())

    def __str__(self) -> str:
        """`tag#id` when it has an id, else `tag.class` with at most two classes."""
        if self.id:
            return f"{self.tag}#{self.id}"
        return self.tag + "".join(f".{name}" for name in self.classes[:2])


@dataclass(frozen=True, slots=True)
class ElementRef:
    """The clicked element as Clarity described it in the click event, with its ancestors from the recorded DOM."""

    tag: str
    id: str
    class_name: str
    text: str
    hash: str
    ancestors: tuple[NodeRef, ...] = ()
    """Closest first, up to <html>; empty when the page's DOM was not recorded."""

    @property
    def node(self) -> NodeRef:
        return NodeRef(self.tag, self.id, self.class_name)

    @property
    def lineage(self) -> tuple[NodeRef, ...]:
        """The element itself, then its ancestors."""
        return (self.node, *self.ancestors)

    def describe(self) -> str:
        """`button#newsletter`, or `p.hero-title in div#promo-banner` when the nearest id is on an ancestor."""
        own = str(self.node)
        if self.id:
            return own
        named = next((ancestor for ancestor in self.ancestors if ancestor.id), None)
        return f"{own} in {named}" if named else own


@dataclass(frozen=True, slots=True)
class Signal:
    type: SignalType
    page_number: int
    page_url: str
    time_ms: int
    """When it began, in ms since the page started: the first click of a burst, the first reversal, ..."""
    count: int
    """Clicks in the burst, errors after the click, reversals in the episode, occurrences of the error."""
    reason: str
    element: ElementRef | None = None
    duration_ms: int = 0

    def describe(self) -> str:
        where = f" on {self.element.describe()}" if self.element else ""
        return f"{self.type}{where} (page {self.page_number} {self.page_url}, at {self.time_ms} ms): {self.reason}"
