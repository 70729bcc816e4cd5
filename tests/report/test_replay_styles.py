"""Stylesheets as the replay embeds them: redacted, imports inlined, kept fonts and images embedded (images
hidden in masked regions, an asset holding a hidden value left out), every other reference emptied."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from urllib.parse import unquote

from tagprobe.report.redaction import Redactor
from tagprobe.report.replay_styles import (
    EMPTY_RESOURCE,
    EmbeddedAsset,
    kept_assets,
    masked_regions,
    replay_stylesheets,
)

SITE = "https://shop.example"


def test_imports_are_inlined_relative_to_their_sheet_and_other_references_emptied() -> None:
    sheets = {
        f"{SITE}/css/main.css": '@import "parts/a.css"; .hero { background: url(../img/hero.png); }',
        f"{SITE}/css/parts/a.css": "@import url('/css/main.css'); .a { color: red; }",
    }
    embedded = replay_stylesheets(sheets, Redactor())
    main = embedded[f"{SITE}/css/main.css"]
    assert main.startswith('@import url("data:text/css;charset=utf-8,')
    inlined = unquote(main.split('"')[1].split(",", 1)[1])
    # The import cycle back to main.css is cut, not followed forever.
    assert inlined == f'@import url("{EMPTY_RESOURCE}"); .a {{ color: red; }}'
    assert f'url("{EMPTY_RESOURCE}")' in main
    assert "hero.png" not in main


def test_data_urls_are_kept_and_fragments_do_not_split_a_sheet() -> None:
    icon = "data:image/svg+xml,%3Csvg%3E%3C/svg%3E"
    embedded = replay_stylesheets({f"{SITE}/a.css#x": f".i {{ background: url({icon}); }}"}, Redactor())
    assert embedded == {f"{SITE}/a.css": f".i {{ background: url({icon}); }}"}


def test_hidden_values_are_redacted_in_every_sheet() -> None:
    redactor = Redactor(secrets=frozenset({"tok-5ecret-77"}), sensitive=frozenset({"4242 4242"}))
    sheets = {f"{SITE}/a.css": '.x::after { content: "TOK-5ECRET-77 4242 4242"; }'}
    text = replay_stylesheets(sheets, redactor)[f"{SITE}/a.css"]
    assert "5ecret" not in text.lower()
    assert "4242 4242" not in text
    assert "***" in text


PNG = EmbeddedAsset("data:image/png;base64,iVBORw0KGgo=", image=True)
FONT = EmbeddedAsset("data:font/woff2;base64,d09GMg==", image=False)


def test_kept_fonts_and_images_are_embedded_and_images_hidden_in_masked_regions() -> None:
    sheets = {
        f"{SITE}/a.css": '@charset "utf-8"; @import "b.css"; .hero { background: url(img/hero.png); }',
        f"{SITE}/b.css": "@font-face { font-family: F; src: url(/f.woff2); }",
    }
    assets = {f"{SITE}/img/hero.png": PNG, f"{SITE}/f.woff2": FONT}
    embedded = replay_stylesheets(sheets, Redactor(), assets, ["[data-clarity-mask]", ".private"])
    main = embedded[f"{SITE}/a.css"]
    # The privacy layer is named before anything (an @import must still come first among the rules), and
    # hides images under every masked region with !important, which beats the site's own !important.
    assert main.startswith("@layer tagprobe-privacy;\n @import url(")
    assert "@charset" not in main
    assert f'url("{PNG.data_url}")' in main
    rules = main.rsplit("@layer tagprobe-privacy {", 1)[1]
    for region in ("[data-clarity-mask]", ".private"):
        assert f"{region}, {region} *, {region}::before" in rules
    assert "background-image: none !important;" in rules
    # A sheet with only a font needs no privacy rules.
    assert embedded[f"{SITE}/b.css"] == f'@font-face {{ font-family: F; src: url("{FONT.data_url}"); }}'


def test_without_known_regions_every_image_is_hidden() -> None:
    sheets = {f"{SITE}/a.css": ".hero { background: url(/hero.png); }"}
    main = replay_stylesheets(sheets, Redactor(), {f"{SITE}/hero.png": PNG})[f"{SITE}/a.css"]
    assert "*, * *, *::before, *::after" in main


def test_masked_regions_follow_the_tag_config() -> None:
    assert masked_regions({}) == ["[data-clarity-mask]"]
    assert masked_regions({"mask": [".card", "#user"]}) == ["[data-clarity-mask]", ".card", "#user"]
    assert masked_regions({"content": False, "mask": [".card"]}) == ["*"]


def test_an_asset_holding_a_hidden_value_is_left_out(tmp_path: Path) -> None:
    redactor = Redactor(secrets=frozenset({"tok-5ecret-77"}))
    document = {
        "kept": [],
        "assets": [
            {"url": f"{SITE}/ok.png", "content_type": "image/png", "base64": _b64(b"\x89PNG plain")},
            {
                "url": f"{SITE}/bad.svg",
                "content_type": "image/svg+xml",
                "base64": _b64(b"<svg>TOK-5ECRET-77</svg>"),
            },
            {"url": f"{SITE}/u.png?t=tok-5ecret-77", "content_type": "image/png", "base64": _b64(b"x")},
        ],
    }
    path = tmp_path / "stylesheets.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assets, withheld = kept_assets(path, redactor)
    assert list(assets) == [f"{SITE}/ok.png"]
    assert withheld == 2
    assert assets[f"{SITE}/ok.png"].image


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
