"""Replays a page's recorded DOM (Discover, then Mutations) so a node id can be told as an element and its ancestors."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from tagprobe.decode.events import Click, DomChange, DomNode
from tagprobe.detect.element import ElementSpec
from tagprobe.detect.signal import ElementRef, NodeRef

MAX_DEPTH = 256
"""A guard against a cycle in a malformed DOM; real pages are far shallower."""
NO_ATTRIBUTES: Mapping[str, str] = MappingProxyType({})
FORM_CONTAINERS = frozenset({"div", "section", "fieldset", "article", "main", "aside", "dialog"})


def _is_element(node: DomNode) -> bool:
    """Clarity names text, document and doctype nodes with a leading `*` (`*T`, `*D`, ...)."""
    return bool(node.tag) and not node.tag.startswith("*")


def node_ref(node: DomNode) -> NodeRef:
    return NodeRef(node.tag.lower(), node.attributes.get("id", ""), node.attributes.get("class", ""))


class DomTracker:
    """The DOM as the tag last described it; feed it DomChange events in time order."""

    def __init__(self) -> None:
        self._nodes: dict[int, DomNode] = {}
        self._lineages: dict[int, tuple[DomNode, ...]] = {}
        self._ancestors: dict[int, tuple[NodeRef, ...]] = {}
        self._refs: dict[int, NodeRef] = {}

    def __contains__(self, node_id: int) -> bool:
        return node_id in self._nodes

    def apply(self, change: DomChange) -> None:
        """A removed node comes without a parent: it keeps its last one, so its change still has a place."""
        for node in change.nodes:
            known = self._nodes.get(node.id)
            if known is not None:
                node = DomNode(
                    node.id,
                    known.parent if node.parent is None else node.parent,
                    node.tag or known.tag,
                    node.attributes if node.tag else known.attributes,
                    node.value,
                )
                if (node.parent, node.tag, node.attributes) != (known.parent, known.tag, known.attributes):
                    self._lineages.clear()
                    self._ancestors.clear()
                    self._refs.pop(node.id, None)
            self._nodes[node.id] = node

    def lineage(self, node_id: int) -> tuple[DomNode, ...]:
        """The node itself (when it is an element), then its element ancestors, closest first."""
        cached = self._lineages.get(node_id)
        if cached is not None:
            return cached
        found = []
        node = self._nodes.get(node_id)
        for _ in range(MAX_DEPTH):
            if node is None:
                break
            if _is_element(node):
                found.append(node)
            node = self._nodes.get(node.parent) if node.parent is not None else None
        lineage = self._lineages[node_id] = tuple(found)
        return lineage

    def ref(self, node: DomNode) -> NodeRef:
        cached = self._refs.get(node.id)
        if cached is None:
            cached = self._refs[node.id] = node_ref(node)
        return cached

    def attributes(self, node_id: int) -> Mapping[str, str]:
        node = self._nodes.get(node_id)
        return node.attributes if node is not None else NO_ATTRIBUTES

    def ancestors(self, node_id: int) -> tuple[NodeRef, ...]:
        """The element ancestors of a node, closest first, as refs."""
        cached = self._ancestors.get(node_id)
        if cached is None:
            nodes = self.lineage(node_id)
            cached = tuple(
                self.ref(node) for node in (nodes[1:] if nodes and nodes[0].id == node_id else nodes)
            )
            self._ancestors[node_id] = cached
        return cached

    def describe(self, click: Click) -> ElementRef:
        nodes = self.lineage(click.target)
        own = nodes[0] if nodes and nodes[0].id == click.target else None
        ancestors = self.ancestors(click.target)
        return ElementRef(
            tag=click.tag or (own.tag.lower() if own else ""),
            id=click.element_id or (own.attributes.get("id", "") if own else ""),
            class_name=own.attributes.get("class", click.class_name) if own else click.class_name,
            text=click.text,
            hash=click.hash,
            ancestors=ancestors,
        )

    def describe_node(self, node_id: int) -> ElementRef:
        """An element the visitor touched without a click event (typing, a change), as far as the DOM tells."""
        nodes = self.lineage(node_id)
        own = nodes[0] if nodes and nodes[0].id == node_id else None
        return ElementRef(
            tag=own.tag.lower() if own else "",
            id=own.attributes.get("id", "") if own else "",
            class_name=own.attributes.get("class", "") if own else "",
            text="",
            hash="",
            ancestors=self.ancestors(node_id),
        )

    def form_of(self, node_id: int) -> tuple[int, NodeRef] | None:
        """The form a field belongs to: its nearest <form>, else its nearest block container with an id (forms
        built without a <form> element), else None: a lone checkbox or select is no form."""
        lineage = self.lineage(node_id)
        form = next((node for node in lineage if node.tag.lower() == "form"), None)
        if form is None:
            form = next(
                (
                    node
                    for node in lineage[1:]
                    if node.tag.lower() in FORM_CONTAINERS and node.attributes.get("id")
                ),
                None,
            )
        return (form.id, self.ref(form)) if form is not None else None

    def inside_any(self, node_id: int, specs: tuple[ElementSpec, ...]) -> bool:
        """Whether the node is, or is inside, an element one of `specs` names (tag, id and class only)."""
        return any(spec.matches_node(self.ref(node)) for node in self.lineage(node_id) for spec in specs)
