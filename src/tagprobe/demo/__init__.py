"""Probe Shop: a small demo shop with switchable Clarity-tag defects."""

from tagprobe.demo.defects import DEFECTS, Defect, UnknownDefectError
from tagprobe.demo.server import DemoSite

__all__ = ["DEFECTS", "Defect", "DemoSite", "UnknownDefectError"]
