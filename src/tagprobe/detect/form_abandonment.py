"""form_abandonment: a visitor touched a form's fields (a click into one, typing, a change) and then left the
page, or the session ended, without the form being sent; one signal per form and page, naming the form and
the last field touched. A form is a <form>, or the nearest block container with an id of fields outside one;
fields in neither (a lone checkbox, a select that filters a list) are no form.

Sent means: Clarity's Submit event for the form, or a click on a button inside the form followed, within
`navigation_grace_ms`, by a navigation (a send button that routes) or by the form leaving the DOM (a checkout
replacing its form with the confirmation). A link, even inside the form, takes the visitor away unsent.
Fields matching `form_abandonment_ignore` (or inside a form it names) do not count; fewer than
`form_abandonment_min_fields` touched fields is no abandonment. The tag sends no event for a focus alone, so
a field reached by the keyboard counts once it is typed into."""

from __future__ import annotations

from collections.abc import Iterator

from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.element import matches_any
from tagprobe.detect.signal import Signal, SignalType
from tagprobe.detect.targets import TargetKind
from tagprobe.detect.timeline import NO_FORM, FieldTouch, PageTimeline, SessionTimeline


def sent(form_id: int, touches: list[FieldTouch], page: PageTimeline, session: SessionTimeline,
         config: DetectorConfig) -> bool:  # fmt: skip
    first = touches[0].time
    if any(time >= first and target == form_id for time, target in page.submits):
        return True
    removed = page.removed.get(form_id)
    for clicked in page.clicks:
        if clicked.form_id != form_id or clicked.kind is not TargetKind.BUTTON or clicked.time < first:
            continue
        by = clicked.time + config.navigation_grace_ms
        if removed is not None and clicked.pressed_ms <= removed <= by:
            return True
        if page.ended_ms is not None and page.ended_ms <= by and session.successor(page) is not None:
            return True
    return False


def how_it_ended(page: PageTimeline, session: SessionTimeline, config: DetectorConfig) -> str:
    if page.ended_ms is None:
        return "the recording stops"
    if session.successor(page) is not None:
        return "the visitor left the page"
    return "the page closed"


def detect_page(page: PageTimeline, session: SessionTimeline, config: DetectorConfig) -> Iterator[Signal]:
    forms: dict[int, list[FieldTouch]] = {}
    for touch in page.field_touches:
        if touch.form_id != NO_FORM and not matches_any(config.form_abandonment_ignore, touch.field):
            forms.setdefault(touch.form_id, []).append(touch)
    for form_id, touches in forms.items():
        fields = list(dict.fromkeys(touch.field_id for touch in touches))
        if len(fields) < config.form_abandonment_min_fields or sent(form_id, touches, page, session, config):
            continue
        first, last = touches[0], touches[-1]
        end = page.recorded_until
        reason = (
            f"{len(fields)} field{'s' if len(fields) > 1 else ''} of {touches[0].form} touched over "
            f"{(last.time - first.time) / 1000:.1f} s (last: {last.field.describe()} at {last.time / 1000:.1f} s), "
            f"then {how_it_ended(page, session, config)} {(end - last.time) / 1000:.1f} s later without sending it"
        )
        yield Signal(
            SignalType.FORM_ABANDONMENT, page.number, page.url, first.time, len(fields), reason, last.field,
            last.time - first.time,
        )  # fmt: skip


def detect(session: SessionTimeline, config: DetectorConfig) -> Iterator[Signal]:
    for page in session.pages:
        yield from detect_page(page, session, config)
