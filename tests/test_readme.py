"""The README stays true to the code: the defect matrix and the check names."""

from __future__ import annotations

import re
from pathlib import Path

from tagprobe.checks.registry import CHECKS
from tagprobe.demo import DEFECTS

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def demote_headings(markdown: str) -> str:
    """Each heading one level down (outside code blocks), as the guide sits under the README's title."""
    lines, fenced = [], False
    for line in markdown.splitlines():
        fenced = not fenced if line.startswith("```") else fenced
        lines.append(f"#{line}" if not fenced and re.match(r"#+ ", line) else line)
    return "\n".join(lines)


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


def test_the_scenario_guide_in_the_readme_is_the_one_in_docs() -> None:
    guide = (Path(__file__).parents[1] / "docs" / "scenario-language.md").read_text(encoding="utf-8")
    demoted = demote_headings(guide)
    section = README.split("<!-- scenario-language:start", 1)[1].split("-->\n", 1)[1]
    section = section.split("<!-- scenario-language:end -->", 1)[0]
    assert section.strip() == demoted.strip()
