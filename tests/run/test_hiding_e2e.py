"""Pictures never show a scenario's hidden values: typed card numbers, sensitive text, secrets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from tagprobe.run.hiding import HiddenAreas, black_out
from tagprobe.run.settings import StepPictures
from tests.conftest import RunYaml

SAVED_CARD = "4111 1111 1111 1111"
"""Shown as text on the demo checkout (#saved-card)."""
CHECKOUT = """\
name: Card in the picture
url: /product/1
steps:
  - click: "#consent-accept"
  - click: "#add-to-cart"
  - click: "#nav-cart"
  - click: "#checkout-link"
  - type: {{selector: "#card-number", text: "4000 0566 5566 5556"}}
  - screenshot: {{name: typed, full_page: true}}
expect:
  masking:
    {masking}
"""
SHOWN = "typed_values: false"
HIDDEN = f"sensitive: [{SAVED_CARD!r}]"


def dark_pixels(picture: Path) -> int:
    with Image.open(picture) as image:
        return sum(image.convert("L").histogram()[:24])


def blank(path: Path) -> Path:
    Image.new("RGB", (100, 100), (255, 255, 255)).save(path, format="PNG")
    return path


def test_a_full_page_picture_is_blacked_out_where_the_page_was_scrolled_to(tmp_path: Path) -> None:
    picture = blank(tmp_path / "full.png")
    black_out(picture, HiddenAreas(((10, 10, 20, 5),), scroll=(0, 40)), from_page_top=True)
    with Image.open(picture) as image:
        assert image.getpixel((20, 52)) == (0, 0, 0)
        assert image.getpixel((20, 12)) == (255, 255, 255)


def test_a_viewport_picture_is_blacked_out_where_the_viewport_shows_it(tmp_path: Path) -> None:
    picture = blank(tmp_path / "viewport.png")
    black_out(picture, HiddenAreas(((10, 10, 20, 5),), scroll=(0, 40), scale=2), from_page_top=False)
    with Image.open(picture) as image:
        assert image.getpixel((40, 24)) == (0, 0, 0)
        assert image.getpixel((90, 90)) == (255, 255, 255)


@pytest.mark.e2e
def test_typed_and_sensitive_values_are_blacked_out_in_step_and_named_pictures(run_yaml: RunYaml) -> None:
    every_step = StepPictures.STEPS
    shown = run_yaml(CHECKOUT.format(masking=SHOWN), slug="shown", step_pictures=every_step)
    hidden = run_yaml(CHECKOUT.format(masking=HIDDEN), slug="hidden", step_pictures=every_step)
    for shown_step, hidden_step in zip(shown.record.steps[-2:], hidden.record.steps[-2:], strict=True):
        assert shown_step.screenshot is not None
        assert hidden_step.screenshot is not None
        assert dark_pixels(hidden_step.screenshot) > dark_pixels(shown_step.screenshot) + 2000
