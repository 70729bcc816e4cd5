"""Heatmaps drawn with Pillow: clicks where they were, rage/dead/error clicks in their own colours, the
part of the page the visitor never saw darkened."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from tagprobe.report.heatmap import (
    ClickKind,
    ClickMark,
    ScrollReach,
    draw_heatmap,
    heatmap_for_page,
    kind_of,
    marks_for_page,
)

from .factories import picture

Pixel = tuple[int, int, int]


def blank(width: int = 400, height: int = 300) -> Image.Image:
    return Image.new("RGB", (width, height), "white")


def pixel(image: Image.Image, x: int, y: int) -> Pixel:
    value = image.getpixel((x, y))
    assert isinstance(value, tuple)
    return value[0], value[1], value[2]


def is_blue(color: Pixel) -> bool:
    red, green, blue = color
    return blue > 180 and red < 90 and green < 140


def is_red(color: Pixel) -> bool:
    red, green, blue = color
    return red > 170 and green < 90 and blue < 90


def is_amber(color: Pixel) -> bool:
    red, green, blue = color
    return red > 200 and 110 < green < 200 and blue < 70


def test_a_click_is_a_blue_dot_where_it_was() -> None:
    image = draw_heatmap(blank(), [ClickMark(100, 100, number=1)], page_width=400)
    assert is_blue(pixel(image, 93, 100))
    assert not is_blue(pixel(image, 300, 250))


def test_click_positions_follow_the_picture_scale() -> None:
    """A picture taken at device scale factor 2: page (100, 100) is picture (200, 200)."""
    image = draw_heatmap(blank(800, 600), [ClickMark(100, 100, number=1)], page_width=400)
    assert is_blue(pixel(image, 190, 200))
    assert not is_blue(pixel(image, 93, 100))


def test_rage_and_dead_clicks_stand_out_in_their_own_colours() -> None:
    marks = [
        ClickMark(100, 80, ClickKind.CLICK, 1),
        ClickMark(100, 200, ClickKind.RAGE, 2),
        ClickMark(300, 200, ClickKind.DEAD, 3),
    ]
    image = draw_heatmap(blank(), marks, page_width=400)
    assert is_blue(pixel(image, 93, 80))
    assert is_red(pixel(image, 100, 200))
    assert is_red(pixel(image, 100 + 12, 200)), "the rage ring"
    assert is_amber(pixel(image, 300, 200))
    assert is_red(pixel(image, 100 + 24, 200)), "the RAGE label right of the mark"
    assert is_amber(pixel(image, 300 + 24, 200)), "the DEAD CLICK label"


def test_a_burst_of_rage_clicks_is_one_mark_with_one_label() -> None:
    burst = [
        ClickMark(100 + offset, 100, ClickKind.RAGE, number) for number, offset in enumerate((0, 2, 4, 3), 1)
    ]
    single = draw_heatmap(blank(), burst[:1], page_width=400)
    merged = draw_heatmap(blank(), burst, page_width=400)
    assert merged.getbbox() == single.getbbox()
    assert is_red(pixel(merged, 100 + 24, 100))


def test_what_the_visitor_never_saw_is_darker() -> None:
    image = draw_heatmap(blank(400, 300), [], ScrollReach(reached=150, document_height=300), page_width=400)
    seen, unseen = pixel(image, 50, 100), pixel(image, 50, 250)
    assert sum(unseen) < sum(seen) - 100
    green = pixel(image, 396, 50)
    assert green[1] > green[0] + 60, "the bar on the right edge shows the part seen"


def test_the_most_serious_signal_decides_the_mark() -> None:
    assert kind_of(["dead_click", "rage_click"]) is ClickKind.RAGE
    assert kind_of(["error_click", "dead_click"]) is ClickKind.ERROR
    assert kind_of([]) is ClickKind.CLICK
    page = {"clicks": [{"x": 1, "y": 2, "signals": []}, {"x": 3, "y": 4, "signals": ["dead_click"]}]}
    assert marks_for_page(page) == [ClickMark(1, 2, ClickKind.CLICK, 1), ClickMark(3, 4, ClickKind.DEAD, 2)]


def test_a_page_of_the_document_is_drawn_on_its_step_picture(tmp_path: Path) -> None:
    picture(tmp_path / "scenarios" / "a" / "steps" / "01.jpg", size=(800, 1200))
    page = {
        "screenshot": "scenarios/a/steps/01.jpg",
        "clicks": [{"x": 100, "y": 100, "signals": ["rage_click"]}],
        "scroll": {"reached": 300, "document": [400, 600]},
    }
    image = heatmap_for_page(page, tmp_path)
    assert image is not None
    assert image.size == (800, 1200)
    assert is_red(pixel(image, 200, 200))
    assert heatmap_for_page({**page, "screenshot": None}, tmp_path) is None
    assert heatmap_for_page({**page, "screenshot": "scenarios/a/steps/99.jpg"}, tmp_path) is None
