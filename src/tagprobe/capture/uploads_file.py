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
    for found in _read_lines(path):
        if isinstance(found, UploadsFileError):
            raise found
        yield found


@dataclass(frozen=True, slots=True)
class UploadsRead:
    uploads: tuple[UploadLine, ...]
    skipped: tuple[UploadsFileError, ...]
    """Lines that are not Clarity uploads: whatever else reached the collector (a page can post anything)."""


def read_uploads_leniently(path: Path) -> UploadsRead:
    """The Clarity uploads of a file, passing over the lines that are not, so one stray body loses nothing."""
    lines = list(_read_lines(path))
    return UploadsRead(
        tuple(line for line in lines if isinstance(line, UploadLine)),
        tuple(line for line in lines if isinstance(line, UploadsFileError)),
    )


def _read_lines(path: Path) -> Iterator[UploadLine | UploadsFileError]:
    with path.open(encoding="utf-8") as source:
        for line_number, line in enumerate(source, start=1):
            text = line.rstrip("\n")
            if text.strip():
                yield _read_line(path, line_number, text)


def _read_line(path: Path, line_number: int, text: str) -> UploadLine | UploadsFileError:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        return UploadsFileError(path, line_number, f"not JSON ({error.msg} at column {error.colno})")
    except RecursionError:
        return UploadsFileError(path, line_number, "JSON nested too deeply to read")
    if isinstance(value, str):
        text = value
        value = _parse_object(value)
    if not isinstance(value, dict) or "e" not in value:
        return UploadsFileError(
            path, line_number, 'not a Clarity upload: expected an object with an "e" envelope'
        )
    return UploadLine(line_number, text)


def _parse_object(text: str) -> object:
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return None
