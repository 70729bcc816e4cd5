"""tagprobe: run the real Microsoft Clarity tag in real Chromium and check what it sends.

PYTEST_DONT_REWRITE: the package is a pytest plugin imported by its own CLI before pytest starts.
"""

__version__ = "0.1.0"
