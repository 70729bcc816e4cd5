"""A replay on a site no one here wrote: mkdocs (PyPI) with its built-in readthedocs theme, whose stylesheet
names its own web fonts (Lato, Roboto Slab, FontAwesome). The run keeps the fonts the pages used; the report's
replay loads them from the report itself and looks like the site, with no request leaving the file."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tagprobe.report.html import write_html
from tagprobe.report.results_json import RunInfo, results_document, write_results
from tests.realapps.conftest import RunApp, build_mkdocs_site, failed_steps, serve

pytestmark = [pytest.mark.e2e, pytest.mark.realapps]

CONFIG = """
site_name: Probe Manual
theme:
  name: readthedocs
  highlightjs: false
nav:
  - Home: index.md
  - Setup: setup.md
"""
PAGES = {
    "index.md": "# Probe Manual\n\nStart with the [setup](setup.md).\n",
    "setup.md": "# Setup\n\nInstall it, then run it.\n",
}
JOURNEY = """
name: read the manual
url: /
steps:
  - click: "nav a[href$='setup/']"
  - wait_for: {url: "/setup/"}
"""


@pytest.fixture(scope="module")
def manual(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = tmp_path_factory.mktemp("manual")
    (project / "mkdocs.yml").write_text(textwrap.dedent(CONFIG), encoding="utf-8")
    (project / "docs").mkdir()
    for name, text in PAGES.items():
        (project / "docs" / name).write_text(text, encoding="utf-8")
    with serve(build_mkdocs_site(project)) as url:
        yield url


def test_the_replay_uses_the_sites_own_web_fonts(
    run_app: RunApp, manual: str, tmp_path: Path, real_browser: Browser
) -> None:
    outcome = run_app(JOURNEY, manual)
    assert failed_steps(outcome) == []
    kept = {Path(asset.url.split("?")[0]).name for asset in outcome.record.capture.stylesheet_assets}
    assert "lato-normal.woff2" in kept, kept
    reports = tmp_path / "reports"
    info = RunInfo("0", "0", "Chromium", manual, "2026-01-01T00:00:00+00:00", 1.0)
    document = results_document([outcome], info, reports)
    write_results(reports, document)
    report = write_html(reports, document)

    page = real_browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(report.as_uri())
        page.locator("details.scenario").first.evaluate("details => { details.open = true; }")
        replay = page.locator("[data-replay]")
        replay.locator('[data-action="load"]').click()
        expect(replay).to_have_attribute("data-state", "ready")
        frame = replay.frame_locator("iframe")
        expect(frame.locator(".wy-nav-content")).to_contain_text("Start with the")
        # The theme's sidebar colour comes from its stylesheet; Lato is loaded from the report, not the site.
        expect(frame.locator(".wy-nav-side")).to_have_css("background-color", "rgb(52, 49, 49)")
        loaded = frame.locator("body").evaluate(
            """async () => {
                await document.fonts.ready;
                return [...document.fonts].filter((font) => font.status === "loaded").map((font) => font.family);
            }"""
        )
        assert any("Lato" in family for family in loaded), loaded
    finally:
        page.close()
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
