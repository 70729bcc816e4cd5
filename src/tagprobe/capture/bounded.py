"""A list that keeps its first items up to a limit and counts the rest, safe to use from several threads."""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

Item = TypeVar("Item")


class BoundedList(Generic[Item]):
    def __init__(self, limit: int, what: str) -> None:
        self._limit = limit
        self._what = what
        self._items: list[Item] = []
        self._left_out = 0
        self._stopped_listening = False
        self._lock = threading.Lock()

    def append(self, item: Item) -> None:
        with self._lock:
            if len(self._items) < self._limit:
                self._items.append(item)
            else:
                self._left_out += 1

    def full(self) -> bool:
        with self._lock:
            return len(self._items) >= self._limit

    def stop_listening(self) -> None:
        """What comes after is no longer even counted (its source was switched off to save the run)."""
        with self._lock:
            self._stopped_listening = True

    def items(self) -> tuple[Item, ...]:
        with self._lock:
            return tuple(self._items)

    def note(self) -> str | None:
        """What was left out, in words, or None when nothing was."""
        with self._lock:
            if self._stopped_listening:
                return (
                    f"there were more {self._what} than the first {self._limit} a capture keeps; "
                    "tagprobe stopped listening for them after those"
                )
            if not self._left_out:
                return None
            return (
                f"{self._left_out} more {self._what} were not kept: a capture keeps the first {self._limit}"
            )


MAX_TEXT_CHARS = 8 * 1024
"""A console line, page error or CSP report longer than this is cut: a page can log megabytes at a time."""


def clip(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit} more characters not kept)"
