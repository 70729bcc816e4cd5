"""Element specs (`#id`, `.class`, `tag`, `tag#id`, `tag.class` or {id, class, tag, text}) and how they match a
clicked element: like CSS `closest()`, the element itself or any ancestor may match."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tagprobe.detect.signal import ElementRef, NodeRef

SPEC_PATTERN = re.compile(r"(?P<tag>[A-Za-z][\w-]*)?(?:#(?P<id>[\w-]+))?(?:\.(?P<class_name>[\w-]+))?")
SPEC_KEYS = frozenset({"id", "class", "tag", "text"})
SPEC_FORMS = '"#id", ".class", "tag", "tag#id", "tag.class" or {id, class, tag, text}'


class ElementSpecError(ValueError):
    """A spec that is not one of the accepted forms."""


def _normal_text(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True, slots=True)
class ElementSpec:
    tag: str = ""
    id: str = ""
    class_name: str = ""
    text: str = ""
    """Matched case-insensitively as a part of the clicked element's text."""

    @staticmethod
    def parse(value: Any) -> ElementSpec:
        if isinstance(value, str):
            match = SPEC_PATTERN.fullmatch(value.strip())
            if not value.strip() or match is None:
                raise ElementSpecError(f"{value!r} is not an element spec: use {SPEC_FORMS}")
            return ElementSpec(
                tag=(match["tag"] or "").lower(), id=match["id"] or "", class_name=match["class_name"] or ""
            )
        if isinstance(value, Mapping):
            unknown = sorted(str(key) for key in value if key not in SPEC_KEYS)
            if unknown or not value:
                raise ElementSpecError(f"{dict(value)!r} is not an element spec: use {SPEC_FORMS}")
            if not all(isinstance(part, str) and part for part in value.values()):
                raise ElementSpecError(
                    f"{dict(value)!r}: every part of an element spec must be a non-empty string"
                )
            return ElementSpec(
                tag=str(value.get("tag", "")).lower(),
                id=str(value.get("id", "")),
                class_name=str(value.get("class", "")),
                text=str(value.get("text", "")),
            )
        raise ElementSpecError(f"{value!r} is not an element spec: use {SPEC_FORMS}")

    def matches_node(self, node: NodeRef) -> bool:
        return (
            (not self.tag or node.tag == self.tag)
            and (not self.id or node.id == self.id)
            and (not self.class_name or self.class_name in node.classes)
        )

    def matches(self, element: ElementRef) -> bool:
        if self.text and _normal_text(self.text) not in _normal_text(element.text):
            return False
        if not (self.tag or self.id or self.class_name):
            return True
        return any(self.matches_node(node) for node in element.lineage)

    def __str__(self) -> str:
        shown = (
            self.tag + (f"#{self.id}" if self.id else "") + (f".{self.class_name}" if self.class_name else "")
        )
        return shown + (f' with text "{self.text}"' if self.text else "") if shown else f'text "{self.text}"'


def matches_any(specs: tuple[ElementSpec, ...], element: ElementRef) -> bool:
    return any(spec.matches(element) for spec in specs)
