"""Which responses the replay keeps: stylesheets, and the fonts and images a kept sheet names (also when one
arrives before its sheet was read), all within one byte cap. Responses are stand-ins shaped like
Playwright's: the browser side is covered by tests/report/test_replay_styles_e2e.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from playwright.sync_api import Response

from tagprobe.capture.stylesheets import StylesheetRecorder, css_references

SITE = "http://127.0.0.1:8000"


@dataclass
class _Request:
    resource_type: str


@dataclass
class _Response:
    url: str
    body_bytes: bytes
    resource_type: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def request(self) -> _Request:
        return _Request(self.resource_type)

    def body(self) -> bytes:
        return self.body_bytes


def response(path: str, body: bytes, kind: str, content_type: str = "") -> Response:
    headers = {"content-type": content_type} if content_type else {}
    return cast(Response, _Response(f"{SITE}{path}", body, kind, headers=headers))


def test_a_sheet_its_font_and_image_are_kept_and_an_img_picture_is_not() -> None:
    recorder = StylesheetRecorder(10_000)
    sheet = b'@font-face { src: url("f.woff2#x"); } .hero { background: url(/img/hero.png) }'
    recorder._on_response(response("/css/a.css", sheet, "stylesheet"))
    recorder._on_response(response("/css/f.woff2", b"font", "font", "font/woff2"))
    recorder._on_response(response("/img/hero.png", b"png", "image", "image/png; q=1"))
    recorder._on_response(response("/img/product.jpg", b"jpg", "image", "image/jpeg"))
    assert [sheet.url for sheet in recorder.kept] == [f"{SITE}/css/a.css"]
    assert [(asset.url, asset.content_type) for asset in recorder.assets] == [
        (f"{SITE}/css/f.woff2", "font/woff2"),
        (f"{SITE}/img/hero.png", "image/png"),
    ]


def test_an_image_that_arrives_before_its_sheet_was_read_is_kept_once_the_sheet_names_it() -> None:
    # Reading a body lets Playwright dispatch other events: the image's response can come first.
    recorder = StylesheetRecorder(10_000)
    recorder._on_response(response("/bg.png", b"png", "image", "image/png"))
    assert recorder.assets == ()
    recorder._on_response(response("/a.css", b".x { background: url(bg.png) }", "stylesheet"))
    assert [asset.url for asset in recorder.assets] == [f"{SITE}/bg.png"]


def test_what_comes_past_the_cap_is_named_not_kept() -> None:
    recorder = StylesheetRecorder(100)
    recorder._on_response(response("/a.css", b".x { background: url(big.png) }", "stylesheet"))
    recorder._on_response(response("/big.png", b"p" * 100, "image", "image/png"))
    assert recorder.assets == ()
    assert recorder.left_out == (f"{SITE}/big.png",)
    assert "fonts or images" in (recorder.note() or "")


def test_css_references_resolve_against_the_sheet_and_skip_data_urls() -> None:
    text = "@import \"b.css\"; .a { background: url( '../i.png' ) } .b { background: url(data:image/png;base64,AA) }"
    assert css_references(text, f"{SITE}/css/a.css") == {f"{SITE}/css/b.css", f"{SITE}/i.png"}
