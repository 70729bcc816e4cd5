"""Turning raw uploads into typed events with the pinned clarity-decode: session -> pages -> events."""
