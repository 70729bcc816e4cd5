"""The layering in ARCHITECTURE.md, enforced: each layer imports only the layers listed before it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "tagprobe"

FOUNDATION = {"errors", "assets", "urls"}
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "urls": set(),
    "assets": {"errors"},
    "scenario": FOUNDATION,
    "tag": FOUNDATION | {"scenario"},
    "capture": FOUNDATION,
    "browser": FOUNDATION,
    "run": FOUNDATION | {"scenario", "tag", "capture", "browser"},
    "decode": FOUNDATION | {"capture"},
    "detect": FOUNDATION | {"capture", "decode"},
    "checks": FOUNDATION | {"scenario", "capture", "run", "decode", "detect"},
    "report": FOUNDATION | {"scenario", "capture", "run", "decode", "detect", "checks"},
    "demo": set(),
}
WIRING = {
    "engine",
    "plugin",
    "cli",
    "merge",
    "shard",
    "parallel",
    "balance",
    "remote",
    "run_defaults",
    "playwright_session",
    "clarity_fixture",
    "__init__",
}


def layer_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py")


def tagprobe_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "tagprobe" and len(parts) > 1:
                found.add(parts[1])
    return found


MODULES = sorted(path for path in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_each_module_imports_only_lower_layers(path: Path) -> None:
    layer = layer_of(path)
    if layer in WIRING:
        return
    assert layer in ALLOWED, f"{layer} is not a known layer: add it to ARCHITECTURE.md and this test"
    imported = tagprobe_imports(path) - {layer}
    assert imported <= ALLOWED[layer], f"{path.name} ({layer}) imports {sorted(imported - ALLOWED[layer])}"


def test_the_architecture_document_names_every_layer() -> None:
    document = (PACKAGE.parents[1] / "ARCHITECTURE.md").read_text(encoding="utf-8")
    missing = [layer for layer in ALLOWED if f"`{layer}" not in document]
    assert missing == []
