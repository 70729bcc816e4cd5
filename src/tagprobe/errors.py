"""The one exception family tagprobe shows to users: a message plus what to do about it."""

from __future__ import annotations


class TagprobeError(Exception):
    """An error a user can act on. `hint` says what to change."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  hint: {self.hint}" if self.hint else self.message

    def one_line(self) -> str:
        """The message and what to do, on one line: for faults of the machine rather than of a scenario."""
        message = " ".join(self.message.split()).rstrip(".")
        return f"{message}: {' '.join(self.hint.split())}" if self.hint else message


class SetupError(TagprobeError):
    """Something tagprobe needs on this machine is missing (a browser, Node.js, the pinned npm builds)."""
