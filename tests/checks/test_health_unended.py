"""When the last uploads did not arrive, health names the pages that never sent theirs, by the tag's ids."""

from __future__ import annotations

from tagprobe.capture.records import EnvelopePeek, Transport, Upload
from tagprobe.checks.health import _unended_pages


def upload(index: int, user: str, page_num: int, end: bool) -> Upload:
    envelope = EnvelopePeek(
        "s1", user, page_num, index + 1, Transport.BEACON if end else Transport.XHR, end, "/"
    )
    return Upload(index, 0.0, "{}", not end, 2, "", 204, envelope)


def test_a_page_without_its_last_upload_is_named_with_its_ids_and_uploads() -> None:
    uploads = [
        upload(0, "u1", 1, False),
        upload(1, "u1", 1, False),
        upload(2, "u1", 2, False),
        upload(3, "u1", 2, True),
    ]
    assert (
        _unended_pages(uploads)
        == " (page 1 of user u1, session s1 (uploads 0, 1) never sent its last upload)"
    )


def test_an_end_beacon_under_other_ids_does_not_end_the_page() -> None:
    uploads = [upload(0, "u1", 1, False), upload(1, "u2", 1, True)]
    assert "page 1 of user u1" in _unended_pages(uploads)
    assert "user u2" not in _unended_pages(uploads)


def test_every_page_ended_says_nothing_more() -> None:
    assert _unended_pages([upload(0, "u1", 1, False), upload(1, "u1", 1, True)]) == ""
