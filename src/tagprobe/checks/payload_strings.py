"""Every piece of text a decoded session carries, with where it sits (page, upload, event, element, the place
it fills) and when the tag recorded it, on the capture clock."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from tagprobe.capture.records import Upload
from tagprobe.decode.dom import TEXT_TAG, RecordedDom
from tagprobe.decode.events import (
    Change,
    Click,
    Custom,
    Dimensions,
    DomChange,
    Event,
    Input,
    Log,
    ScriptError,
    Variables,
    event_name,
)
from tagprobe.decode.session import RecordedPage, RecordedSession


@dataclass(frozen=True, slots=True)
class PayloadString:
    text: str
    page_number: int
    upload_index: int
    time_ms: int
    """Since the page started, as the tag counts."""
    location: str
    """e.g. `Discover node 78 text in p#saved-card` or `Change value of input#email`."""
    free_text: bool
    """Visible or typed text (as opposed to URLs, ids and attribute values)."""
    place: str = ""
    """What this text fills, the same for every event that sets it: `page 1 node 78 text`, `page 2 url`."""
    recorded_ms: float = 0.0
    """When the tag recorded it, on the capture clock (never earlier than it really was)."""
    repeats: tuple[str, ...] = ()
    """Places whose text this one repeats (a click's text is its element's text)."""


@dataclass(frozen=True, slots=True)
class _Found:
    text: str
    location: str
    free_text: bool
    place: str
    repeats: tuple[str, ...] = ()


def _dom_strings(event: DomChange, dom: RecordedDom, page: int) -> Iterator[_Found]:
    name = event_name(event.type)
    for node in event.nodes:
        if node.tag == TEXT_TAG and node.value:
            where = f"{name} node {node.id} text in {dom.describe(node)}"
            yield _Found(node.value, where, True, f"page {page} node {node.id} text")
        for attribute, value in node.attributes.items():
            if value:
                where = f"{name} node {node.id} {dom.describe(node)} @{attribute}"
                yield _Found(value, where, False, f"page {page} node {node.id} @{attribute}")


def _event_strings(event: Event, dom: RecordedDom, page: int) -> Iterator[_Found]:
    name = event_name(event.type)
    if isinstance(event, DomChange):
        yield from _dom_strings(event, dom, page)
    elif isinstance(event, Input | Change):
        element = dom.element(event.target)
        where = dom.describe(element) if element else f"node {event.target}"
        yield _Found(event.value, f"{name} value of {where}", True, f"page {page} node {event.target} value")
    elif isinstance(event, Click):
        texts = tuple(f"page {page} node {node.id} text" for node in dom.descendants_text(event.target))
        where = f"Click text on {event.tag}#{event.element_id}".rstrip("#")
        yield _Found(event.text, where, True, f"page {page} node {event.target} click text", texts)
        if event.link:
            yield _Found(
                event.link, f"Click link on {event.tag}", False, f"page {page} node {event.target} link"
            )
    elif isinstance(event, Custom):
        yield _Found(event.key, "Custom event name", True, "custom event name")
        if event.value:
            yield _Found(
                event.value, f"Custom event {event.key!r} value", True, f"custom event {event.key!r}"
            )
    elif isinstance(event, Variables):
        for key, values in event.values.items():
            for value in values:
                yield _Found(value, f"Variable {key!r}", True, f"variable {key!r}")
    elif isinstance(event, Dimensions):
        for dimension, texts in event.values.items():
            for text in texts:
                yield _Found(text, f"Dimension {dimension}", False, f"page {page} dimension {dimension}")
    elif isinstance(event, ScriptError):
        yield _Found(event.message, f"{name} message", False, f"page {page} script error")
    elif isinstance(event, Log):
        yield _Found(event.message, f"{name} message", False, f"page {page} log")


def page_clock_offset(page: RecordedPage, received: Mapping[int, float]) -> float:
    """Capture-clock time minus the tag's page time. Each upload says when it was sent on the page's clock
    (envelope start + duration) and arrived no earlier: the smallest gap is the tightest bound, and never
    makes an event look earlier than it was. Without a bound, every event counts as recorded last."""
    gaps = [
        received[upload.index] - (upload.envelope.start + upload.envelope.duration)
        for upload in page.uploads
        if upload.index in received
    ]
    return min(gaps, default=float("inf"))


def payload_strings(session: RecordedSession, uploads: Sequence[Upload] = ()) -> Iterator[PayloadString]:
    received = {upload.index: upload.received_ms for upload in uploads}
    for page in session.pages:
        dom = RecordedDom.of(page)
        offset = page_clock_offset(page, received)
        for upload in page.uploads:
            sent = upload.envelope.start + upload.envelope.duration
            yield PayloadString(
                upload.envelope.url, page.number, upload.index, sent, "envelope url", False,
                f"page {page.number} url", sent + offset,
            )  # fmt: skip
            for event in upload.events:
                for found in _event_strings(event, dom, page.number):
                    if found.text:
                        yield PayloadString(
                            found.text, page.number, upload.index, event.time, found.location, found.free_text,
                            found.place, event.time + offset, found.repeats,
                        )  # fmt: skip
