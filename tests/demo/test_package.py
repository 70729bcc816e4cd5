from __future__ import annotations

import ast
import sys
from importlib.resources import files

import pytest

DEMO_MODULES = sorted(entry.name for entry in files("tagprobe.demo").iterdir() if entry.name.endswith(".py"))


def imported_modules(source: str) -> list[str]:
    imported: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported.append(node.module)
    return imported


@pytest.mark.parametrize("module_file", DEMO_MODULES)
def test_demo_modules_import_only_the_standard_library_and_the_demo(module_file: str) -> None:
    source = files("tagprobe.demo").joinpath(module_file).read_text(encoding="utf-8")

    outside = [
        name
        for name in imported_modules(source)
        if name.split(".")[0] not in sys.stdlib_module_names
        and not (name == "tagprobe.demo" or name.startswith("tagprobe.demo."))
    ]

    assert outside == []


def test_demo_package_has_its_modules() -> None:
    assert {"__init__.py", "defects.py", "server.py"} <= set(DEMO_MODULES)
