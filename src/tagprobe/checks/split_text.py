"""Values a page split across elements (`<span>Tr0ub</span><b>4dor&3</b>`): each node's text holds only a
piece, so they are found in a page's text read in document order, where a match crosses from one text node
into the next."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tagprobe.checks.canaries import Canary, Match
from tagprobe.decode.dom import RecordedDom, RecordedNode
from tagprobe.decode.session import RecordedSession

NOT_PAGE_TEXT = frozenset({"STYLE", "SCRIPT", "NOSCRIPT"})


@dataclass(frozen=True, slots=True)
class SplitText:
    match: Match
    text: str
    page_number: int
    time_ms: int
    """Since the page started: when the last piece was recorded."""
    location: str


def _page_text(dom: RecordedDom) -> list[RecordedNode]:
    """The page's text nodes in the order the tag numbered them, which is document order for a snapshot and
    insertion order for what a script adds."""
    pieces = []
    for node_id in sorted(node.id for node in dom.text_nodes()):
        recorded = dom.nodes[node_id]
        parent = dom.parent_element(recorded.node)
        if parent is None or parent.tag not in NOT_PAGE_TEXT:
            pieces.append(recorded)
    return pieces


def split_matches(canary: Canary, session: RecordedSession) -> Iterator[SplitText]:
    for page in session.pages:
        dom = RecordedDom.of(page)
        pieces = _page_text(dom)
        owners: list[int] = []
        for position, piece in enumerate(pieces):
            owners += [position] * len(piece.node.value or "")
        text = "".join(piece.node.value or "" for piece in pieces)
        for match in canary.find_all(text):
            first, last = owners[match.start], owners[match.start + match.length - 1]
            if first == last:
                continue
            spanned = pieces[first : last + 1]
            time = max(piece.time for piece in spanned)
            nodes = ", ".join(str(piece.node.id) for piece in spanned)
            yield SplitText(
                match,
                text,
                page.number,
                time,
                f"text split across nodes {nodes} in {dom.describe(spanned[0].node)}",
            )
