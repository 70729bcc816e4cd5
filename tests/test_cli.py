"""The `tagprobe` command: validate, schema, usage errors and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tagprobe.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main
from tagprobe.demo import DEFECTS
from tagprobe.scenario.schema import scenario_schema

REPO = Path(__file__).resolve().parents[1]
TAGPROBE = Path(sys.executable).with_name("tagprobe")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def tagprobe(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TAGPROBE), *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def test_validate_passes_valid_files_in_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "a.scenario.yaml", "name: a\nsteps: []\n---\nname: b\nsteps: []\n")
    write(tmp_path, "nested/c.scenario.yml", "name: c\nsteps:\n  - click: '#x'\n")
    write(tmp_path, "ignored.yaml", "not: a scenario\n")
    assert main(["validate", str(tmp_path)]) == EXIT_OK
    assert capsys.readouterr().out == "2 file(s), 3 valid scenario(s), 0 problem(s)\n"


def test_validate_reports_each_problem_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        "shop.scenario.yaml",
        """\
        name: fine
        steps: []
        ---
        name: typo
        steps:
          - clik: "#buy"
        """,
    )
    assert main(["validate", str(path)]) == EXIT_USAGE
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:6: steps[0].clik: unknown step 'clik'",
        "  hint: did you mean 'click'?",
        "1 file(s), 1 valid scenario(s), 1 problem(s)",
    ]


def test_validate_reports_a_syntax_error_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "bad.scenario.yaml", "name: a\nsteps: [\n")
    assert main(["validate", str(path)]) == EXIT_USAGE
    output = capsys.readouterr()
    assert output.out.startswith(f"{path}:2: (syntax): YAML syntax error: ")
    assert "Traceback" not in output.out + output.err


def test_validate_a_missing_path_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nope")]) == EXIT_USAGE
    assert "no such file or folder" in capsys.readouterr().err


def test_validate_in_a_subprocess(tmp_path: Path) -> None:
    write(tmp_path, "scenarios/ok.scenario.yaml", "name: ok\nsteps: []\n")
    completed = tagprobe("validate", cwd=tmp_path)
    assert (completed.returncode, completed.stdout) == (
        EXIT_OK,
        "1 file(s), 1 valid scenario(s), 0 problem(s)\n",
    )


def test_the_bundled_scenarios_are_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(REPO / "scenarios")]) == EXIT_OK, capsys.readouterr().out


def test_schema_prints_the_packaged_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == EXIT_OK
    printed = json.loads(capsys.readouterr().out)
    packaged = json.loads((REPO / "src/tagprobe/scenario/schema.json").read_text(encoding="utf-8"))
    assert printed == packaged == scenario_schema()


def test_an_unknown_command_suggests_the_close_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["valdiate", "x"]) == EXIT_USAGE
    assert "unknown command 'valdiate'. did you mean 'validate'?" in capsys.readouterr().err


def test_no_command_prints_usage_as_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == EXIT_USAGE
    assert "exit codes: 0 all passed, 1 a scenario failed, 2" in capsys.readouterr().out
    assert main(["--help"]) == EXIT_OK


def test_run_without_scenarios_is_a_usage_error(tmp_path: Path) -> None:
    completed = tagprobe("run", "missing.scenario.yaml", cwd=tmp_path)
    assert completed.returncode == EXIT_USAGE
    assert "tagprobe run:" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_run_with_an_unknown_demo_defect_lists_the_valid_ones(tmp_path: Path) -> None:
    write(tmp_path, "scenarios/ok.scenario.yaml", "name: ok\nsteps: []\n")
    completed = tagprobe("run", "--demo-defect", "nope", cwd=tmp_path)
    assert completed.returncode == EXIT_USAGE
    assert "unknown defect 'nope'" in completed.stderr
    assert all(name in completed.stderr for name in DEFECTS)


def test_run_with_demo_defect_but_no_name(tmp_path: Path) -> None:
    completed = tagprobe("run", "--demo-defect", cwd=tmp_path)
    assert completed.returncode == EXIT_USAGE
    assert "--demo-defect: expected one argument" in completed.stderr


def test_run_without_paths_and_without_a_scenarios_folder_says_so(tmp_path: Path) -> None:
    completed = tagprobe("run", "--tagprobe-reports", "out", cwd=tmp_path)
    assert completed.returncode == EXIT_USAGE
    assert "no scenario paths given and no ./scenarios folder here" in completed.stderr
    demo = Path(
        completed.stderr.split("the demo's scenarios, for the built-in demo shop: tagprobe run ")[1].split()[
            0
        ]
    )
    assert sorted(demo.glob("*.scenario.yaml")), demo


@pytest.mark.e2e
def test_run_with_a_demo_defect_and_no_scenarios_folder_runs_the_demos_scenarios(tmp_path: Path) -> None:
    completed = tagprobe("run", "--demo-defect", "pii-leak", "-k", "checkout", cwd=tmp_path)
    assert completed.returncode == EXIT_FAILED, completed.stdout + completed.stderr
    assert "served with its pii-leak defect" in completed.stdout
    assert "FAILED checkout.scenario.yaml::Checkout keeps card data out of the recording" in completed.stdout
    assert "Traceback" not in completed.stdout + completed.stderr


def test_run_takes_option_values_from_pytest_not_for_scenario_folders(tmp_path: Path) -> None:
    """`--tagprobe-reports reports` names the reports folder, not a folder of scenarios, though it exists;
    ./scenarios is still the default, and the junit file goes to the reports folder named."""
    write(tmp_path, "scenarios/bad.scenario.yaml", "name: a\nsteps:\n  - clik: '#x'\n")
    write(tmp_path, "reports/bad.scenario.yaml", "name: b\nsteps:\n  - clik: '#x'\n")
    completed = tagprobe("run", "--tagprobe-reports", "reports", cwd=tmp_path)
    assert completed.returncode == EXIT_USAGE
    assert "scenarios/bad.scenario.yaml:3:" in completed.stdout
    assert "reports/bad.scenario.yaml" not in completed.stdout
    assert (tmp_path / "reports" / "junit.xml").is_file()


def test_run_keeps_pytest_cache_so_last_failed_works(tmp_path: Path) -> None:
    """--lf, --ff and --sw need pytest's cache: `tagprobe run` does not switch it off."""
    write(tmp_path, "scenarios/bad.scenario.yaml", "name: bad\nsteps:\n  - clik: '#x'\n")
    write(tmp_path, "scenarios/good.scenario.yaml", "name: good\nsteps: []\n")
    first = tagprobe("run", "-k", "bad", cwd=tmp_path)
    assert first.returncode == EXIT_USAGE, first.stdout
    again = tagprobe("run", "--lf", "--collect-only", "-q", cwd=tmp_path)
    assert "scenarios/bad.scenario.yaml::bad" in again.stdout
    assert "good" not in again.stdout.replace("scenarios/bad", "")
    assert "1 test collected" in again.stdout


