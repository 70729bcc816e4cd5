"""Every piece of text a decoded session carries, with where it sits: page, upload, event and element."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tagprobe.decode.dom import TEXT_TAG, RecordedDom
from tagprobe.decode.events import (
    Change,
    Click,
    Custom,
    Dimensions,
    DomChange,
    Event,
    Input,
    Variables,
    event_name,
)
from tagprobe.decode.session import RecordedSession


@dataclass(frozen=True, slots=True)
class PayloadString:
    text: str
    page_number: int
    upload_index: int
    time_ms: int
    location: str
    """e.g. `Discover node 78 text in p#saved-card` or `Change value of input#email`."""
    free_text: bool
    """Visible or typed text (as opposed to URLs, ids and attribute values)."""


def _event_strings(event: Event, dom: RecordedDom) -> Iterator[tuple[str, str, bool]]:
    name = event_name(event.type)
    if isinstance(event, DomChange):
        for node in event.nodes:
            if node.tag == TEXT_TAG and node.value:
                yield node.value, f"{name} node {node.id} text in {dom.describe(node)}", True
            for attribute, value in node.attributes.items():
                if value:
                    yield value, f"{name} node {node.id} {dom.describe(node)} @{attribute}", False
    elif isinstance(event, Input | Change):
        element = dom.element(event.target)
        where = dom.describe(element) if element else f"node {event.target}"
        yield event.value, f"{name} value of {where}", True
    elif isinstance(event, Click):
        yield event.text, f"Click text on {event.tag}#{event.element_id}".rstrip("#"), True
        if event.link:
            yield event.link, f"Click link on {event.tag}", False
    elif isinstance(event, Custom):
        yield event.key, "Custom event name", True
        if event.value:
            yield event.value, f"Custom event {event.key!r} value", True
    elif isinstance(event, Variables):
        for key, values in event.values.items():
            for value in values:
                yield value, f"Variable {key!r}", True
    elif isinstance(event, Dimensions):
        for dimension, texts in event.values.items():
            for text in texts:
                yield text, f"Dimension {dimension}", False


def payload_strings(session: RecordedSession) -> Iterator[PayloadString]:
    for page in session.pages:
        dom = RecordedDom.of(page)
        for upload in page.uploads:
            yield PayloadString(upload.envelope.url, page.number, upload.index, 0, "envelope url", False)
            for event in upload.events:
                for text, location, free_text in _event_strings(event, dom):
                    if text:
                        yield PayloadString(text, page.number, upload.index, event.time, location, free_text)
