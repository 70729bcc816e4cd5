"""What the figures were taken on: CPU, cores, memory, load, and the versions that matter."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib.metadata import version
from pathlib import Path

from tagprobe.browser.locate import choose_browser
from tagprobe.decode.node_bridge import node_executable


def _first(path: str, prefix: str) -> str:
    try:
        for row in Path(path).read_text(encoding="utf-8").splitlines():
            if row.startswith(prefix):
                return row.split(":", 1)[1].strip()
    except OSError:
        return "unknown"
    return "unknown"


def _output(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=30, check=False).stdout.strip()
    except OSError:
        return "unknown"


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def describe() -> list[str]:
    memory_kib = int(_first("/proc/meminfo", "MemTotal").split()[0] or 0)
    executable = choose_browser().executable
    browser = _output([str(executable), "--version"]) if executable else "Playwright's bundled Chromium"
    return [
        f"  CPU: {_first('/proc/cpuinfo', 'model name')}, {os.cpu_count()} cores; "
        f"memory {memory_kib / 1024 / 1024:.0f} GiB; Linux {platform.release()}",
        f"  Python {platform.python_version()}, Playwright {version('playwright')}, "
        f"pytest-xdist {version('pytest-xdist')}, "
        f"Node {_output([node_executable(), '--version'])} (decodes), {browser}",
    ]
