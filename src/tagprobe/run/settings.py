"""How a scenario is run: where, how patiently, what is recorded, and the faults a test may inject."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tagprobe.assets import PinnedBuilds
from tagprobe.capture.limits import CaptureLimits
from tagprobe.run.recordings import RecordingSettings
from tagprobe.tag.install import TagFaults


@dataclass(frozen=True, slots=True)
class RunSettings:
    base_url: str
    output_dir: Path
    builds: PinnedBuilds
    step_timeout_ms: float = 5000
    settle_timeout_s: float = 10
    quiet_ms: float = 50
    """After the last page closes, how long no upload may arrive before the capture counts as complete."""
    allowed_hosts: tuple[str, ...] = ()
    devices: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    default_device: str | None = None
    """pytest-playwright's --device: emulated by scenarios that name no `device` of their own."""
    step_screenshots: bool = True
    """A full-page JPEG after each step, for the report's thumbnails and click heatmaps."""
    recordings: RecordingSettings = field(default_factory=RecordingSettings)
    capture_limits: CaptureLimits = field(default_factory=CaptureLimits)
    init_scripts: tuple[Path, ...] = ()
    """The user's scripts (--init-script, pyproject.toml), run in every page before the page's own."""
    tag_loader_status: int = 200
    """Test and diagnostic setting: answer Clarity's loader URL with this status instead of the loader."""
    tag_script_status: int = 200
    """Test and diagnostic setting: answer Clarity's script URL with this status instead of the pinned build."""
    collector_status: int = 204
    """Test and diagnostic setting: the status the collector answers uploads with (the tag stops on a 4xx)."""

    @property
    def tag_faults(self) -> TagFaults:
        return TagFaults(loader_status=self.tag_loader_status, script_status=self.tag_script_status)
