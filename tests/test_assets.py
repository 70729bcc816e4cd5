"""Where the pinned builds come from: the ones shipped inside the installed package first (a wheel carries
them), so a node_modules in the user's own project, which may hold another clarity-js, never shadows them;
else a source checkout's node_modules."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tagprobe import assets
from tagprobe.assets import PINNED_VERSION, pinned_builds
from tagprobe.errors import SetupError


def node_modules(
    folder: Path, version: str, packages: tuple[str, ...] = ("clarity-js", "clarity-decode")
) -> Path:
    for package in packages:
        (folder / package).mkdir(parents=True)
        (folder / package / "package.json").write_text(json.dumps({"version": version}), encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def fresh_lookup(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(assets.NODE_MODULES_ENV, raising=False)
    pinned_builds.cache_clear()
    yield
    pinned_builds.cache_clear()


def test_the_shipped_builds_win_over_a_projects_own_clarity_js(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shipped = node_modules(tmp_path / "site-packages" / "tagprobe" / "pinned", PINNED_VERSION)
    node_modules(tmp_path / "project" / "node_modules", "0.7.1")
    monkeypatch.setattr(assets, "SHIPPED_FOLDER", shipped)
    monkeypatch.chdir(tmp_path / "project")
    assert pinned_builds().node_modules == shipped


def test_without_shipped_builds_a_wrong_version_says_how_to_fix_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(assets, "SHIPPED_FOLDER", tmp_path / "absent")
    monkeypatch.setenv(assets.NODE_MODULES_ENV, str(node_modules(tmp_path / "node_modules", "0.7.1")))
    with pytest.raises(SetupError, match=f"clarity-js 0.7.1.*pinned to {PINNED_VERSION}") as raised:
        pinned_builds()
    assert "npm ci" in raised.value.hint


def test_a_source_checkout_uses_its_node_modules() -> None:
    checkout = Path(__file__).resolve().parents[1]
    assert not assets.SHIPPED_FOLDER.exists()
    assert pinned_builds().node_modules == checkout / "node_modules"


def test_a_clarity_visualize_of_another_version_is_refused_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = node_modules(tmp_path / "node_modules", PINNED_VERSION)
    node_modules(folder, "0.7.1", packages=("clarity-visualize",))
    monkeypatch.setattr(assets, "SHIPPED_FOLDER", tmp_path / "absent")
    monkeypatch.setenv(assets.NODE_MODULES_ENV, str(folder))
    with pytest.raises(SetupError, match=f"clarity-visualize 0.7.1; tagprobe is pinned to {PINNED_VERSION}"):
        pinned_builds()
