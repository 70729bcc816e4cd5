"""uploads.jsonl: one raw upload per line, read back with file:line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tagprobe.capture.uploads_file import UploadsFileError, read_uploads, write_uploads

FIXTURES = Path(__file__).parents[1] / "fixtures" / "uploads"


def test_round_trip_keeps_each_payload_exactly(tmp_path: Path) -> None:
    payloads = ['{"e":[1],"a":[],"p":[]}', '{"e":[2],"a":[[1,24,"é"]],"p":[]}']
    path = tmp_path / "uploads.jsonl"
    write_uploads(path, payloads)
    assert path.read_text(encoding="utf-8").splitlines() == payloads
    assert [line.payload for line in read_uploads(path)] == payloads


def test_a_payload_with_a_raw_newline_is_written_as_a_json_string(tmp_path: Path) -> None:
    path = tmp_path / "uploads.jsonl"
    write_uploads(path, ['{"e":[1],\n"a":[]}'])
    assert len(path.read_text(encoding="utf-8").splitlines()) == 1
    assert [line.payload for line in read_uploads(path)] == ['{"e":[1],\n"a":[]}']


@pytest.mark.parametrize(
    ("content", "line", "problem"),
    [
        ('{"e":[1]}\nnot json\n', 2, "not JSON"),
        ('\n\n{"x": 1}\n', 3, "not a Clarity upload"),
        ('"just text"\n', 1, "not a Clarity upload"),
    ],
)
def test_malformed_lines_name_the_file_and_line(
    tmp_path: Path, content: str, line: int, problem: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UploadsFileError) as raised:
        list(read_uploads(path))
    assert raised.value.line_number == line
    assert str(raised.value).startswith(f"{path}:{line}: {problem}")


def test_recorded_fixtures_are_readable() -> None:
    lines = list(read_uploads(FIXTURES / "browsing.jsonl"))
    assert lines
    assert all("e" in json.loads(line.payload) for line in lines)
