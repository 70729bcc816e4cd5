"""Scenario errors users see: file, 1-based line, path in the document, what is wrong and what to change."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

from tagprobe.errors import TagprobeError


def close_match(word: str, choices: Iterable[str]) -> str | None:
    """The choice `word` most likely misspells, if any is close enough."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    match = close_match(word, choices)
    return f"did you mean {match!r}?" if match else ""


class ScenarioProblem(TagprobeError):
    """A problem in a scenario file, located precisely."""

    def __init__(self, file: Path, line: int, path: str, message: str, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.file = file
        self.line = line
        self.path = path

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def __str__(self) -> str:
        text = f"{self.where}: {self.path}: {self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text
