"""Matches recorded elements against simple CSS selectors: tag, #id, .class, [attr], [attr=value], compounds.

The recording has no layout or live DOM, so combinators (descendant, child, sibling) are not supported."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tagprobe.decode.events import DomNode
from tagprobe.errors import TagprobeError

PART = re.compile(
    r"""(?P<tag>^[A-Za-z][A-Za-z0-9-]*)
      | \#(?P<id>[A-Za-z0-9_-]+)
      | \.(?P<cls>[A-Za-z0-9_-]+)
      | \[(?P<attr>[A-Za-z0-9_:-]+)(?:=(?P<quote>["']?)(?P<value>[^"'\]]*)(?P=quote))?\]""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class SimpleSelector:
    text: str
    tag: str | None
    ids: tuple[str, ...]
    classes: tuple[str, ...]
    attributes: tuple[tuple[str, str | None], ...]

    @staticmethod
    def parse(text: str) -> SimpleSelector:
        tag, ids, classes, attributes = None, [], [], []
        position = 0
        for match in PART.finditer(text.strip()):
            if match.start() != position:
                break
            position = match.end()
            if match.group("tag"):
                tag = match.group("tag").upper()
            elif match.group("id"):
                ids.append(match.group("id"))
            elif match.group("cls"):
                classes.append(match.group("cls"))
            else:
                attributes.append((match.group("attr"), match.group("value")))
        if position != len(text.strip()) or not text.strip():
            raise TagprobeError(
                f"{text!r} is not a simple selector tagprobe can match against a recording",
                hint="use a tag, #id, .class, [attr] or [attr=value], or a compound such as p#saved-card",
            )
        return SimpleSelector(text, tag, tuple(ids), tuple(classes), tuple(attributes))

    def matches(self, node: DomNode) -> bool:
        if self.tag and node.tag.upper() != self.tag:
            return False
        if any(node.attributes.get("id") != wanted for wanted in self.ids):
            return False
        classes = node.attributes.get("class", "").split()
        if any(wanted not in classes for wanted in self.classes):
            return False
        return all(
            name in node.attributes and (value is None or node.attributes[name] == value)
            for name, value in self.attributes
        )
