"""Playwright's device names, read from the installed driver's type declarations: no Node.js, no browser."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

DECLARATIONS = "driver/package/types/types.d.ts"
DEVICES_BLOCK = re.compile(r"^type Devices = \{$(?P<body>.*?)^\};?$", re.MULTILINE | re.DOTALL)
DEVICE_NAME = re.compile(r'^\s*"(?P<name>[^"]+)": DeviceDescriptor;$', re.MULTILINE)


@cache
def playwright_device_names() -> frozenset[str] | None:
    """None when this Playwright build does not declare its devices where tagprobe looks: the name is then
    checked only when the scenario runs."""
    try:
        text = resources.files("playwright").joinpath(DECLARATIONS).read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError, UnicodeDecodeError):
        return None
    block = DEVICES_BLOCK.search(text)
    names = frozenset(DEVICE_NAME.findall(block["body"])) if block else frozenset()
    return names or None
