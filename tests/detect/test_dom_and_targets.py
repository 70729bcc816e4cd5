"""The recorded DOM tells a clicked node's ancestors; tag and type tell what kind of target it is."""

from __future__ import annotations

import pytest

from tagprobe.decode.events import DomChange
from tagprobe.detect.dom import DomTracker
from tagprobe.detect.element import ElementSpec
from tagprobe.detect.targets import TargetKind, classify, opens_new_tab

from .synthetic import (
    BANNER_TITLE,
    BODY,
    BUTTON,
    CARD,
    CLOCK,
    EDITOR,
    LABEL,
    LINK,
    NAME_INPUT,
    PARAGRAPH,
    SUBMIT_INPUT,
    click,
    discover,
    node,
    text_node,
)


@pytest.fixture
def dom() -> DomTracker:
    tracker = DomTracker()
    tracker.apply(discover())
    return tracker


def test_a_click_is_described_with_its_ancestors(dom: DomTracker) -> None:
    element = dom.describe(click(0, target=BANNER_TITLE, text="Sale"))
    assert (element.tag, element.class_name, element.text) == ("p", "title", "Sale")
    assert [str(ancestor) for ancestor in element.ancestors] == ["div#banner", "body", "html"]


def test_a_node_the_tag_never_described_keeps_what_the_click_says(dom: DomTracker) -> None:
    element = dom.describe(click(0, target=4242))
    assert (element.tag, element.ancestors) == ("div", ())


def test_mutations_move_nodes_and_change_attributes(dom: DomTracker) -> None:
    dom.apply(DomChange(10, 6, (node(BUTTON, CARD, "BUTTON", id="go", **{"class": "busy"}),)))
    element = dom.describe(click(20))
    assert element.class_name == "busy"
    assert str(element.ancestors[0]) == "div#card"


def test_a_removed_node_keeps_its_place_so_its_change_can_be_located(dom: DomTracker) -> None:
    dom.apply(DomChange(10, 6, (text_node(CLOCK + 100, None, None),)))
    assert dom.inside_any(CLOCK + 100, (ElementSpec(id="clock"),))
    assert not dom.inside_any(CLOCK + 100, (ElementSpec(id="card"),))


@pytest.mark.parametrize(
    ("target", "link", "kind"),
    [
        (BUTTON, None, TargetKind.BUTTON),
        (SUBMIT_INPUT, None, TargetKind.BUTTON),
        (NAME_INPUT, None, TargetKind.INPUT),
        (LABEL, None, TargetKind.INPUT),
        (EDITOR, None, TargetKind.INPUT),
        (LINK, None, TargetKind.LINK),
        (CARD, "https://shop.test/", TargetKind.LINK),
        (PARAGRAPH, None, TargetKind.OTHER),
        (BODY, None, TargetKind.BACKGROUND),
    ],
)
def test_kinds_come_from_tag_type_and_ancestors(
    dom: DomTracker, target: int, link: str | None, kind: str
) -> None:
    event = click(0, target=target, link=link)
    assert classify(event, list(dom.lineage(target))) is kind


def test_without_a_dom_the_clicks_own_tag_decides() -> None:
    assert classify(click(0, target=BUTTON), []) is TargetKind.BUTTON
    assert classify(click(0, target=NAME_INPUT), []) is TargetKind.INPUT


def test_a_span_inside_a_button_is_a_button(dom: DomTracker) -> None:
    dom.apply(DomChange(5, 6, (node(500, BUTTON, "SPAN", **{"class": "icon"}),)))
    assert classify(click(10, target=500), list(dom.lineage(500))) is TargetKind.BUTTON


def test_only_blank_target_links_open_a_new_tab() -> None:
    assert opens_new_tab(click(0, target=LINK, link="https://shop.test/", context=1))
    assert not opens_new_tab(click(0, target=LINK, link="https://shop.test/", context=0))
    assert not opens_new_tab(click(0, target=BUTTON, context=1))
