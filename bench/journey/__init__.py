"""The overhead bench's journey, as a tagprobe scenario and as a bare pytest-playwright test."""
