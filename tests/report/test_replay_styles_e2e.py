"""The site's stylesheets, and the fonts and images they use, are kept during the run (up to the cap, the rest
named) and embedded in the report's replay self-contained and redacted: no hidden value reaches any embedded
sheet or asset, an image shows only where the recording shows its element unmasked, and the replay requests
nothing."""

from __future__ import annotations

import base64
import gzip
import io
import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from PIL import Image
from playwright.sync_api import Browser, expect

from tagprobe.capture.limits import CaptureLimits
from tagprobe.checks.canaries import transformed_forms
from tagprobe.report.html import write_html
from tagprobe.report.results_json import RunInfo, results_document, write_results
from tests.conftest import RunYaml
from tests.static_pages import StaticPages, html_page

pytestmark = pytest.mark.e2e

HIDDEN = "s3cret-value"
CAP = 2_000


def png() -> bytes:
    picture = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 30, 30)).save(picture, format="PNG")
    return picture.getvalue()


PAGES: dict[str, str | bytes] = {
    "/": html_page(
        '<button class="button" id="go">Go</button><input id="code">'
        '<div class="pic" id="shown"></div><div data-clarity-mask="true"><div class="pic" id="masked"></div></div>'
        '<p class="leaky">text</p>',
        head='<link rel="stylesheet" href="/main.css"><link rel="stylesheet" href="/big.css">',
    ),
    "/main.css": (
        '@import "theme.css";\n.button { background: rgb(79, 70, 229); font-family: Probe, sans-serif; }\n'
        f'.button::after {{ content: "{HIDDEN}"; }}\n.hero {{ background: url(/hero.png); }}\n'
        ".pic { width: 20px; height: 20px; background-image: url(/pic.png); }\n"
        '@font-face { font-family: Probe; src: url(/probe.woff2) format("woff2"); }\n'
        '@font-face { font-family: Leaky; src: url(/leaky.woff2) format("woff2"); }\n'
        ".leaky { font-family: Leaky; }\n"
    ),
    "/pic.png": png(),
    "/probe.woff2": b"wOF2 not really a font",
    "/leaky.woff2": b"wOF2 " + HIDDEN.encode(),
    "/theme.css": f"body {{ color: rgb(1, 2, 3); }} /* {HIDDEN.upper()} */\n",
    "/big.css": "/* padding */\n" + ".x { color: red; }\n" * 200,
}
SCENARIO = f"""
name: styled
url: /
tag: {{config: {{delay: 100}}}}
steps:
  - wait_for: {{uploads: 1}}
  - fill: {{selector: "#code", value: "{HIDDEN}"}}
expect:
  masking: {{sensitive: ["{HIDDEN}"]}}
"""


def embedded_stylesheets(html: str, slug: str) -> dict[str, str]:
    packed = re.search(rf'id="s-{slug}-styles">([^<]*)<', html)
    assert packed is not None
    styles: dict[str, str] = json.loads(gzip.decompress(base64.b64decode(packed.group(1))))
    return styles


def test_stylesheets_are_kept_capped_and_embedded_redacted(
    run_yaml: RunYaml, tmp_path: Path, real_browser: Browser
) -> None:
    with StaticPages(PAGES) as site:
        outcome = run_yaml(
            SCENARIO, base_url=site.url, slug="styled", capture_limits=CaptureLimits(stylesheet_bytes=CAP)
        )
        capture = outcome.record.capture
        assert {sheet.url for sheet in capture.stylesheets} == {
            f"{site.url}/main.css",
            f"{site.url}/theme.css",
        }
        assert capture.stylesheets_left_out == (f"{site.url}/big.css",)
        assert any("stylesheets" in note and "not kept" in note for note in capture.notes)
        # The fonts and the image the kept sheets use are kept too (hero.png was never there).
        assert {asset.url for asset in capture.stylesheet_assets} == {
            f"{site.url}/pic.png",
            f"{site.url}/probe.woff2",
            f"{site.url}/leaky.woff2",
        }

        reports = tmp_path / "reports"
        info = RunInfo("0", "0", "Chromium", site.url, "2026-01-01T00:00:00+00:00", 1.0)
        document = results_document([outcome], info, reports)
        write_results(reports, document)
        report = write_html(reports, document)
        html = report.read_text(encoding="utf-8")

    styles = embedded_stylesheets(html, "styled")
    main = styles[f"{site.url}/main.css"]
    # The @import is the kept theme sheet itself, inline; a reference to anything not kept requests nothing.
    assert '@import url("data:text/css;charset=utf-8,body' in main
    assert 'url("data:,")' in main
    assert "hero.png" not in main
    assert "rgb(79, 70, 229)" in main
    # The report says a font was left out for holding a hidden value, without naming it.
    withheld = html.split('data-role="assets-withheld">', 1)[1].split("</p>", 1)[0]
    assert withheld.startswith("1 font or image left out of the replay")
    assert "leaky" not in withheld
    # The report names the sheet past the cap.
    assert "big.css" in html.split('data-role="stylesheets-left-out"', 1)[1].split("</div>", 1)[0]
    # The image and the font are embedded; the font holding the hidden value is not (its url() is emptied).
    assert 'url("data:image/png;base64,' in main
    assert 'url("data:font/woff2;base64,' in main
    # No form of the hidden value in any embedded sheet or asset, nor in the report at all.
    assets = [
        base64.b64decode(unquote(encoded)).decode("latin-1")
        for encoded in re.findall(r"data:[a-z0-9/+.-]+;base64,([^\")]+)", main)
    ]
    assert len(assets) == 2
    embedded = json.dumps(styles) + "".join(styles.values()) + "".join(assets)
    for form in transformed_forms(HIDDEN).values():
        assert form.lower() not in embedded.lower()
    assert HIDDEN not in html

    # In the replay: styled, the image shown on the unmasked element only, and no request leaves the file.
    page = real_browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(report.as_uri())
        page.locator("details.scenario").first.evaluate("details => { details.open = true; }")
        replay = page.locator("[data-replay]")
        replay.locator('[data-action="load"]').click()
        expect(replay).to_have_attribute("data-state", "ready")
        frame = replay.frame_locator("iframe")
        expect(frame.locator(".button")).to_have_css("background-color", "rgb(79, 70, 229)")
        expect(frame.locator("#shown")).to_have_css("background-image", re.compile(r'^url\("data:image/png'))
        expect(frame.locator("#masked")).to_have_css("background-image", "none")
    finally:
        page.close()
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
