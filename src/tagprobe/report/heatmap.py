"""Click heatmaps: a recorded page's picture with its clicks drawn over it, and how far the visitor scrolled.

Clicks are in page-document CSS pixels (as Clarity records them); the picture is a full-page screenshot, maybe at
a device scale factor, so everything is scaled by picture width / document width. Rage, dead and error clicks
(from the detector's signals) get their own colour and a label; plain clicks are numbered in order."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

Color = tuple[int, int, int]
DIM_COLOR: Color = (15, 23, 42)
DIM_SEEN = 0.30
DIM_UNSEEN = 0.62
MERGE_DISTANCE = 14
"""Clicks of one kind closer than this (CSS px) are drawn as one mark with a count."""
DISPLAY_WIDTH = 560
"""Marks and labels are sized for the picture shown this wide, whatever its resolution."""


class ClickKind(StrEnum):
    CLICK = "click"
    RAGE = "rage_click"
    DEAD = "dead_click"
    ERROR = "error_click"


KIND_PRIORITY = (ClickKind.RAGE, ClickKind.ERROR, ClickKind.DEAD)
COLORS: Mapping[ClickKind, Color] = {
    ClickKind.CLICK: (37, 99, 235),
    ClickKind.RAGE: (220, 38, 38),
    ClickKind.DEAD: (245, 158, 11),
    ClickKind.ERROR: (168, 85, 247),
}
LABELS: Mapping[ClickKind, str] = {
    ClickKind.RAGE: "RAGE",
    ClickKind.DEAD: "DEAD CLICK",
    ClickKind.ERROR: "ERROR CLICK",
}
SEEN_COLOR: Color = (22, 163, 74)


@dataclass(frozen=True, slots=True)
class ClickMark:
    x: float
    y: float
    kind: ClickKind = ClickKind.CLICK
    number: int = 0
    """1-based order of the click on its page."""


@dataclass(frozen=True, slots=True)
class ScrollReach:
    reached: float
    """How far down (CSS px) the visitor saw: deepest scroll + viewport height."""
    document_height: float

    @property
    def fraction(self) -> float:
        return min(1.0, self.reached / self.document_height) if self.document_height > 0 else 1.0


@dataclass(slots=True)
class _Cluster:
    kind: ClickKind
    x: float
    y: float
    numbers: list[int] = field(default_factory=list)


def kind_of(signals: Sequence[str]) -> ClickKind:
    """The most serious signal on a click decides its mark."""
    return next((kind for kind in KIND_PRIORITY if kind.value in signals), ClickKind.CLICK)


def _clusters(clicks: Sequence[ClickMark]) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    for click in clicks:
        near = next(
            (
                cluster
                for cluster in clusters
                if cluster.kind is click.kind
                and math.dist((cluster.x, cluster.y), (click.x, click.y)) < MERGE_DISTANCE
            ),
            None,
        )
        if near is None:
            clusters.append(_Cluster(click.kind, click.x, click.y, [click.number]))
        else:
            near.numbers.append(click.number)
    return clusters


class _Painter:
    """Draws on a transparent layer; `at` maps page CSS px to picture px, `px` sizes marks for display."""

    def __init__(self, size: tuple[int, int], scale: float) -> None:
        self.layer = Image.new("RGBA", size, (0, 0, 0, 0))
        self.draw = ImageDraw.Draw(self.layer)
        self.scale = scale
        self.unit = max(1.0, size[0] / DISPLAY_WIDTH)
        self.font = ImageFont.load_default(size=round(11 * self.unit))
        self.small = ImageFont.load_default(size=round(10 * self.unit))

    def at(self, css: float) -> float:
        return css * self.scale

    def px(self, display: float) -> float:
        return display * self.unit

    def circle(self, x: float, y: float, radius: float, **style: Any) -> None:
        self.draw.ellipse((x - radius, y - radius, x + radius, y + radius), **style)

    def pill(self, x: float, y: float, text: str, color: Color) -> None:
        """A label with its left edge at x, vertically centred on y."""
        left, top, right, bottom = self.draw.textbbox((0, 0), text, font=self.font)
        pad_x, pad_y = self.px(6), self.px(3)
        box = (
            x,
            y - (bottom - top) / 2 - pad_y,
            x + right - left + 2 * pad_x,
            y + (bottom - top) / 2 + pad_y,
        )
        self.draw.rounded_rectangle(box, radius=self.px(4), fill=(*color, 235), outline=(255, 255, 255, 255))
        self.draw.text(
            (x + pad_x - left, box[1] + pad_y - top), text, font=self.font, fill=(255, 255, 255, 255)
        )

    def mark(self, cluster: _Cluster) -> None:
        x, y = self.at(cluster.x), self.at(cluster.y)
        color = COLORS[cluster.kind]
        self.circle(x, y, self.px(20), fill=(*color, 70))
        if cluster.kind is ClickKind.CLICK:
            self.circle(
                x, y, self.px(9), fill=(*color, 255), outline=(255, 255, 255, 255), width=round(self.px(1.5))
            )
            self._number(x, y, cluster)
            return
        self.circle(x, y, self.px(13), outline=(*color, 255), width=round(self.px(3)))
        self.circle(
            x, y, self.px(5), fill=(*color, 255), outline=(255, 255, 255, 255), width=round(self.px(1))
        )
        if cluster.kind is ClickKind.DEAD:
            arm = self.px(8)
            for dx in (-arm, arm):
                self.draw.line(
                    (x - dx, y - arm, x + dx, y + arm), fill=(*color, 255), width=round(self.px(2.5))
                )
        count = f" x{len(cluster.numbers)}" if len(cluster.numbers) > 1 else ""
        self.pill(x + self.px(18), y, LABELS[cluster.kind] + count, color)

    def _number(self, x: float, y: float, cluster: _Cluster) -> None:
        text = str(cluster.numbers[0])
        self.draw.text((x, y), text, font=self.small, fill=(255, 255, 255, 255), anchor="mm")
        if len(cluster.numbers) > 1:
            self.pill(x + self.px(12), y, f"x{len(cluster.numbers)}", COLORS[ClickKind.CLICK])

    def reach(self, reach: ScrollReach, width: int, height: int) -> None:
        """Darkens what the visitor never saw and draws a bar on the right edge with the share seen."""
        line_y = min(height, self.at(reach.reached)) if reach.fraction < 1 else height
        if line_y < height:
            self.draw.rectangle((0, line_y, width, height), fill=(*DIM_COLOR, round(255 * DIM_UNSEEN * 0.6)))
            dash = self.px(10)
            for start in range(0, width, max(1, round(2 * dash))):
                self.draw.line(
                    (start, line_y, start + dash, line_y), fill=(*SEEN_COLOR, 255), width=round(self.px(2))
                )
        bar_left, bar_right = width - self.px(7), width - self.px(1)
        self.draw.rectangle((bar_left, 0, bar_right, height), fill=(255, 255, 255, 120))
        self.draw.rectangle((bar_left, 0, bar_right, line_y), fill=(*SEEN_COLOR, 240))
        label = f"seen: {round(reach.fraction * 100)}% of the page"
        _, top, _, bottom = self.draw.textbbox((0, 0), label, font=self.font)
        half = (bottom - top) / 2 + self.px(4)
        below = line_y + half + self.px(4)
        label_y = below if below + half < height else line_y - half - self.px(4)
        self.pill(self.px(6), label_y, label, SEEN_COLOR)


def draw_heatmap(
    picture: Image.Image,
    clicks: Sequence[ClickMark],
    reach: ScrollReach | None = None,
    page_width: float | None = None,
) -> Image.Image:
    """The picture, dimmed so the marks stand out, with every click and the scroll reach drawn over it."""
    scale = picture.width / page_width if page_width else 1.0
    base = Image.blend(picture.convert("RGB"), Image.new("RGB", picture.size, DIM_COLOR), DIM_SEEN).convert(
        "RGBA"
    )
    painter = _Painter(picture.size, scale)
    if reach is not None:
        painter.reach(reach, picture.width, picture.height)
    plain = [cluster for cluster in _clusters(clicks) if cluster.kind is ClickKind.CLICK]
    flagged = [cluster for cluster in _clusters(clicks) if cluster.kind is not ClickKind.CLICK]
    for cluster in [*plain, *flagged]:
        painter.mark(cluster)
    return Image.alpha_composite(base, painter.layer).convert("RGB")


def marks_for_page(page: Mapping[str, Any]) -> list[ClickMark]:
    """The clicks of one page of the results document, as marks."""
    return [
        ClickMark(float(click["x"]), float(click["y"]), kind_of(click.get("signals", [])), number)
        for number, click in enumerate(page.get("clicks", []), start=1)
    ]


def reach_for_page(page: Mapping[str, Any]) -> ScrollReach | None:
    scroll = page.get("scroll")
    if not scroll:
        return None
    return ScrollReach(float(scroll["reached"]), float(scroll["document"][1]))


def heatmap_for_page(page: Mapping[str, Any], reports_dir: Path) -> Image.Image | None:
    """The heatmap of one page of the results document, or None when no picture shows that page."""
    picture_path = page.get("screenshot")
    if not picture_path or not (reports_dir / picture_path).is_file():
        return None
    scroll = page.get("scroll")
    page_width = float(scroll["document"][0]) if scroll and scroll["document"][0] else None
    with Image.open(reports_dir / picture_path) as picture:
        return draw_heatmap(picture, marks_for_page(page), reach_for_page(page), page_width)
