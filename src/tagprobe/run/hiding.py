"""Blacks out a scenario's hidden values in the pictures a run takes, so the report never shows what the
uploads must not contain (a typed card number, a secret from the environment).

Where each value is on the page is read without touching the DOM: the tag would record any change."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

WHERE_VALUES_ARE = """(values) => {
  const boxes = [];
  const add = (rect) => {
    if (rect.width > 0 && rect.height > 0) boxes.push([rect.left, rect.top, rect.width, rect.height]);
  };
  for (const field of document.querySelectorAll("input, textarea, select")) {
    if (field.value && values.some((value) => field.value.includes(value))) add(field.getBoundingClientRect());
  }
  const walker = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const value of values) {
      for (let at = node.data.indexOf(value); at >= 0; at = node.data.indexOf(value, at + value.length)) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + value.length);
        for (const rect of range.getClientRects()) add(rect);
      }
    }
  }
  return {boxes, scroll: [scrollX, scrollY], scale: window.devicePixelRatio || 1};
}"""
PADDING_PX = 3


@dataclass(frozen=True, slots=True)
class HiddenAreas:
    """Where hidden values are, in viewport CSS pixels; how far the page was scrolled; and how many picture
    pixels make one CSS pixel."""

    boxes: tuple[tuple[float, float, float, float], ...]
    scroll: tuple[float, float] = (0.0, 0.0)
    scale: float = 1.0


def find_hidden(page: Page, values: tuple[str, ...]) -> HiddenAreas:
    """Where `values` show on the page now: in form fields and in text. Nothing when the page cannot say."""
    if not values:
        return HiddenAreas(())
    try:
        found = page.evaluate(WHERE_VALUES_ARE, list(values))
    except PlaywrightError:
        return HiddenAreas(())
    boxes = tuple((float(x), float(y), float(w), float(h)) for x, y, w, h in found["boxes"])
    scroll_x, scroll_y = found["scroll"]
    return HiddenAreas(boxes, (float(scroll_x), float(scroll_y)), float(found["scale"]))


def black_out(picture: Path, areas: HiddenAreas, from_page_top: bool) -> None:
    """Paints each area black in the picture file: a full-page picture (`from_page_top`) or the viewport."""
    if not areas.boxes or not picture.is_file():
        return
    left, top = areas.scroll if from_page_top else (0.0, 0.0)
    with Image.open(picture) as opened:
        image = opened.convert("RGB")
    draw = ImageDraw.Draw(image)
    for client_x, client_y, width, height in areas.boxes:
        x, y = client_x + left, client_y + top
        draw.rectangle(
            (
                (x - PADDING_PX) * areas.scale,
                (y - PADDING_PX) * areas.scale,
                (x + width + PADDING_PX) * areas.scale,
                (y + height + PADDING_PX) * areas.scale,
            ),
            fill=(0, 0, 0),
        )
    image.save(picture, format="JPEG" if picture.suffix.lower() in (".jpg", ".jpeg") else "PNG", quality=80)
