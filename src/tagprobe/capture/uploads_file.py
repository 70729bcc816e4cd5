"""Reads and writes uploads.jsonl: one raw upload per line, exactly as the tag sent it (after gunzip)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class UploadLine:
    line_number: int
    payload: str


class UploadsFileError(ValueError):
    def __init__(self, path: Path, line_number: int, problem: str) -> None:
        super().__init__(f"{path}:{line_number}: {problem}")
        self.path = path
        self.line_number = line_number


def write_uploads(path: Path, payloads: Iterable[str]) -> None:
    """A payload holding a raw newline (never produced by JSON.stringify) is written as a JSON string."""
    with path.open("w", encoding="utf-8") as out:
        for payload in payloads:
            out.write((json.dumps(payload) if "\n" in payload or "\r" in payload else payload) + "\n")


def read_uploads(path: Path) -> Iterator[UploadLine]:
    """Each non-blank line must be a Clarity payload object (or a JSON string holding one)."""
    with path.open(encoding="utf-8") as source:
        for line_number, line in enumerate(source, start=1):
            text = line.rstrip("\n")
            if not text.strip():
                continue
            try:
                value = json.loads(text)
            except json.JSONDecodeError as error:
                raise UploadsFileError(
                    path, line_number, f"not JSON ({error.msg} at column {error.colno})"
                ) from None
            if isinstance(value, str):
                text = value
                value = _parse_object(value)
            if not isinstance(value, dict) or "e" not in value:
                raise UploadsFileError(
                    path, line_number, 'not a Clarity upload: expected an object with an "e" envelope'
                )
            yield UploadLine(line_number, text)


def _parse_object(text: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None
