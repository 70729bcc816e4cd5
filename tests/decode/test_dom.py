"""Rebuilding a recorded page's DOM, masked-text detection and simple selectors."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from tagprobe.decode.dom import RecordedDom, is_masked_text
from tagprobe.decode.events import DomChange, DomNode
from tagprobe.decode.session import RecordedPage
from tagprobe.decode.simple_selector import SimpleSelector
from tagprobe.errors import TagprobeError


def node(node_id: int, parent: int | None, tag: str, value: str | None = None, **attributes: str) -> DomNode:
    return DomNode(node_id, parent, tag, MappingProxyType(attributes), value)


def page_with(*changes: DomChange) -> RecordedPage:
    return RecordedPage(1, "u", "s", 1, "http://x/", (), changes)


@pytest.mark.parametrize(
    ("text", "masked"),
    [("••• ••••", True), ("▪▪▪▪ ▫▫▫", True), ("Card on file: 4111", False), ("   ", False), ("", False)],
)
def test_masked_text(text: str, masked: bool) -> None:
    assert is_masked_text(text) is masked


def test_text_inside_an_element_is_found_through_its_ancestors() -> None:
    dom = RecordedDom.of(
        page_with(
            DomChange(0, 5, (node(1, None, "BODY"), node(2, 1, "P", id="card", **{"class": "a b c"}))),
            DomChange(10, 6, (node(3, 2, "SPAN"), node(4, 3, "*T", "4111"))),
        )
    )
    assert [text.value for text in dom.descendants_text(2)] == ["4111"]
    assert dom.describe(dom.nodes[4].node) == "span"
    assert dom.describe(dom.nodes[2].node) == "p#card.a.b"


def test_each_ancestor_finds_its_texts_in_recorded_order_and_a_parent_cycle_ends_the_walk() -> None:
    dom = RecordedDom.of(
        page_with(
            DomChange(0, 5, (node(1, None, "BODY"), node(2, 1, "DIV"), node(3, 2, "*T", "first"))),
            DomChange(10, 6, (node(4, 1, "P"), node(5, 4, "*T", "second"), node(6, 2, "*T", "third"))),
            DomChange(20, 7, (node(7, 8, "I"), node(8, 7, "B"), node(9, 8, "*T", "looped"))),
        )
    )
    assert [text.value for text in dom.descendants_text(1)] == ["first", "second", "third"]
    assert [text.value for text in dom.descendants_text(2)] == ["first", "third"]
    assert [text.value for text in dom.descendants_text(4)] == ["second"]
    assert [text.value for text in dom.descendants_text(7)] == ["looped"]
    assert list(dom.descendants_text(3)) == []


def test_a_mutation_without_a_tag_keeps_the_known_tag() -> None:
    dom = RecordedDom.of(
        page_with(DomChange(0, 5, (node(1, None, "DIV"),)), DomChange(5, 6, (node(1, None, ""),)))
    )
    assert dom.nodes[1].node.tag == "DIV"


@pytest.mark.parametrize(
    ("selector", "matches"),
    [
        ("#saved-card", True),
        ("p#saved-card", True),
        ("div#saved-card", False),
        (".saved-card", True),
        ("[data-clarity-mask]", True),
        ("[data-clarity-mask=true]", False),
        ("p.saved-card[id=saved-card]", True),
    ],
)
def test_simple_selectors(selector: str, matches: bool) -> None:
    element = node(1, None, "P", id="saved-card", **{"class": "saved-card", "data-clarity-mask": "••••"})
    assert SimpleSelector.parse(selector).matches(element) is matches


@pytest.mark.parametrize("selector", ["main p", "a > b", "", "p:first-child"])
def test_combinators_are_refused_with_advice(selector: str) -> None:
    with pytest.raises(TagprobeError) as raised:
        SimpleSelector.parse(selector)
    assert "simple selector" in raised.value.message
