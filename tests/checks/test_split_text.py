"""A value a page split across elements is found where a match crosses from one text node into the next."""

from __future__ import annotations

from tagprobe.checks.canaries import Canary
from tagprobe.checks.leaks import first_leak
from tagprobe.checks.split_text import split_matches
from tagprobe.decode.dom import TEXT_TAG
from tagprobe.decode.events import DomChange, DomNode
from tagprobe.decode.session import RecordedPage, RecordedSession
from tests.report.factories import BASE, decoded

SECRET = Canary("Tr0ub4dor&3", "from the environment", "***")


def session(*texts: str) -> RecordedSession:
    nodes = [DomNode(1, None, "BODY", {}, None), DomNode(2, 1, "P", {"id": "echo"}, None)]
    for offset, text in enumerate(texts):
        nodes += [
            DomNode(10 + 2 * offset, 2, "SPAN", {}, None),
            DomNode(11 + 2 * offset, 10 + 2 * offset, TEXT_TAG, {}, text),
        ]
    events = (DomChange(40, 5, tuple(nodes)),)
    page = RecordedPage(1, "user1", "session1", 1, BASE + "/", (decoded(0, 1, BASE + "/", events),), events)
    return RecordedSession((page,), ())


def test_a_value_split_across_two_elements_is_found_once_with_where() -> None:
    (found,) = split_matches(SECRET, session("Password: TR0UB", "4DOR&3 ok"))
    assert found.location == "text split across nodes 11, 13 in span"
    assert found.match.how == "as typed, case-folded"


def test_a_value_inside_one_node_is_not_a_split() -> None:
    assert list(split_matches(SECRET, session("Password: Tr0ub4dor&3", "ok"))) == []


def test_a_split_secret_leaks_but_a_split_typed_value_is_left_to_the_single_node_search() -> None:
    split = session("Tr0ub", "4dor&3")
    leak = first_leak(SECRET, [], [], split)
    assert leak is not None
    assert leak.upload_index is None
    typed = Canary("Tr0ub4dor&3", "typed in step 2", "'Tr0ub4dor&3'", typed_at_ms=0.0)
    assert first_leak(typed, [], [], split) is None
