"""docs/scenario-language.md stays true to the schema and the CLI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tagprobe.cli import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from tagprobe.scenario.load import load_file
from tagprobe.scenario.schema import scenario_schema, step_actions

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "scenario-language.md"
SCHEMA_LINE = "# yaml-language-server: $schema="


def section(title: str) -> str:
    """The text under `## title` (or `### title`) up to the next heading of the same level or higher."""
    text = GUIDE.read_text(encoding="utf-8")
    match = re.search(
        rf"^(#+) {re.escape(title)}\n(?P<body>.*?)(?=^#{{1,2}} |\Z)", text, re.MULTILINE | re.DOTALL
    )
    assert match is not None, f"no section {title!r} in {GUIDE.name}"
    return match["body"]


def first_column(table_text: str) -> list[str]:
    """The first cell of each table row, without its backticks; the header and divider rows skipped."""
    rows = [line for line in table_text.splitlines() if line.startswith("|")]
    return [row.split("|")[1].strip().strip("`") for row in rows[2:]]


def yaml_blocks() -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```", GUIDE.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)


def test_the_step_reference_documents_every_action_and_nothing_else() -> None:
    documented = first_column(section("Step reference"))
    assert sorted(documented) == sorted(step_actions())
    assert len(documented) == len(set(documented)), "an action is documented twice"


def test_the_top_level_keys_table_matches_the_schema() -> None:
    documented = first_column(section("Top-level keys").split("###")[0])
    assert documented == list(scenario_schema()["properties"])


def test_the_exit_codes_table_matches_the_cli() -> None:
    documented = [int(code) for code in first_column(section("Exit codes"))]
    assert documented == [EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED]


def test_the_guide_tells_how_to_write_the_schema_and_point_editors_at_it() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert "tagprobe schema > tagprobe.schema.json" in text
    assert f"{SCHEMA_LINE}../tagprobe.schema.json" in text


@pytest.mark.parametrize("block", [block for block in yaml_blocks() if "\nsteps:" in block])
def test_every_complete_scenario_in_the_guide_is_valid(block: str, tmp_path: Path) -> None:
    path = tmp_path / "example.scenario.yaml"
    path.write_text(block, encoding="utf-8")
    documents = load_file(path, {})
    assert [str(problem) for document in documents for problem in document.problems] == []
    assert all(document.scenario is not None for document in documents)


def test_the_complete_example_starts_with_the_schema_line() -> None:
    example = yaml_blocks()[0]
    assert example.startswith(SCHEMA_LINE)
