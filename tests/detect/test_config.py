"""DetectorConfig.load: defaults <- [tool.tagprobe.detector] in ./pyproject.toml <- the scenario's overrides."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.element import ElementSpec
from tagprobe.errors import TagprobeError


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path / "pyproject.toml"


def test_without_a_pyproject_the_defaults_apply(project: Path) -> None:
    config = DetectorConfig.load()
    assert config == DetectorConfig()
    assert (config.rage_click_count, config.dead_click_window_ms, config.rage_click_radius_px) == (3, 500, 30)


def test_a_pyproject_without_the_section_is_fine(project: Path) -> None:
    project.write_text('[project]\nname = "shop"\n', encoding="utf-8")
    assert DetectorConfig.load() == DetectorConfig()


def test_the_pyproject_section_overrides_defaults_and_the_scenario_overrides_both(project: Path) -> None:
    project.write_text(
        "[tool.tagprobe.detector]\ndead_click_window_ms = 800\nrage_click_count = 4\n"
        'ignore = ["#carousel", {text = "Load more"}]\n',
        encoding="utf-8",
    )
    config = DetectorConfig.load({"rage_click_count": 5})
    assert (config.dead_click_window_ms, config.rage_click_count) == (800, 5)
    assert config.ignore == (ElementSpec(id="carousel"), ElementSpec(text="Load more"))


def test_an_unknown_key_is_named_with_a_did_you_mean(project: Path) -> None:
    with pytest.raises(TagprobeError) as raised:
        DetectorConfig.load({"rage_clik_count": 4})
    assert raised.value.message == (
        "expect.signals.detector: unknown detector setting 'rage_clik_count'; did you mean 'rage_click_count'?"
    )
    assert "dead_click_window_ms" in raised.value.hint


def test_an_unknown_key_in_the_pyproject_names_the_file_and_section(project: Path) -> None:
    project.write_text(
        "[tool.tagprobe.detector]\nrage_click_count = 4\n\ndead_window = 800\n", encoding="utf-8"
    )
    with pytest.raises(
        TagprobeError, match=r"pyproject.toml:4 \[tool.tagprobe.detector\]: unknown .* 'dead_window'"
    ):
        DetectorConfig.load()


def test_a_key_far_from_any_setting_lists_the_settings_instead(project: Path) -> None:
    with pytest.raises(TagprobeError) as raised:
        DetectorConfig.load({"colour": "red"})
    assert "did you mean" not in raised.value.message
    assert "rage_click_count" in raised.value.hint


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("rage_click_count", "3", "rage_click_count must be a whole number, not '3'"),
        ("rage_click_count", True, "rage_click_count must be a whole number, not True"),
        ("dead_click_window_ms", 2.5, "dead_click_window_ms must be a whole number, not 2.5"),
        ("trusted_clicks_only", 1, "trusted_clicks_only must be true or false, not 1"),
        ("ignore", 3, "ignore must be a list of element specs, not 3"),
        ("ambient", ["#"], "ambient[0]: '#' is not an element spec"),
        ("ignore", [{"colour": "red"}], "ignore[0]: {'colour': 'red'} is not an element spec"),
        ("rage_click_count", 1, "rage_click_count must be at least 2, not 1"),
        ("dead_click_window_ms", -1, "dead_click_window_ms must be at least 0, not -1"),
    ],
)
def test_wrong_types_and_values_are_named(project: Path, key: str, value: object, expected: str) -> None:
    with pytest.raises(TagprobeError) as raised:
        DetectorConfig.load({key: value})
    assert expected in raised.value.message


def test_a_single_spec_is_taken_as_a_list_of_one(project: Path) -> None:
    assert DetectorConfig.load({"ambient": "#clock"}).ambient == (ElementSpec(id="clock"),)


def test_invalid_toml_names_the_file(project: Path) -> None:
    project.write_text("[tool.tagprobe.detector\n", encoding="utf-8")
    with pytest.raises(TagprobeError, match=r"pyproject\.toml: not valid TOML"):
        DetectorConfig.load()


def test_a_section_that_is_not_a_table_is_refused(project: Path) -> None:
    project.write_text("[tool.tagprobe]\ndetector = 3\n", encoding="utf-8")
    with pytest.raises(TagprobeError, match="must be a table"):
        DetectorConfig.load()


def test_the_config_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DetectorConfig().rage_click_count = 9  # type: ignore[misc]


def test_form_abandonment_settings_are_validated_like_the_others() -> None:
    config = DetectorConfig().merged(
        {"form_abandonment_min_fields": 2, "form_abandonment_ignore": ["#search"]}, "test"
    )
    assert config.form_abandonment_min_fields == 2
    assert [str(spec) for spec in config.form_abandonment_ignore] == ["#search"]
    with pytest.raises(TagprobeError, match="form_abandonment_min_fields must be at least 1, not 0"):
        DetectorConfig().merged({"form_abandonment_min_fields": 0}, "test")
    with pytest.raises(TagprobeError, match=r"form_abandonment_ignore\[0\]"):
        DetectorConfig().merged({"form_abandonment_ignore": ["#"]}, "test")
    with pytest.raises(TagprobeError, match="did you mean 'form_abandonment_min_fields'"):
        DetectorConfig().merged({"form_abandon_min_fields": 2}, "test")
