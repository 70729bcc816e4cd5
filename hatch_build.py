"""Puts the pinned npm builds (clarity-js, clarity-decode, clarity-visualize) into the wheel at build time.

They are fetched with `npm pack` at the versions package-lock.json pins, each tarball checked against the
lockfile's sha512 integrity, and only the files tagprobe runs are kept, with each package's package.json
(name, version, `"license": "MIT"`) and the license notice. Nothing fetched is ever written into the source
tree: a source checkout keeps using `node_modules` from `npm ci`, and an editable install ships nothing."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SHIPPED_FOLDER = "tagprobe/pinned"
"""Where the builds sit inside the wheel; src/tagprobe/assets.py looks there first."""

SHIPPED_FILES = {
    # The tag, and the other builds a page may ask scripts.clarity.ms for (tag/install.py answers them).
    "clarity-js": (
        "package.json",
        "build/clarity.min.js",
        "build/clarity.extended.js",
        "build/clarity.insight.js",
        "build/clarity.performance.js",
        "build/clarity.livechat.js",
    ),
    "clarity-decode": ("package.json", "build/clarity.decode.js", "build/clarity.decode.min.js"),
    "clarity-visualize": ("package.json", "build/clarity.visualize.min.js"),
}
LICENSE_NOTICE = "licenses/clarity.txt"


class PinnedBuildsHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "pinned-builds"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        self._folder = tempfile.TemporaryDirectory(prefix="tagprobe-pinned-")
        unpacked = fetch_pinned_packages(root, Path(self._folder.name))
        for package, files in SHIPPED_FILES.items():
            for name in files:
                build_data["force_include"][str(unpacked / package / name)] = (
                    f"{SHIPPED_FOLDER}/{package}/{name}"
                )
        build_data["force_include"][str(root / LICENSE_NOTICE)] = f"{SHIPPED_FOLDER}/LICENSE.txt"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            folder.cleanup()


def pinned_packages(root: Path) -> dict[str, tuple[str, str]]:
    """Package -> (version, sha512 integrity), as package-lock.json pins them."""
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
    pinned = {}
    for package in SHIPPED_FILES:
        entry = lock["packages"][f"node_modules/{package}"]
        pinned[package] = (str(entry["version"]), str(entry["integrity"]))
    return pinned


def fetch_pinned_packages(root: Path, into: Path) -> Path:
    """Each pinned package unpacked into `into/node_modules/<name>`, its tarball checked against the lockfile."""
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(
            "Building the tagprobe wheel needs npm: it fetches the pinned clarity-js, clarity-decode and "
            "clarity-visualize with `npm pack`. Install Node.js with npm and build again."
        )
    pinned = pinned_packages(root)
    tarballs = into / "tarballs"
    tarballs.mkdir()
    specs = [f"{package}@{version}" for package, (version, _) in pinned.items()]
    subprocess.run(
        [npm, "pack", *specs, "--pack-destination", str(tarballs), "--loglevel=error"],
        cwd=into,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    node_modules = into / "node_modules"
    for package, (version, integrity) in pinned.items():
        tarball = tarballs / f"{package}-{version}.tgz"
        digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode("ascii")
        if digest != integrity:
            raise RuntimeError(
                f"{tarball.name} does not match package-lock.json's integrity ({digest} != {integrity})."
            )
        _unpack(tarball, node_modules / package)
    return node_modules


def _unpack(tarball: Path, folder: Path) -> None:
    """npm tarballs hold one folder, `package/`; only the files tagprobe ships are taken out of it."""
    wanted = {f"package/{name}" for name in SHIPPED_FILES[folder.name]}
    with tarfile.open(tarball, "r:gz") as archive:
        for member in archive.getmembers():
            if member.name not in wanted or not member.isfile():
                continue
            source = archive.extractfile(member)
            assert source is not None
            target = folder / member.name.removeprefix("package/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read())
    missing = wanted - {f"package/{path.relative_to(folder)}" for path in folder.rglob("*") if path.is_file()}
    if missing:
        raise RuntimeError(f"{tarball.name} lacks {', '.join(sorted(missing))}.")
