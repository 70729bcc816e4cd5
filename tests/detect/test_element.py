"""Element specs: the forms they take and how they match a clicked element and its ancestors."""

from __future__ import annotations

import pytest

from tagprobe.detect.element import ElementSpec, ElementSpecError, matches_any
from tagprobe.detect.signal import ElementRef, NodeRef

TITLE = ElementRef(
    "p", "", "hero-title big", "Up to 30% off", "h1",
    (NodeRef("div", "promo-banner", "hero"), NodeRef("main", "view"), NodeRef("body")),
)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("#promo-banner", ElementSpec(id="promo-banner")),
        (".hero", ElementSpec(class_name="hero")),
        ("P", ElementSpec(tag="p")),
        ("div#promo-banner", ElementSpec(tag="div", id="promo-banner")),
        ("p.hero-title", ElementSpec(tag="p", class_name="hero-title")),
        ("div#promo-banner.hero", ElementSpec(tag="div", id="promo-banner", class_name="hero")),
        ({"id": "x", "class": "y", "tag": "DIV", "text": "Hi"}, ElementSpec("div", "x", "y", "Hi")),
    ],
)
def test_the_accepted_forms(text: object, spec: ElementSpec) -> None:
    assert ElementSpec.parse(text) == spec


@pytest.mark.parametrize("text", ["", "#", ".a.b", "div > p", "#a#b", 3, {}, {"id": ""}, {"name": "x"}])
def test_other_forms_are_refused_with_the_accepted_ones_named(text: object) -> None:
    with pytest.raises(ElementSpecError):
        ElementSpec.parse(text)


@pytest.mark.parametrize(
    "text", ["p", ".big", "p.hero-title", "#promo-banner", "div.hero", "main#view", "body"]
)
def test_the_element_or_any_ancestor_may_match(text: str) -> None:
    assert ElementSpec.parse(text).matches(TITLE)


@pytest.mark.parametrize("text", ["#view.hero", "span", ".hero-text", "div#view", "#missing"])
def test_tag_id_and_class_must_match_on_one_element(text: str) -> None:
    assert not ElementSpec.parse(text).matches(TITLE)


def test_text_matches_part_of_the_clicked_text_ignoring_case_and_spacing() -> None:
    assert ElementSpec.parse({"text": "30%  OFF"}).matches(TITLE)
    assert ElementSpec.parse({"tag": "p", "text": "up to"}).matches(TITLE)
    assert not ElementSpec.parse({"tag": "div", "text": "sale"}).matches(TITLE)


def test_matches_any_and_descriptions() -> None:
    assert matches_any((ElementSpec(id="nope"), ElementSpec(class_name="hero")), TITLE)
    assert not matches_any((), TITLE)
    assert str(ElementSpec.parse({"tag": "button", "text": "Buy"})) == 'button with text "Buy"'
    assert str(ElementSpec.parse({"text": "Buy"})) == 'text "Buy"'
    assert TITLE.describe() == "p.hero-title.big in div#promo-banner"
