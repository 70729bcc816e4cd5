"""Where a canary leaks: the first text the tag recorded that gives it away.

A typed value is judged from the moment it was typed: it leaks only where it shows in what the tag recorded
after the typing step began, in a place it did not already fill before (a node's text or attribute, an
input, a URL, a custom tag...). A page that said "Plans start at" before anyone typed "plans" leaks nothing
when it says so again, re-rendered or on the next page; a page that echoes the search as new text does.
Other values (listed as sensitive, from the environment) leak wherever they show."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from tagprobe.capture.records import Upload
from tagprobe.checks.canaries import Canary, Match
from tagprobe.checks.payload_strings import PayloadString
from tagprobe.checks.split_text import split_matches
from tagprobe.decode.session import RecordedSession

EXCERPT_RADIUS = 40


@dataclass(frozen=True, slots=True)
class Leak:
    canary: Canary
    match: Match
    upload_index: int | None
    location: str
    excerpt: str
    page_number: int | None = None
    time_ms: float | None = None
    elsewhere: int = 0
    """How many other places it showed in."""


def _excerpt(text: str, match: Match) -> str:
    start, end = match.start, match.start + match.length
    before = text[max(0, start - EXCERPT_RADIUS) : start]
    after = text[end : end + EXCERPT_RADIUS]
    prefix = "…" if start > EXCERPT_RADIUS else ""
    suffix = "…" if end + EXCERPT_RADIUS < len(text) else ""
    return f"{prefix}{before}{text[start:end]}{after}{suffix}"


def _words(text: str) -> str:
    """Text compared word for word: letter case and the layout's whitespace (`\n    Guide\n`) aside."""
    return " ".join(text.split()).casefold()


def _is_before(canary: Canary, recorded_ms: float) -> bool:
    return canary.typed_at_ms is not None and recorded_ms < canary.typed_at_ms


def decoded_leaks(canary: Canary, strings: Sequence[PayloadString]) -> Iterator[tuple[PayloadString, Match]]:
    """Each recorded text that gives the canary away, in the order the tag recorded them."""
    present_places: set[str] = set()
    present_texts: set[str] = set()
    for found in strings:
        if _is_before(canary, found.recorded_ms) and canary.find(found.text) is not None:
            present_places.add(found.place)
            present_texts.add(_words(found.text))
    places: set[str] = set()
    for found in sorted(strings, key=lambda item: item.recorded_ms):
        if _is_before(canary, found.recorded_ms) or found.place in places:
            continue
        match = canary.find(found.text)
        if match is None:
            continue
        already = (
            found.place in present_places
            or any(place in present_places for place in found.repeats)
            or _words(found.text) in present_texts
        )
        if not already:
            places.add(found.place)
            yield found, match


def raw_leak(canary: Canary, uploads: Sequence[Upload]) -> Leak | None:
    """For text the decoded events do not carry: the first upload received after the typing that holds a
    form of the canary no upload received before it held."""
    before = [upload for upload in uploads if _is_before(canary, upload.received_ms)]
    for upload in uploads:
        if _is_before(canary, upload.received_ms):
            continue
        match = canary.find(upload.payload)
        if match is None:
            continue
        spelled = upload.payload[match.start : match.start + match.length].casefold()
        if any(spelled in earlier.payload.casefold() for earlier in before):
            continue
        return Leak(
            canary,
            match,
            upload.index,
            f"raw payload, character {match.start}",
            _excerpt(upload.payload, match),
        )
    return None


def split_leak(canary: Canary, session: RecordedSession) -> Leak | None:
    """The first piece-by-piece match of a value judged everywhere (a secret, a listed value). A typed
    value is not searched for this way: with no record of what a split text looked like before the typing,
    a page that re-rendered `<b>Pl</b>ans` would count as echoing "plans"."""
    if canary.typed_at_ms is not None:
        return None
    for found in split_matches(canary, session):
        return Leak(
            canary, found.match, None, found.location, _excerpt(found.text, found.match), found.page_number,
            found.time_ms,
        )  # fmt: skip
    return None


def first_leak(
    canary: Canary,
    strings: Sequence[PayloadString],
    uploads: Sequence[Upload],
    session: RecordedSession | None = None,
) -> Leak | None:
    found = list(decoded_leaks(canary, strings))
    if found:
        string, match = found[0]
        return Leak(
            canary,
            match,
            string.upload_index,
            string.location,
            _excerpt(string.text, match),
            string.page_number,
            string.time_ms,
            len(found) - 1,
        )
    split = split_leak(canary, session) if session is not None else None
    if split is not None:
        return split
    if any(canary.find(string.text) is not None for string in strings):
        return None
    return raw_leak(canary, uploads)
