"""Stylesheets as the replay embeds them: redacted, imports inlined, every other reference emptied."""

from __future__ import annotations

from urllib.parse import unquote

from tagprobe.report.redaction import Redactor
from tagprobe.report.replay_styles import EMPTY_RESOURCE, replay_stylesheets

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
