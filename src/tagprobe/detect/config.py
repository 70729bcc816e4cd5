"""Detector thresholds in one frozen object, from defaults, [tool.tagprobe.detector] and the scenario."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class DetectorConfig:
    @staticmethod
    def load(overrides: Mapping[str, Any] | None = None) -> DetectorConfig:
        return DetectorConfig()
