"""Finds the pinned npm builds (clarity-js, clarity-decode, clarity-visualize) that tagprobe runs: the ones
shipped inside the installed package (a wheel carries them, hatch_build.py), else a source checkout's
node_modules from `npm ci`."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tagprobe.errors import SetupError

PINNED_VERSION = "0.8.70"
NODE_MODULES_ENV = "TAGPROBE_NODE_MODULES"
SHIPPED_FOLDER = Path(__file__).resolve().parent / "pinned"
"""Where a wheel carries the builds, laid out as node_modules is; absent in a source checkout."""


@dataclass(frozen=True, slots=True)
class PinnedBuilds:
    """Paths of the pinned builds inside one node_modules folder (or the wheel's folder laid out the same)."""

    node_modules: Path
    version: str

    @property
    def tag_script(self) -> Path:
        return self.node_modules / "clarity-js" / "build" / "clarity.min.js"

    @property
    def decoder_module(self) -> Path:
        return self.node_modules / "clarity-decode" / "build" / "clarity.decode.js"

    @property
    def visualizer_script(self) -> Path:
        return self.node_modules / "clarity-visualize" / "build" / "clarity.visualize.min.js"


def _candidate_folders() -> list[Path]:
    configured = os.environ.get(NODE_MODULES_ENV)
    if configured:
        return [Path(configured)]
    # The shipped builds come first: a node_modules in the user's own project may hold another clarity-js.
    folders = [SHIPPED_FOLDER]
    for start in (Path(__file__).resolve().parent, Path.cwd()):
        folders.extend(parent / "node_modules" for parent in (start, *start.parents))
    return folders


def _installed_version(node_modules: Path, package: str) -> str | None:
    manifest = node_modules / package / "package.json"
    if not manifest.is_file():
        return None
    version = json.loads(manifest.read_text(encoding="utf-8")).get("version")
    return version if isinstance(version, str) else None


@cache
def pinned_builds() -> PinnedBuilds:
    """The folder holding clarity-js, -decode and -visualize at the pinned version."""
    for folder in _candidate_folders():
        versions = {pkg: _installed_version(folder, pkg) for pkg in ("clarity-js", "clarity-decode")}
        if versions["clarity-js"] is None:
            continue
        # Without clarity-visualize the report has no replay; another version would draw it wrongly.
        visualize = _installed_version(folder, "clarity-visualize")
        if visualize is not None:
            versions["clarity-visualize"] = visualize
        wrong = {pkg: found for pkg, found in versions.items() if found != PINNED_VERSION}
        if wrong:
            found_text = ", ".join(f"{pkg} {found or 'missing'}" for pkg, found in wrong.items())
            raise SetupError(
                f"{folder} has {found_text}; tagprobe is pinned to {PINNED_VERSION}.",
                hint="run `npm ci` in the tagprobe checkout (or `make setup`) to install the pinned builds.",
            )
        return PinnedBuilds(node_modules=folder, version=PINNED_VERSION)
    raise SetupError(
        "The pinned Clarity builds (npm packages clarity-js and clarity-decode) were not found.",
        hint=f"reinstall tagprobe from its wheel (`pip install tagprobe`), run `npm ci` in a tagprobe "
        f"checkout, or point {NODE_MODULES_ENV} at a node_modules folder holding clarity-js@{PINNED_VERSION}.",
    )
