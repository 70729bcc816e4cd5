"""Which Node.js runs clarity-decode: Playwright's own (in every Playwright wheel, so a user installs no Node),
else the one on PATH, else one clear error."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tagprobe.assets import PinnedBuilds
from tagprobe.capture.uploads_file import read_uploads
from tagprobe.decode import node_bridge
from tagprobe.decode.node_bridge import RawDecode, decode_payloads, node_executable, playwright_node
from tagprobe.errors import SetupError

RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "uploads" / "browsing.jsonl"


def fake_node(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "node"
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def test_playwrights_node_is_used_with_no_node_on_the_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLAYWRIGHT_NODEJS_PATH", raising=False)
    monkeypatch.setenv("PATH", "")
    bundled = playwright_node()
    assert bundled is not None, "this Playwright install ships no Node.js"
    assert bundled.parent.name == "driver"
    assert node_executable() == str(bundled)


def test_playwrights_own_setting_for_its_node_is_honoured(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    chosen = fake_node(tmp_path / "chosen")
    monkeypatch.setenv("PLAYWRIGHT_NODEJS_PATH", str(chosen))
    assert node_executable() == str(chosen)


def test_the_node_on_the_path_when_playwright_has_none(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    on_path = fake_node(tmp_path / "bin")
    monkeypatch.setattr(node_bridge, "playwright_node", lambda: None)
    monkeypatch.setenv("PATH", str(on_path.parent))
    assert node_executable() == str(on_path)


def test_no_node_anywhere_is_one_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(node_bridge, "playwright_node", lambda: None)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(SetupError, match=r"Node\.js is needed") as raised:
        node_executable()
    assert raised.value.hint is not None
    assert "playwright" in raised.value.hint


def test_playwrights_node_decodes_as_the_node_on_the_path_does(
    monkeypatch: pytest.MonkeyPatch, builds: PinnedBuilds
) -> None:
    payloads = [line.payload for line in read_uploads(RECORDED)]
    monkeypatch.setattr(node_bridge, "playwright_node", lambda: None)
    if shutil.which("node") is None:
        pytest.skip("no Node.js on PATH to compare with")
    on_path = decode_payloads(payloads, builds)
    monkeypatch.undo()
    monkeypatch.delenv("PLAYWRIGHT_NODEJS_PATH", raising=False)
    monkeypatch.setenv("PATH", "")
    bundled = decode_payloads(payloads, builds)

    def without_clock(raw: RawDecode) -> dict[str, Any]:
        assert raw.error is None
        assert raw.decoded is not None
        return {key: value for key, value in raw.decoded.items() if key != "timestamp"}  # Date.now()

    assert len(bundled) == len(payloads) > 0
    assert [without_clock(raw) for raw in bundled] == [without_clock(raw) for raw in on_path]
