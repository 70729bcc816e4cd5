"""`pip install tagprobe` is all a user needs besides a Chromium: the wheel carries the pinned clarity-js,
clarity-decode and clarity-visualize (fetched at build time by hatch_build.py, never committed) with their
license, and decoding runs in the Node.js that Playwright ships, so a fresh virtualenv with only the wheel
runs a scenario green with no Node on the PATH (and finds the demo's scenarios the wheel carries)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pytest
from playwright.sync_api import Playwright

from tagprobe.assets import PINNED_VERSION, pinned_builds
from tagprobe.browser.locate import choose_browser

pytestmark = pytest.mark.wheel

REPO = Path(__file__).resolve().parents[1]
SHIPPED = "tagprobe/pinned"
SCENARIO = """\
name: from the wheel
url: /
steps:
  - click: "#consent-accept"
"""


def run(command: list[str], cwd: Path, env: Mapping[str, str] | None = None) -> str:
    completed = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=420, check=False
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, f"{' '.join(command)} exited {completed.returncode}:\n{output[-4000:]}"
    return output


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("npm") is None:
        pytest.fail("building the wheel needs npm (it fetches the pinned builds with `npm pack`)")
    out = tmp_path_factory.mktemp("dist")
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out)]
    # The dev install has the build backend; elsewhere (`make floors`) pip fetches it as a user's pip would.
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-build-isolation"]
    run([*pip_wheel, *isolation, str(REPO)], cwd=out)
    (built,) = out.glob("tagprobe-*.whl")
    return built


def test_the_wheel_carries_the_pinned_builds_with_their_license(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for package in ("clarity-js", "clarity-decode", "clarity-visualize"):
            manifest = json.loads(archive.read(f"{SHIPPED}/{package}/package.json"))
            assert (manifest["name"], manifest["version"], manifest["license"]) == (
                package,
                PINNED_VERSION,
                "MIT",
            )
        license_text = archive.read(f"{SHIPPED}/LICENSE.txt").decode("utf-8")
        # The bytes npm ci installed from the same lockfile: the wheel ships the published builds unchanged.
        source = pinned_builds().node_modules
        for shipped in (
            "clarity-js/build/clarity.min.js",
            "clarity-decode/build/clarity.decode.js",
            "clarity-decode/build/clarity.decode.min.js",
            "clarity-visualize/build/clarity.visualize.min.js",
        ):
            assert archive.read(f"{SHIPPED}/{shipped}") == (source / shipped).read_bytes(), shipped
        shipped_bytes = sum(archive.getinfo(name).file_size for name in names if name.startswith(SHIPPED))
    assert "MIT License" in license_text
    assert "Copyright (c) Microsoft Corporation." in license_text
    assert "tagprobe/decode/decode_worker.cjs" in names
    assert "tagprobe/demo/scenarios/browsing.scenario.yaml" in names
    assert shipped_bytes < 1_500_000
    assert not (REPO / "src" / SHIPPED).exists(), "the build wrote the fetched builds into the source tree"


@pytest.mark.e2e
@pytest.mark.timeout(900)
def test_a_fresh_virtualenv_with_the_wheel_runs_a_scenario_without_node(
    wheel: Path, tmp_path: Path, tagprobe_playwright: Playwright
) -> None:
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    python = venv / "bin" / "python"
    installing = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], cwd=tmp_path, env=installing)

    # No Node on the PATH, nothing pointing at this checkout: only the virtualenv and a Chromium.
    browser = choose_browser(tagprobe_playwright).executable
    bare = {
        key: value
        for key, value in installing.items()
        if key not in ("PATH", "TAGPROBE_NODE_MODULES", "PLAYWRIGHT_NODEJS_PATH", "NODE_PATH")
    }
    env = {**bare, "PATH": str(venv / "bin"), **({"TAGPROBE_BROWSER": str(browser)} if browser else {})}
    assert shutil.which("node", path=env["PATH"]) is None
    assert shutil.which("nodejs", path=env["PATH"]) is None
    site = tmp_path / "site"
    site.mkdir()
    where = run(
        [str(python), "-c", "from tagprobe.assets import pinned_builds; print(pinned_builds())"], site, env
    )
    assert str(venv) in where, where

    tagprobe = str(venv / "bin" / "tagprobe")
    lost = subprocess.run([tagprobe, "run"], cwd=site, env=env, capture_output=True, text=True, timeout=120)
    assert lost.returncode == 2, lost.stdout + lost.stderr
    demo = Path(
        lost.stderr.split("the demo's scenarios, for the built-in demo shop: tagprobe run ")[1].split()[0]
    )
    assert demo.is_relative_to(venv), demo

    (site / "wheel.scenario.yaml").write_text(SCENARIO, encoding="utf-8")
    shipped = str(demo / "browsing.scenario.yaml")
    output = run([tagprobe, "run", "wheel.scenario.yaml", shipped, "--tagprobe-reports", "r"], site, env)

    assert "2 passed" in output, output[-3000:]
    results = json.loads((site / "r" / "results.json").read_text(encoding="utf-8"))["scenarios"]
    assert [scenario["status"] for scenario in results] == ["passed", "passed"]
    scenario = next(scenario for scenario in results if scenario["name"] == "from the wheel")
    checks = {check["check"]: check["status"] for check in scenario["checks"]}
    assert checks["health"] == checks["masking"] == "passed"
    clicks = [click["element"] for page in scenario["pages"] for click in page["clicks"]]
    assert "button#consent-accept" in clicks, "the uploads were not decoded"
    assert 'id="player-bundle"' in (site / "r" / "index.html").read_text(encoding="utf-8")


def test_a_tarball_that_is_not_the_one_the_lockfile_pins_stops_the_build(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("hatch_build", REPO / "hatch_build.py")
    if spec is None or spec.loader is None or importlib.util.find_spec("hatchling") is None:
        pytest.skip("the build backend (hatchling) is not installed here")
    hatch_build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hatch_build)
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"]["node_modules/clarity-decode"]
    entry["integrity"] = "sha512-" + "A" * 86 + "=="
    (tmp_path / "package-lock.json").write_text(json.dumps(lock), encoding="utf-8")
    (tmp_path / "fetched").mkdir()
    with pytest.raises(RuntimeError, match=r"clarity-decode-0\.8\.70\.tgz does not match package-lock\.json"):
        hatch_build.fetch_pinned_packages(tmp_path, tmp_path / "fetched")
