"""`--shard INDEX/COUNT`: one deterministic slice of the suite, so a CI matrix can split a run across machines.

Every shard collects the same scenarios in the same order (pytest's collection order is the files' order), and
shard i keeps the scenarios at positions i-1, i-1+COUNT, i-1+2*COUNT, ...: each scenario runs in exactly one
shard, the shards differ in size by one at most, and the scenarios of one file are spread across them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from tagprobe.errors import TagprobeError

ItemT = TypeVar("ItemT")
SHARD_PATTERN = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")


class ShardError(TagprobeError):
    """A `--shard` value that is not INDEX/COUNT with 1 <= INDEX <= COUNT."""


@dataclass(frozen=True, slots=True)
class Shard:
    index: int
    """1-based, as CI matrices usually count."""
    count: int

    @staticmethod
    def parse(text: str) -> Shard:
        match = SHARD_PATTERN.fullmatch(text)
        if match is None:
            raise ShardError(
                f"--shard {text!r} is not INDEX/COUNT", hint="write e.g. --shard 2/4 for the second of four"
            )
        index, count = int(match.group(1)), int(match.group(2))
        if count < 1 or not 1 <= index <= count:
            raise ShardError(
                f"--shard {text!r}: INDEX must be between 1 and COUNT, and COUNT at least 1",
                hint=f"shards of {max(count, 1)} are numbered 1/{max(count, 1)} to {max(count, 1)}/{max(count, 1)}",
            )
        return Shard(index, count)

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def split(self, items: Sequence[ItemT]) -> tuple[list[ItemT], list[ItemT]]:
        """(kept, left to the other shards), both in the original order."""
        kept: list[ItemT] = []
        others: list[ItemT] = []
        for position, item in enumerate(items):
            (kept if position % self.count == self.index - 1 else others).append(item)
        return kept, others
