"""The report's pictures drawn as soon as a scenario ends (on a thread of their own), handed over as plain values
and used as they are when index.html is written."""

from __future__ import annotations

from pathlib import Path

from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.report.html import render_html, write_html
from tagprobe.report.pictures import PagePicture, PictureDrawer, ScenarioPictures, draw_pictures
from tagprobe.report.results_json import RunInfo, results_document

from .factories import BASE, click, load_scenario, outcome, page_events

INFO = RunInfo("0.1.0", "0.8.70", "Chromium 156", BASE, "2026-01-01T00:00:00+00:00", 3000.0)


def two_page_outcome(tmp_path: Path) -> tuple[ScenarioOutcome, Path]:
    scenario = load_scenario(tmp_path, 'name: Two pages\nurl: /\nsteps:\n  - click: "#a"\n  - click: "#b"\n')
    reports = tmp_path / "reports"
    result = outcome(
        scenario,
        reports,
        urls=[BASE + "/", BASE + "/", BASE + "/cart"],
        pages=[(BASE + "/", page_events(click(100, 20, 30, "a"))), (BASE + "/cart", page_events())],
    )
    return result, reports


def test_a_scenarios_pictures_are_its_heatmaps_saved_full_size_and_its_thumbnails(tmp_path: Path) -> None:
    result, reports = two_page_outcome(tmp_path)
    scenario = results_document([result], INFO, reports)["scenarios"][0]
    pictures = draw_pictures(scenario, reports)

    pictured = [page["number"] for page in scenario["pages"] if page["screenshot"]]
    assert sorted(pictures.heatmaps) == pictured == [1, 2]
    for number, page in pictures.heatmaps.items():
        assert page.heatmap.startswith("data:image/jpeg;base64,")
        assert page.file == f"scenarios/unit/heatmap-page-{number}.jpg"
        assert (reports / page.file).is_file()
    assert sorted(pictures.thumbnails) == sorted(step["screenshot"] for step in scenario["steps"])
    assert ScenarioPictures.from_data(pictures.to_data()) == pictures


def test_the_drawer_draws_each_scenario_once_started_as_the_report_would(tmp_path: Path) -> None:
    result, reports = two_page_outcome(tmp_path)
    drawer = PictureDrawer()
    drawer.draw(result, reports)
    assert drawer.drawn() == {}, "nothing is drawn before it is started"
    drawer.start()
    drawn = drawer.drawn()
    drawer.close()

    document = results_document([result], INFO, reports)
    assert drawn == {"unit": draw_pictures(document["scenarios"][0], reports)}
    assert render_html(document, reports, pictures=drawn).count('data-heatmap="') == 2


def test_the_report_embeds_pictures_drawn_already_instead_of_drawing_them_again(tmp_path: Path) -> None:
    result, reports = two_page_outcome(tmp_path)
    document = results_document([result], INFO, reports)
    step_picture = document["scenarios"][0]["steps"][0]["screenshot"]
    drawn = ScenarioPictures(
        {1: PagePicture("data:image/jpeg;base64,DRAWN1", "scenarios/unit/heatmap-page-1.jpg")},
        {step_picture: "data:image/jpeg;base64,THUMB1"},
    )
    html = write_html(reports, document, {"unit": drawn}).read_text(encoding="utf-8")

    assert "data:image/jpeg;base64,DRAWN1" in html
    assert "data:image/jpeg;base64,THUMB1" in html
    assert not (reports / "scenarios" / "unit" / "heatmap-page-1.jpg").exists(), "page 1 was not drawn again"
    assert (reports / "scenarios" / "unit" / "heatmap-page-2.jpg").is_file(), "what was not drawn, is"
