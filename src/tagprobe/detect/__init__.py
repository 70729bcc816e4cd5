"""Frustration signals from a decoded session: Clarity computes them on its servers, so tagprobe does it here."""
