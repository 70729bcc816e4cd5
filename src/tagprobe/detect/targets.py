"""Tells what a click landed on: a link, an input-like control, the page background, a button or anything else.

Clarity's own `reaction` flag is 0 for buttons as well as inputs, so it cannot separate a field (never a dead
click: typing is its reaction) from a button that does nothing (the commonest dead click); tag and type can."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum

from tagprobe.decode.events import Click, DomNode

INPUT_LIKE_TAGS = frozenset(
    {"input", "textarea", "select", "option", "optgroup", "label", "canvas", "video", "audio", "iframe", "embed",
     "object"}
)  # fmt: skip
BUTTON_INPUT_TYPES = frozenset({"button", "submit", "reset", "image"})
BUTTON_TAGS = frozenset({"button", "summary"})
BACKGROUND_TAGS = frozenset({"html", "body"})
NEW_TAB_CONTEXT = 1
"""Clarity's click `context` for a link with target=_blank."""


class TargetKind(StrEnum):
    BUTTON = "button"
    OTHER = "element"
    LINK = "link"
    INPUT = "input"
    BACKGROUND = "page background"


def _is_input_like(tag: str, attributes: Mapping[str, str]) -> bool:
    if tag == "input":
        return attributes.get("type", "text").lower() not in BUTTON_INPUT_TYPES
    if attributes.get("contenteditable", "false").lower() in {"", "true", "plaintext-only"}:
        return True
    return tag in INPUT_LIKE_TAGS


def classify(click: Click, lineage: Sequence[DomNode]) -> TargetKind:
    """`lineage` is the clicked element and its ancestors from the recorded DOM (empty when unknown)."""
    if click.link:
        return TargetKind.LINK
    nodes = [(node.tag.lower(), node.attributes) for node in lineage] or [(click.tag, {})]
    for tag, attributes in nodes:
        if tag == "a" and "href" in attributes:
            return TargetKind.LINK
        if _is_input_like(tag, attributes):
            return TargetKind.INPUT
        if tag in BUTTON_TAGS or (tag == "input" and not _is_input_like(tag, attributes)):
            return TargetKind.BUTTON
    if nodes[0][0] in BACKGROUND_TAGS:
        return TargetKind.BACKGROUND
    return TargetKind.OTHER


def opens_new_tab(click: Click) -> bool:
    return click.link is not None and click.context == NEW_TAB_CONTEXT


def leaves_no_trace(click: Click, lineage: Sequence[DomNode]) -> bool:
    """A link whose effect happens outside the page: a new tab (Clarity's `context` 1) or a download. Neither
    shows in this page's recording, so such a click is never judged dead."""
    if opens_new_tab(click):
        return True
    anchor = next((node for node in lineage if node.tag.lower() == "a" and "href" in node.attributes), None)
    return anchor is not None and "download" in anchor.attributes
