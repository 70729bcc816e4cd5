"""tagprobe: run the real Microsoft Clarity tag in real Chromium and check what it sends."""

__version__ = "0.1.0"
