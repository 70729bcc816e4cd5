"""The README stays true to the code: the defect matrix and the check names."""

from __future__ import annotations

import re
from pathlib import Path

from tagprobe.checks.registry import CHECKS
from tagprobe.demo import DEFECTS

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def table_rows(start: str, end: str) -> list[list[str]]:
    body = README.split(start, 1)[1].split(end, 1)[0]
    rows = [line for line in body.splitlines() if line.startswith("|")][2:]
    return [[cell.strip().strip("`") for cell in row.strip("|").split("|")] for row in rows]


def test_the_defect_matrix_matches_the_demo_registry() -> None:
    rows = table_rows("<!-- defect-matrix:start -->", "<!-- defect-matrix:end -->")
    assert {row[0]: row[2] for row in rows} == {name: defect.caught_by for name, defect in DEFECTS.items()}


def test_every_check_is_documented() -> None:
    documented = set(re.findall(r"^\| `(\w+)` \|", README.split("## Checks", 1)[1], re.MULTILINE))
    assert set(CHECKS) <= documented


def test_quick_start_is_exactly_two_commands() -> None:
    block = README.split("## Quick start", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    assert block.splitlines() == ["make demo", "make test"]
