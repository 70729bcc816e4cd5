"""Where the demo scenarios that come with tagprobe are: inside the installed package (the wheel carries
them), else in the source checkout's scenarios/ folder."""

from __future__ import annotations

from pathlib import Path

SHIPPED = Path(__file__).resolve().parent / "scenarios"
CHECKOUT = Path(__file__).resolve().parents[3] / "scenarios"


def demo_scenarios() -> Path | None:
    """The folder of demo scenarios, or None when this install has none."""
    for folder in (SHIPPED, CHECKOUT):
        if folder.is_dir() and any(folder.glob("*.scenario.yaml")):
            return folder
    return None
