"""Hand-built decoded sessions for detector tests: typed events on pages, with the envelope fields and the
recorded DOM the detector reads. Times are ms since the page started, as in real uploads."""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType
from typing import Any

from tagprobe.capture.records import Transport
from tagprobe.decode.events import (
    Click,
    DomChange,
    DomNode,
    Event,
    Metrics,
    OtherEvent,
    Pointer,
    ScriptError,
    Scroll,
    Visibility,
)
from tagprobe.decode.session import DecodedUpload, Envelope, RecordedPage, RecordedSession
from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.detector import detect_signals
from tagprobe.detect.signal import Signal, SignalType

EPOCH = 1_700_000_000_000
HTML, BODY = 1, 2
BUTTON = 10
"""button#go"""
CARD = 11
"""div#card.tile with text"""
PARAGRAPH = 12
NAME_INPUT = 13
LINK = 14
LABEL = 15
BANNER, BANNER_TITLE = 16, 17
SUBMIT_INPUT = 18
CLOCK = 19
EDITOR = 20
OTHER_BUTTON = 21
"""button#other"""
TARGET_TAGS = {
    BUTTON: ("button", "go", ""),
    CARD: ("div", "card", "tile"),
    PARAGRAPH: ("p", "text", ""),
    NAME_INPUT: ("input", "name", ""),
    LINK: ("a", "link", ""),
    LABEL: ("label", "", ""),
    BANNER: ("div", "banner", "hero"),
    BANNER_TITLE: ("p", "", "title"),
    SUBMIT_INPUT: ("input", "submit", ""),
    CLOCK: ("div", "clock", ""),
    EDITOR: ("div", "editor", ""),
    OTHER_BUTTON: ("button", "other", "secondary"),
    BODY: ("body", "", ""),
}


def node(node_id: int, parent: int | None, tag: str, **attributes: str) -> DomNode:
    return DomNode(node_id, parent, tag, MappingProxyType(dict(attributes)), None)


def text_node(node_id: int, parent: int | None, value: str | None = "text") -> DomNode:
    return DomNode(node_id, parent, "*T", MappingProxyType({}), value)


def discover() -> DomChange:
    """html > body > one of each kind of target the tests click."""
    return DomChange(
        0,
        5,
        (
            node(HTML, None, "HTML"),
            node(BODY, HTML, "BODY"),
            node(BUTTON, BODY, "BUTTON", id="go", type="button"),
            node(CARD, BODY, "DIV", id="card", **{"class": "tile"}),
            node(PARAGRAPH, BODY, "P", id="text"),
            node(NAME_INPUT, BODY, "INPUT", id="name", type="text"),
            node(LINK, BODY, "A", id="link", href="/next"),
            node(LABEL, BODY, "LABEL", **{"for": "name"}),
            node(BANNER, BODY, "DIV", id="banner", **{"class": "hero"}),
            node(BANNER_TITLE, BANNER, "P", **{"class": "title"}),
            node(SUBMIT_INPUT, BODY, "INPUT", id="submit", type="submit"),
            node(CLOCK, BODY, "DIV", id="clock"),
            text_node(CLOCK + 100, CLOCK, "59"),
            node(EDITOR, BODY, "DIV", id="editor", contenteditable="true"),
            node(OTHER_BUTTON, BODY, "BUTTON", id="other", type="button", **{"class": "secondary"}),
        ),
    )


def click(
    time: int,
    x: int = 100,
    y: int = 100,
    *,
    target: int = BUTTON,
    text: str = "Go",
    link: str | None = None,
    context: int = 0,
    trusted: bool = True,
    button: int = 0,
) -> Click:
    tag, element_id, class_name = TARGET_TAGS.get(target, ("div", "", ""))
    return Click(
        time, 9, target=target, x=x, y=y, button=button, reaction=0 if tag in {"button", "input"} else 1,
        context=context, text=text, link=link, hash=f"hash{target}", trusted=trusted, tag=tag,
        class_name=class_name, element_id=element_id, width=100, height=40,
    )  # fmt: skip


def press(time: int, target: int = BUTTON, x: int = 100, y: int = 100) -> Pointer:
    return Pointer(time, 13, target, x, y)


def double_click(time: int, target: int = PARAGRAPH) -> Pointer:
    return Pointer(time, 16, target, 100, 100)


def mutation(time: int, parent: int = BODY, node_id: int = 900) -> DomChange:
    """A text node appearing under `parent`: the page visibly changed."""
    return DomChange(time, 6, (text_node(node_id, parent),))


def scroll(time: int, y: int, target: int = HTML, x: int = 0) -> Scroll:
    return Scroll(time, 10, target, x, y)


def selection(time: int, start: int = PARAGRAPH + 200, end_offset: int = 5) -> OtherEvent:
    return OtherEvent(
        time, 21, "selection", {"start": start, "startOffset": 0, "end": start, "endOffset": end_offset}
    )


def script_error(time: int, message: str = "Boom", line: int = 12) -> ScriptError:
    return ScriptError(time, 31, message, line, 7, f"Error: {message}", "https://shop.test/app.js")


def visibility(time: int, visible: bool) -> Visibility:
    return Visibility(time, 28, visible)


def page(
    events: Iterable[Event],
    *,
    number: int = 1,
    url: str = "https://shop.test/",
    started_epoch_ms: int | None = EPOCH,
    ended_ms: int | None = None,
    observed_ms: int | None = None,
    with_dom: bool = True,
) -> RecordedPage:
    """A page with one upload covering `observed_ms` (default: 10 s), ended at `ended_ms` when given."""
    body = sorted([*([discover()] if with_dom else []), *events], key=lambda event: event.time)
    if started_epoch_ms is not None:
        body.insert(0, Metrics(0, 0, MappingProxyType({0: float(started_epoch_ms)})))
    duration = ended_ms if ended_ms is not None else (observed_ms if observed_ms is not None else 10_000)
    envelope = Envelope(
        "0.8.70", 1, 0, duration, "tp", "user", "session", number, Transport.XHR, ended_ms is not None, url
    )
    return RecordedPage(
        number, "user", "session", number, url, (DecodedUpload(0, envelope, tuple(body)),), tuple(body)
    )


def session(*pages: RecordedPage) -> RecordedSession:
    return RecordedSession(tuple(pages), ())


def detect(recorded: RecordedSession | RecordedPage, **settings: Any) -> tuple[Signal, ...]:
    if isinstance(recorded, RecordedPage):
        recorded = session(recorded)
    return detect_signals(recorded, DetectorConfig().merged(settings, "test"))


def of_type(signals: Iterable[Signal], kind: SignalType) -> list[Signal]:
    return [signal for signal in signals if signal.type is kind]


def burst(start: int, clicks: int, gap_ms: int, *, step_px: int = 0, target: int = BUTTON) -> list[Event]:
    """`clicks` clicks `gap_ms` apart, each `step_px` to the right of the one before."""
    return [
        click(start + index * gap_ms, 100 + index * step_px, 100, target=target) for index in range(clicks)
    ]
