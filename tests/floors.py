"""Prints the install requirements of pyproject.toml pinned to their floors (`>=X` becomes `==X`), plus the
test runner's own, for `make floors`: the unit tests then run against the oldest versions tagprobe allows."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

TEST_TOOLS = ("pytest-timeout",)
FLOOR = re.compile(r"^(?P<name>[A-Za-z0-9_.\-\[\]]+)\s*>=\s*(?P<version>[^,;\s]+)")


def floor_requirements(pyproject: dict[str, object]) -> list[str]:
    project = pyproject["project"]
    assert isinstance(project, dict)
    dev = project.get("optional-dependencies", {}).get("dev", [])
    wanted = [*project["dependencies"], *(spec for spec in dev if spec.startswith(TEST_TOOLS))]
    pinned = []
    for spec in wanted:
        match = FLOOR.match(spec)
        if match is None:
            raise SystemExit(f"{spec!r} has no `>=` floor: give it one in pyproject.toml")
        pinned.append(f"{match['name']}=={match['version']}")
    return pinned


def main(path: str) -> None:
    print(" ".join(floor_requirements(tomllib.loads(Path(path).read_text(encoding="utf-8")))))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "pyproject.toml")
