"""The site's stylesheets as a replay embeds them: redacted like the replay data, each `@import` and `url()`
made self-contained (a kept sheet, font or image as a data: URL, anything else empty), and images hidden in
every region the recording masks, so the replayed page is styled, shows nothing the tag hid, and still
requests nothing from any network."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urldefrag, urljoin

from tagprobe.capture.stylesheets import CSS_REFERENCE
from tagprobe.report.redaction import Redactor

EMPTY_RESOURCE = "data:,"
"""What a reference to anything not kept (an image or font past the cap, a sheet from elsewhere) points to."""
CLARITY_MASK_ATTRIBUTE = "[data-clarity-mask]"
"""clarity-js masks text and images under an element with this attribute (any value), and keeps it in the
recording, so the replayed page carries it too."""
PRIVACY_LAYER = "tagprobe-privacy"
"""A cascade layer named before any of the site's: its `!important` declarations beat every one of the site's."""
IMAGE_PROPERTIES = ("background-image", "border-image-source", "list-style-image", "mask-image")
_CHARSET = re.compile(r'^\s*@charset\s+"[^"]*"\s*;', re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class EmbeddedAsset:
    """A font or image a kept sheet uses, as a data: URL."""

    data_url: str
    image: bool


def css_data_url(text: str) -> str:
    return "data:text/css;charset=utf-8," + quote(text, safe="")


def masked_regions(start_config: Mapping[str, Any]) -> list[str]:
    """Where the tag's config hides images (clarity-js's TextImage privacy): under `data-clarity-mask`, under
    each `mask` selector, and everywhere with `content: false`."""
    if start_config.get("content") is False:
        return ["*"]
    selectors = start_config.get("mask") or []
    if isinstance(selectors, str):
        selectors = [selectors]
    return [CLARITY_MASK_ATTRIBUTE, *(str(selector) for selector in selectors)]


def _document(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return document if isinstance(document, dict) else {}


def kept_stylesheets(path: Path) -> dict[str, str]:
    """url -> text of the sheets in a scenario's stylesheets.json; none when the file is missing or unreadable."""
    try:
        return {str(sheet["url"]): str(sheet["text"]) for sheet in _document(path).get("kept", [])}
    except (TypeError, KeyError):
        return {}


def kept_assets(path: Path, redactor: Redactor) -> tuple[dict[str, EmbeddedAsset], int]:
    """url -> data: URL of the fonts and images in a scenario's stylesheets.json, leaving out any whose URL or
    bytes hold a hidden value (in any form the redactor knows): an asset is shown whole or not at all. Also
    how many were left out that way."""
    assets: dict[str, EmbeddedAsset] = {}
    withheld = 0
    try:
        for asset in _document(path).get("assets", []):
            url, content_type, encoded = str(asset["url"]), str(asset["content_type"]), str(asset["base64"])
            body = base64.b64decode(encoded, validate=True)
            if (
                redactor.first_leak(url) is not None
                or redactor.first_leak(body.decode("latin-1")) is not None
            ):
                withheld += 1
                continue
            assets[urldefrag(url).url] = EmbeddedAsset(
                f"data:{content_type};base64,{encoded}", content_type.startswith("image/")
            )
    except (TypeError, KeyError, ValueError):
        return assets, withheld
    return assets, withheld


def _privacy_rules(regions: list[str]) -> str:
    hidden = " ".join(f"{name}: none !important;" for name in IMAGE_PROPERTIES)
    rules = (
        f"{region}, {region} *, {region}::before, {region}::after, {region} *::before, {region} *::after "
        f"{{ {hidden} }}"
        for region in regions
    )
    return f"\n@layer {PRIVACY_LAYER} {{\n" + "\n".join(rules) + "\n}\n"


def _with_privacy(text: str, regions: list[str]) -> str:
    """The sheet with images hidden in the masked regions: the layer is named first (before any `@import`),
    its rules come last."""
    body = _CHARSET.sub("", text, count=1)
    return f"@layer {PRIVACY_LAYER};\n{body}{_privacy_rules(regions)}"


def replay_stylesheets(
    sheets: dict[str, str],
    redactor: Redactor,
    assets: Mapping[str, EmbeddedAsset] | None = None,
    masked: list[str] | None = None,
) -> dict[str, str]:
    """url -> the sheet's text, redacted, with every reference it makes swapped for a data: URL: a kept sheet
    (itself made self-contained), a kept font or image, or an empty resource. A sheet that embeds an image
    hides images in the `masked` regions (all of them when none is given)."""
    assets = assets or {}
    regions = masked if masked is not None else ["*"]
    redacted = {urldefrag(url).url: redactor.text(text) for url, text in sheets.items()}
    done: dict[str, str] = {}

    def self_contained(url: str, chain: tuple[str, ...]) -> str:
        if url in done:
            return done[url]
        embeds_an_image = False

        def swap(match: re.Match[str]) -> str:
            nonlocal embeds_an_image
            reference = match.group("url") if match.group("url") is not None else match.group("import")
            if reference.strip().lower().startswith("data:"):
                return match.group(0)
            target = urldefrag(urljoin(url, reference.strip())).url
            if target in redacted and target not in chain:
                replacement = css_data_url(self_contained(target, (*chain, target)))
            elif target in assets and match.group("url") is not None:
                replacement = assets[target].data_url
                embeds_an_image = embeds_an_image or assets[target].image
            else:
                replacement = EMPTY_RESOURCE
            return (
                f'url("{replacement}")' if match.group("url") is not None else f'@import url("{replacement}")'
            )

        text = CSS_REFERENCE.sub(swap, redacted[url])
        done[url] = _with_privacy(text, regions) if embeds_an_image else text
        return done[url]

    return {url: self_contained(url, (url,)) for url in redacted}
