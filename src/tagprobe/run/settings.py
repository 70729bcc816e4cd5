"""How a scenario is run: where, how patiently, what is recorded, and the faults a test may inject."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from tagprobe.assets import PinnedBuilds
from tagprobe.capture.limits import CaptureLimits
from tagprobe.run.recordings import RecordingSettings
from tagprobe.tag.install import TagFaults


class StepPictures(StrEnum):
    """Which steps are followed by a full-page picture (`--step-screenshots`)."""

    PAGES = "pages"
    """The first step showing each page (what the report's click heatmaps use) and every failed step."""
    STEPS = "steps"
    """Every step, for a thumbnail per step in the report (about 70 ms a step)."""
    OFF = "off"


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
    context_options: Mapping[str, Any] = field(default_factory=dict)
    """pytest-playwright's `browser_context_args` (`run/context_args.py`): every scenario's context starts from
    them; the scenario's device and viewport, and the egress guard's options, go on top."""
    step_pictures: StepPictures = StepPictures.PAGES
    """Which steps are followed by a full-page JPEG, for the report's click heatmaps and step thumbnails."""
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
