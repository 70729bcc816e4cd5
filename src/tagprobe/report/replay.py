"""What the report needs to replay a scenario in the browser, offline: the pinned clarity-decode and
clarity-visualize builds, and each scenario's uploads with its secrets redacted.

Both are embedded gzip-compressed and base64-encoded: the visualizer alone is 785 kB of JavaScript, 350 kB this
way, and base64 text needs no escaping inside <script>. The report inflates them with DecompressionStream only
when someone presses a replay button."""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from tagprobe.assets import pinned_builds
from tagprobe.capture.limits import CaptureLimits
from tagprobe.capture.uploads_file import UploadsFileError, read_uploads
from tagprobe.errors import SetupError
from tagprobe.report.redaction import Redactor
from tagprobe.report.replay_styles import EmbeddedAsset, kept_assets, kept_stylesheets, replay_stylesheets


@dataclass(frozen=True, slots=True)
class ReplaySource:
    """One scenario's replay: the uploads (gzip + base64 of a JSON list of payload strings), or why not."""

    payloads: str | None
    unavailable: str | None = None
    stylesheets: str | None = None
    """The site's stylesheets (gzip + base64 of a JSON object: URL -> self-contained, redacted CSS)."""
    stylesheet_count: int = 0
    asset_count: int = 0
    """Fonts and images the sheets use, embedded with them."""
    assets_withheld: int = 0
    """Fonts and images not embedded because a value the scenario hides is in their bytes or URL."""
    stylesheets_left_out: tuple[str, ...] = ()
    stylesheet_cap_kb: int = CaptureLimits().stylesheet_bytes // 1024


def packed(text: str) -> str:
    return base64.b64encode(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)).decode("ascii")


def decoder_script(node_modules: Path) -> Path:
    """The browser build of clarity-decode (an IIFE that sets window.clarity.decode)."""
    return node_modules / "clarity-decode" / "build" / "clarity.decode.min.js"


@cache
def player_bundle() -> str | None:
    """clarity-decode then clarity-visualize, packed; None when the pinned builds are not installed."""
    try:
        builds = pinned_builds()
        scripts = [decoder_script(builds.node_modules), builds.visualizer_script]
        source = "\n;\n".join(path.read_text(encoding="utf-8") for path in scripts)
    except (SetupError, OSError):
        return None
    return packed(source)


def scenario_replay(
    scenario: Mapping[str, Any], reports_dir: Path, redactor: Redactor | None
) -> ReplaySource:
    """The scenario's uploads from uploads.jsonl and its stylesheets, fonts and images from stylesheets.json,
    redacted. Without its redactor (a report rendered from a
    results.json alone) a scenario whose values must be hidden gets no replay rather than an unredacted one."""
    uploads = scenario.get("uploads") or {}
    if not uploads.get("count"):
        return ReplaySource(None, "the tag sent no upload, so there is nothing to replay")
    if redactor is None:
        if scenario.get("redacts_values", True):
            return ReplaySource(
                None, "replay left out: this report was rendered without the scenario's secrets"
            )
        redactor = Redactor()
    path = reports_dir / str(uploads.get("file", ""))
    try:
        payloads = [redactor.payload(line.payload) for line in read_uploads(path)]
    except (OSError, UploadsFileError) as error:
        return ReplaySource(None, f"the uploads could not be read: {error}")
    styles = scenario.get("stylesheets") or {}
    sheets: dict[str, str] = {}
    assets: dict[str, EmbeddedAsset] = {}
    withheld = 0
    if styles.get("file"):
        kept = reports_dir / str(styles["file"])
        assets, withheld = kept_assets(kept, redactor)
        masked = styles.get("images_masked_in")
        sheets = replay_stylesheets(
            kept_stylesheets(kept), redactor, assets, [str(region) for region in masked] if masked else None
        )
    return ReplaySource(
        packed(json.dumps(payloads, ensure_ascii=False)),
        stylesheets=packed(json.dumps(sheets, ensure_ascii=False)),
        stylesheet_count=len(sheets),
        asset_count=len(assets),
        assets_withheld=withheld,
        stylesheets_left_out=tuple(str(url) for url in styles.get("left_out", [])),
    )
