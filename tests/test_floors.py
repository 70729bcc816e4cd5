"""`make floors` installs the oldest versions pyproject.toml allows; these floors must be what the code needs."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.floors import floor_requirements

ROOT = Path(__file__).resolve().parents[1]


def test_the_floors_are_those_of_the_features_the_code_uses() -> None:
    floors = floor_requirements(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8")))
    # permissions=["local-network-access"] (run/runner.py) needs Playwright 1.57;
    # ImageFont.load_default(size=) (report/heatmap.py) needs Pillow 10.1.
    assert "playwright==1.57" in floors
    assert "pillow==10.1" in floors
    assert any(spec.startswith("pytest-timeout==") for spec in floors)


def test_a_requirement_without_a_floor_is_refused() -> None:
    with pytest.raises(SystemExit, match="'pillow<14' has no `>=` floor"):
        floor_requirements({"project": {"dependencies": ["pillow<14"]}})
