"""The recorded DOM of a page, rebuilt from its Discover and Mutation events: nodes by id, with text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from tagprobe.decode.events import DomChange, DomNode
from tagprobe.decode.session import RecordedPage

TEXT_TAG = "*T"
MASK_CHARACTERS = frozenset("•▪▫*")
NEVER_MASKED_PARENTS = frozenset({"TITLE", "STYLE", "SCRIPT", "NOSCRIPT"})


def is_masked_text(text: str) -> bool:
    """Clarity sends masked text as bullets, and scrambled words as ▪ (letters) and ▫ (digits)."""
    visible = [character for character in text if not character.isspace()]
    return bool(visible) and all(character in MASK_CHARACTERS for character in visible)


@dataclass(frozen=True, slots=True)
class RecordedNode:
    node: DomNode
    time: int


@dataclass
class RecordedDom:
    """The last recorded state of every node id of one page."""

    nodes: dict[int, RecordedNode] = field(default_factory=dict)
    _texts_inside: dict[int, list[DomNode]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    """Text nodes by each of their ancestors' ids, built on first use from `nodes` as they then are (a page's
    DOM is complete once `of` returns): every click asks for its element's text."""

    @staticmethod
    def of(page: RecordedPage) -> RecordedDom:
        dom = RecordedDom()
        for change in page.of_type(DomChange):
            for node in change.nodes:
                previous = dom.nodes.get(node.id)
                if previous is not None and not node.tag:
                    node = DomNode(node.id, node.parent, previous.node.tag, node.attributes, node.value)
                dom.nodes[node.id] = RecordedNode(node, change.time)
        return dom

    def element(self, node_id: int | None) -> DomNode | None:
        recorded = self.nodes.get(node_id) if node_id is not None else None
        return recorded.node if recorded else None

    def parent_element(self, node: DomNode) -> DomNode | None:
        return self.element(node.parent)

    def text_nodes(self) -> Iterator[DomNode]:
        for recorded in self.nodes.values():
            if recorded.node.tag == TEXT_TAG and recorded.node.value:
                yield recorded.node

    def descendants_text(self, element_id: int) -> Iterator[DomNode]:
        """The text nodes inside the element, in recorded order."""
        if self._texts_inside is None:
            self._texts_inside = {}
            for text in self.text_nodes():
                for ancestor in self._ancestor_ids(text):
                    self._texts_inside.setdefault(ancestor, []).append(text)
        yield from self._texts_inside.get(element_id, ())

    def _ancestor_ids(self, node: DomNode) -> Iterator[int]:
        """Parent, grandparent, ... as far as the recording knows them (a cycle ends the walk)."""
        seen: set[int] = set()
        current: DomNode | None = node
        while current is not None and current.parent is not None and current.parent not in seen:
            yield current.parent
            seen.add(current.parent)
            current = self.element(current.parent)

    def describe(self, node: DomNode) -> str:
        """`p#saved-card.saved-card` for an element, its parent's description for a text node."""
        element = self.parent_element(node) if node.tag == TEXT_TAG else node
        if element is None:
            return "(unknown element)"
        text = element.tag.lower()
        if element.attributes.get("id"):
            text += f"#{element.attributes['id']}"
        for name in element.attributes.get("class", "").split()[:2]:
            text += f".{name}"
        return text
