"""Groups decoded uploads into the pages and session the tag recorded."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from tagprobe.assets import PinnedBuilds
from tagprobe.capture.records import Transport
from tagprobe.decode.convert import convert_upload
from tagprobe.decode.events import Dimensions, Event
from tagprobe.decode.node_bridge import DecoderProcess, decode_payloads

EventT = TypeVar("EventT", bound=Event)
URL_DIMENSION = 1


@dataclass(frozen=True, slots=True)
class Envelope:
    version: str
    sequence: int
    start: int
    duration: int
    project_id: str
    user_id: str
    session_id: str
    page_num: int
    transport: Transport
    end: bool
    url: str
    """Read when the upload was sent: on an SPA page's last beacon it is already the next page's URL."""

    @staticmethod
    def from_decoded(envelope: Mapping[str, Any]) -> Envelope:
        return Envelope(
            version=str(envelope.get("version", "")),
            sequence=int(envelope.get("sequence", 0)),
            start=int(envelope.get("start", 0)),
            duration=int(envelope.get("duration", 0)),
            project_id=str(envelope.get("projectId", "")),
            user_id=str(envelope.get("userId", "")),
            session_id=str(envelope.get("sessionId", "")),
            page_num=int(envelope.get("pageNum", 0)),
            transport=Transport.BEACON if envelope.get("upload") == 1 else Transport.XHR,
            end=envelope.get("end") == 1,
            url=str(envelope.get("url", "")),
        )


@dataclass(frozen=True, slots=True)
class DecodedUpload:
    index: int
    envelope: Envelope
    events: tuple[Event, ...]


@dataclass(frozen=True, slots=True)
class DecodeFailure:
    index: int
    error: str


@dataclass(frozen=True, slots=True)
class RecordedPage:
    """One page as Clarity recorded it: a full load, or a new URL in an SPA."""

    number: int
    """1-based position in the order tagprobe received the pages."""
    user_id: str
    session_id: str
    page_num: int
    url: str
    uploads: tuple[DecodedUpload, ...]
    events: tuple[Event, ...]

    def of_type(self, kind: type[EventT]) -> tuple[EventT, ...]:
        return tuple(event for event in self.events if isinstance(event, kind))


@dataclass(frozen=True, slots=True)
class RecordedSession:
    pages: tuple[RecordedPage, ...]
    failures: tuple[DecodeFailure, ...]

    def of_type(self, kind: type[EventT]) -> tuple[tuple[RecordedPage, EventT], ...]:
        return tuple((page, event) for page in self.pages for event in page.of_type(kind))


def _page_url(uploads: Sequence[DecodedUpload]) -> str:
    """The URL Clarity logged when the page started (Dimension 1), else the first envelope's."""
    for upload in uploads:
        for event in upload.events:
            if isinstance(event, Dimensions) and event.values.get(URL_DIMENSION):
                return event.values[URL_DIMENSION][0]
    return uploads[0].envelope.url


def build_session(
    decoded: Sequence[DecodedUpload], failures: Sequence[DecodeFailure] = ()
) -> RecordedSession:
    by_page: dict[tuple[str, str, int], list[DecodedUpload]] = {}
    for upload in decoded:
        key = (upload.envelope.user_id, upload.envelope.session_id, upload.envelope.page_num)
        by_page.setdefault(key, []).append(upload)
    pages = []
    for number, ((user_id, session_id, page_num), uploads) in enumerate(by_page.items(), start=1):
        uploads.sort(key=lambda upload: upload.envelope.sequence)
        events = sorted(
            (event for upload in uploads for event in upload.events), key=lambda event: event.time
        )
        pages.append(
            RecordedPage(
                number, user_id, session_id, page_num, _page_url(uploads), tuple(uploads), tuple(events)
            )
        )
    return RecordedSession(tuple(pages), tuple(failures))


def decode_session(
    payloads: Sequence[str], builds: PinnedBuilds, decoder: DecoderProcess | None = None
) -> RecordedSession:
    """Decodes every payload with clarity-decode; one that fails is kept as a DecodeFailure."""
    decoded: list[DecodedUpload] = []
    failures: list[DecodeFailure] = []
    for index, raw in enumerate(decode_payloads(payloads, builds, decoder)):
        if raw.decoded is None or not isinstance(raw.decoded.get("envelope"), dict):
            failures.append(DecodeFailure(index, raw.error or "no envelope in the decoded upload"))
            continue
        try:
            envelope = Envelope.from_decoded(raw.decoded["envelope"])
        except (TypeError, ValueError) as error:
            failures.append(DecodeFailure(index, f"the envelope is malformed: {error}"))
            continue
        decoded.append(DecodedUpload(index, envelope, tuple(convert_upload(raw.decoded))))
    return build_session(decoded, failures)
