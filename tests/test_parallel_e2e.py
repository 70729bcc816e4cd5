"""`tagprobe run -n 2`: two pytest-xdist workers, each with its own browser, and one report for the whole run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tagprobe.scenario.load import is_scenario_file, load_file

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "scenarios"
TAGPROBE = Path(sys.executable).with_name("tagprobe")


def bundled_scenario_names() -> list[str]:
    files = sorted(path for path in BUNDLED.rglob("*") if is_scenario_file(path))
    return [document.name for file in files for document in load_file(file)]


CONTROLLER_DRAWS_NOTHING = """
def pytest_configure(config):
    if not hasattr(config, "workerinput"):
        import tagprobe.report.view as view

        def refuse(*args, **kwargs):
            raise AssertionError("the controller drew a picture its workers should have drawn")

        view.page_picture = view.thumbnail = refuse
"""


@pytest.mark.e2e
def test_two_workers_write_one_report_with_every_scenario(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    (tmp_path / "controller_draws_nothing.py").write_text(CONTROLLER_DRAWS_NOTHING, encoding="utf-8")
    command = [str(TAGPROBE), "run", str(BUNDLED), "-n", "2", "--tagprobe-reports", str(reports), "-q"]
    completed = subprocess.run(
        [*command, "-p", "controller_draws_nothing"],
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    results = json.loads((reports / "results.json").read_text(encoding="utf-8"))
    expected = bundled_scenario_names()

    assert sorted(scenario["name"] for scenario in results["scenarios"]) == sorted(expected)
    assert results["summary"]["total"] == len(expected)
    assert completed.returncode == (1 if results["summary"]["failed"] else 0), completed.stdout[-3000:]
    assert len(results["run"]["parts"]) == 2, "each worker's run facts are kept"
    assert all(part["base_url"].startswith("http://127.0.0.1:") for part in results["run"]["parts"]), (
        "each worker names the demo site it ran against"
    )
    assert len({scenario["id"] for scenario in results["scenarios"]}) == len(expected)
    for scenario in results["scenarios"]:
        assert (reports / scenario["uploads"]["file"]).is_file(), scenario["name"]

    html = (reports / "index.html").read_text(encoding="utf-8")
    assert all(name.replace("'", "&#39;") in html for name in expected)
    recorded = [scenario for scenario in results["scenarios"] if scenario["uploads"]["count"]]
    assert html.count("data-replay=") == len(recorded), "workers hand over how to redact each replay"
    pictured = [page for scenario in results["scenarios"] for page in scenario["pages"] if page["screenshot"]]
    assert pictured, "the demo suite's pages have pictures"
    assert html.count("data-heatmap=") == len(pictured), "each worker draws its scenarios' pictures"
    for scenario in results["scenarios"]:
        for page in scenario["pages"]:
            heatmap = reports / scenario["artifacts_dir"] / f"heatmap-page-{page['number']}.jpg"
            assert heatmap.is_file() == bool(page["screenshot"]), heatmap
    cases = list(ET.parse(reports / "junit.xml").getroot().iter("testcase"))
    assert sorted(case.get("name", "") for case in cases) == sorted(expected)
    assert completed.stdout.count("tagprobe report:") == 1
