"""`tagprobe detect FILE...` over saved uploads: table and JSON output, overrides, and unreadable input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tagprobe.detect.cli import main, parse_overrides
from tagprobe.errors import TagprobeError

from .corpus import SESSIONS

ERRORS_SESSION = SESSIONS / "errors" / "uploads.jsonl"
RAGE_SESSION = SESSIONS / "rage" / "uploads.jsonl"


@pytest.fixture(autouse=True)
def no_project_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The detector reads ./pyproject.toml: run where there is none."""
    monkeypatch.chdir(tmp_path)


def test_the_table_lists_each_files_signals(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(ERRORS_SESSION)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith(f"{ERRORS_SESSION}: 1 page(s), ")
    assert lines[1].split() == ["PAGE", "AT", "SIGNAL", "COUNT", "ELEMENT", "REASON"]
    assert any(
        "error_click" in line and "button#throw-now" in line and "Coupon service" in line for line in lines
    )
    assert any("js_error" in line and "Widget failed to load" in line for line in lines)


def test_json_lists_every_signal_with_its_element(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(RAGE_SESSION), str(ERRORS_SESSION), "--format", "json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert {item["file"] for item in items} == {str(RAGE_SESSION), str(ERRORS_SESSION)}
    banner = next(item for item in items if item["type"] == "rage_click")
    assert set(banner) >= {"type", "page_url", "page_number", "time_ms", "count", "reason", "element"}
    assert banner["page_url"].endswith("/rage.html")
    assert banner["count"] == 3
    assert set(banner["element"]) >= {"tag", "id", "class", "text", "hash"}
    assert banner["element"]["description"].endswith("in div#banner")
    assert any(item["type"] == "js_error" and item["element"] is None for item in items)


def test_config_overrides_change_what_is_detected(capsys: pytest.CaptureFixture[str]) -> None:
    main([str(RAGE_SESSION), "--format", "json"])
    default = [item["type"] for item in json.loads(capsys.readouterr().out)].count("rage_click")
    assert main([str(RAGE_SESSION), "--format", "json", "--config", "rage_click_count=6"]) == 0
    assert default > 0
    assert [item["type"] for item in json.loads(capsys.readouterr().out)].count("rage_click") == 0


def test_the_projects_pyproject_settings_apply(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.tagprobe.detector]\nignore = ['#banner']\n", encoding="utf-8"
    )
    assert main([str(RAGE_SESSION), "--format", "json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert not any("#banner" in item["element"]["description"] for item in items if item["element"])


def test_override_values_are_json_when_they_parse_and_text_otherwise() -> None:
    assert parse_overrides(["a=800", "b=true", 'c=["#x"]', "d=#carousel", "e=x=y"]) == {
        "a": 800, "b": True, "c": ["#x"], "d": "#carousel", "e": "x=y",
    }  # fmt: skip
    with pytest.raises(TagprobeError, match="expected KEY=VALUE"):
        parse_overrides(["dead_click_window_ms"])


def test_an_unknown_setting_exits_2_with_a_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(RAGE_SESSION), "--config", "dead_click_windw_ms=800"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "did you mean 'dead_click_window_ms'?" in captured.err


def test_a_malformed_line_exits_2_naming_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "uploads.jsonl"
    shutil.copy(ERRORS_SESSION, broken)
    with broken.open("a", encoding="utf-8") as out:
        out.write('{"e": [1, 2\n')
    lines = sum(1 for _ in ERRORS_SESSION.open(encoding="utf-8"))
    assert main([str(ERRORS_SESSION), str(broken)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{broken}:{lines + 1}: not JSON" in captured.err
    assert "Traceback" not in captured.err


def test_a_line_that_is_not_an_upload_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    odd = tmp_path / "odd.jsonl"
    odd.write_text('{"hello": "world"}\n', encoding="utf-8")
    assert main([str(odd)]) == 2
    assert f"{odd}:1: not a Clarity upload" in capsys.readouterr().err


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "nowhere.jsonl")]) == 2
    assert "nowhere.jsonl: cannot read the file" in capsys.readouterr().err


def test_an_empty_file_is_read_and_has_no_signals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "uploads.jsonl"
    empty.write_text("", encoding="utf-8")
    assert main([str(empty)]) == 0
    assert capsys.readouterr().out == f"{empty}: 0 page(s), 0 signal(s)\n"


def test_usage_errors_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "FILE" in capsys.readouterr().err
    assert main(["--help"]) == 0
    assert "--format" in capsys.readouterr().out


def test_page_text_in_the_table_cannot_move_the_terminal_or_command_the_ci(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through `tagprobe detect`, as users run it: a page's error text is shown, not obeyed."""
    from tagprobe.cli import main as tagprobe_main

    hostile = tmp_path / "uploads.jsonl"
    text = ERRORS_SESSION.read_text(encoding="utf-8")
    injected = '"Widget\\u001b[2J\\r\\n::error file=INJECTED.py::owned"'
    hostile.write_text(text.replace('"Widget failed to load"', injected), encoding="utf-8")
    assert tagprobe_main(["detect", str(hostile)]) == 0
    out = capsys.readouterr().out
    assert "INJECTED.py" in out
    assert "\x1b" not in out
    assert not [line for line in out.splitlines() if line.strip().startswith("::")]