def test_run_on_an_invalid_scenario_exits_2_without_a_browser(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.scenario.yaml", "name: a\nsteps:\n  - clik: '#x'\n")
    completed = tagprobe("run", str(path), cwd=tmp_path)
    assert completed.returncode == EXIT_USAGE
    assert f"{path}:3: steps[0].clik: unknown step 'clik'" in completed.stdout
    assert (tmp_path / "reports" / "junit.xml").is_file()


@pytest.mark.parametrize(
    "value", ["*.clarity.ms", ".clarity.ms", "TAGPROBE.CLARITY.MS", "*", "example.com,k.clarity.ms"]
)
def test_run_refuses_an_allow_host_that_could_let_the_recording_leave(tmp_path: Path, value: str) -> None:
    write(tmp_path, "scenarios/ok.scenario.yaml", "name: ok\nsteps: []\n")
    completed = tagprobe("run", "--allow-host", "shop.example.test", "--allow-host", value, cwd=tmp_path)
    assert completed.returncode == EXIT_USAGE
    assert f"--allow-host {value!r}" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert not (tmp_path / "reports" / "scenarios").exists(), "no scenario ran"


BAD_DETECTOR_TABLE = (
    '[project]\nname = "shop"\n\n[tool.tagprobe.detector]\nrage_click_count = 4\ndead_clik_window_ms = 800\n'
)


def test_run_with_an_invalid_detector_table_is_a_usage_error_naming_the_file_and_key(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", BAD_DETECTOR_TABLE)
    write(tmp_path, "scenarios/ok.scenario.yaml", "name: ok\nsteps: []\n")
    completed = tagprobe("run", cwd=tmp_path)
    assert completed.returncode == EXIT_USAGE
    assert (
        "pyproject.toml:6 [tool.tagprobe.detector]: unknown detector setting 'dead_clik_window_ms'; "
        "did you mean 'dead_click_window_ms'?"
    ) in completed.stderr
    assert "Traceback" not in completed.stderr
    assert not (tmp_path / "reports" / "scenarios").exists(), "no scenario ran"


def test_validate_reports_an_invalid_detector_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "pyproject.toml", BAD_DETECTOR_TABLE)
    write(tmp_path, "ok.scenario.yaml", "name: ok\nsteps: []\n")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", str(tmp_path)]) == EXIT_USAGE
    out = capsys.readouterr().out
    assert "pyproject.toml:6 [tool.tagprobe.detector]: unknown detector setting 'dead_clik_window_ms'" in out
    assert out.endswith("1 file(s), 1 valid scenario(s), 1 problem(s)\n")


def test_run_refuses_a_browser_argument_that_would_route_around_the_egress_guard(tmp_path: Path) -> None:
    write(tmp_path, "scenarios/ok.scenario.yaml", "name: ok\nsteps: []\n")
    completed = tagprobe("run", "--browser-arg=--no-proxy-server", cwd=tmp_path)
    assert completed.returncode == EXIT_USAGE
    assert "browser argument '--no-proxy-server'" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_run_names_itself_in_its_help_and_usage_errors(tmp_path: Path) -> None:
    write(tmp_path, "scenarios/ok.scenario.yaml", "name: ok\nsteps: []\n")
    helped = tagprobe("run", "--help", cwd=tmp_path)
    assert helped.stdout.startswith("usage: tagprobe run [options]"), helped.stdout[:80]
    refused = tagprobe("run", "--no-such-option", cwd=tmp_path)
    assert refused.returncode == EXIT_USAGE
    assert "tagprobe run: error: unrecognized arguments: --no-such-option" in refused.stderr
    assert "pytest.main()" not in refused.stderr + helped.stdout
