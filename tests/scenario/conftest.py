"""Helpers for the scenario-language tests: write YAML into a temporary folder and load it."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from tagprobe.scenario.load import LoadedDocument, load_file
from tagprobe.scenario.problems import ScenarioProblem

WriteFile = Callable[..., Path]
LoadText = Callable[..., list[LoadedDocument]]
ProblemsOf = Callable[..., list[ScenarioProblem]]


@pytest.fixture
def write_file(tmp_path: Path) -> WriteFile:
    """write_file(text, name="test.scenario.yaml") -> the path; the text is dedented."""

    def write(text: str, name: str = "test.scenario.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def load_text(write_file: WriteFile) -> LoadText:
    """load_text(text, env={}) -> every document of the file, loaded with only `env` as the environment."""

    def load(
        text: str, env: Mapping[str, str] | None = None, name: str = "test.scenario.yaml"
    ) -> list[LoadedDocument]:
        return load_file(write_file(text, name), env or {})

    return load


@pytest.fixture
def problems_of(load_text: LoadText) -> ProblemsOf:
    """problems_of(text, env={}) -> the problems of a file that holds one document."""

    def problems(text: str, env: Mapping[str, str] | None = None) -> list[ScenarioProblem]:
        (document,) = load_text(text, env)
        assert document.scenario is None, "expected the document to be invalid"
        return list(document.problems)

    return problems
