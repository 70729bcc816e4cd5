"""The site's stylesheets are kept during the run (linked and @imported, up to the cap, the rest named) and
embedded in the report's replay self-contained and redacted: no hidden value reaches any embedded sheet."""

from __future__ import annotations

import base64
import gzip
import json
import re
from pathlib import Path

import pytest

from tagprobe.capture.limits import CaptureLimits
from tagprobe.checks.canaries import transformed_forms
from tagprobe.report.html import write_html
from tagprobe.report.results_json import RunInfo, results_document, write_results
from tests.conftest import RunYaml
from tests.static_pages import StaticPages, html_page

pytestmark = pytest.mark.e2e

HIDDEN = "s3cret-value"
CAP = 2_000
PAGES = {
    "/": html_page(
        '<button class="button" id="go">Go</button><input id="code">',
        head='<link rel="stylesheet" href="/main.css"><link rel="stylesheet" href="/big.css">',
    ),
    "/main.css": (
        '@import "theme.css";\n.button { background: rgb(79, 70, 229); }\n'
        f'.button::after {{ content: "{HIDDEN}"; }}\n.hero {{ background: url(/hero.png); }}\n'
    ),
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


def test_stylesheets_are_kept_capped_and_embedded_redacted(run_yaml: RunYaml, tmp_path: Path) -> None:
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

        reports = tmp_path / "reports"
        info = RunInfo("0", "0", "Chromium", site.url, "2026-01-01T00:00:00+00:00", 1.0)
        document = results_document([outcome], info, reports)
        write_results(reports, document)
        html = write_html(reports, document).read_text(encoding="utf-8")

    styles = embedded_stylesheets(html, "styled")
    main = styles[f"{site.url}/main.css"]
    # The @import is the kept theme sheet itself, inline; a reference to anything not kept requests nothing.
    assert '@import url("data:text/css;charset=utf-8,body' in main
    assert 'url("data:,")' in main
    assert "hero.png" not in main
    assert "rgb(79, 70, 229)" in main
    # The report names the sheet past the cap.
    assert "big.css" in html.split('data-role="stylesheets-left-out"', 1)[1].split("</div>", 1)[0]
    # No form of the hidden value in any embedded sheet, nor in the report at all.
    embedded = json.dumps(styles) + "".join(styles.values())
    for form in transformed_forms(HIDDEN).values():
        assert form.lower() not in embedded.lower()
    assert HIDDEN not in html
