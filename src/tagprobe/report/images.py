"""Pictures embedded in the report as data: URIs, so the HTML file works on its own."""

from __future__ import annotations

import base64
import io
from pathlib import Path

from PIL import Image

THUMBNAIL_SIZE = (200, 125)
"""Step thumbnails show the top of the page, at the viewport's usual 16:10."""
EMBED_WIDTH = 720
JPEG_QUALITY = 72


def data_uri(image: Image.Image, quality: int = JPEG_QUALITY) -> str:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=quality, optimize=True)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def thumbnail(path: Path) -> str | None:
    """The top of a full-page picture, small; None when the file is missing or unreadable."""
    try:
        with Image.open(path) as picture:
            # A JPEG decodes at 1/2, 1/4 or 1/8 scale for a fraction of the cost of decoding it whole.
            picture.draft(
                "RGB", (THUMBNAIL_SIZE[0] * 2, round(picture.height * THUMBNAIL_SIZE[0] * 2 / picture.width))
            )
            width = picture.width
            top = picture.crop(
                (0, 0, width, min(picture.height, round(width * THUMBNAIL_SIZE[1] / THUMBNAIL_SIZE[0])))
            )
            top.thumbnail(THUMBNAIL_SIZE)
            return data_uri(top)
    except OSError:
        return None


def embeddable(image: Image.Image, width: int = EMBED_WIDTH) -> Image.Image:
    """The image at most `width` wide, keeping its proportions."""
    if image.width <= width:
        return image
    return image.resize(
        (width, round(image.height * width / image.width)), Image.Resampling.LANCZOS, reducing_gap=2.0
    )
