"""What the end of a recording relies on (run/drain.py), measured on the real tag: it holds a typed value
750 ms and a scroll 500 ms for more of the same before it encodes them, so a page closed sooner loses them
(tests/run/test_drain_e2e.py shows the run waits them out, and what a busy page does to DOM changes)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.decode.events import Event, Input, Scroll
from tagprobe.run.drain import INPUT_LOOK_AHEAD_MS, MOTION_LOOK_AHEAD_MS
from tests.conftest import RunYaml
from tests.static_pages import StaticPages, html_page

pytestmark = pytest.mark.e2e

TIMER_SLACK_MS = 5
"""The tag rounds its clock to whole milliseconds."""

PAGE = html_page('<input id="name"><div style="height: 4000px">tall</div>')


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with StaticPages({"/": PAGE}) as pages:
        yield pages.url


def held_ms(outcome: ScenarioOutcome, kind: type[Event]) -> list[int]:
    """For each event of `kind`, how long after it happened the tag sent the upload carrying it."""
    return [
        upload.envelope.start + upload.envelope.duration - event.time
        for page in outcome.session.pages
        for upload in page.uploads
        for event in upload.events
        if isinstance(event, kind)
    ]


def scenario(step: str) -> str:
    return f"name: look-ahead\nurl: /\ntag: {{config: {{delay: 100}}}}\nsteps:\n  - wait_for: {{uploads: 1}}\n  - {step}\n"


def test_a_typed_value_is_held_750_ms(run_yaml: RunYaml, site: str) -> None:
    held = held_ms(run_yaml(scenario('fill: {selector: "#name", value: "Ada"}'), base_url=site), Input)
    assert held, "the run waited the look-ahead out, so the value was sent"
    assert min(held) >= INPUT_LOOK_AHEAD_MS - TIMER_SLACK_MS, held


def test_a_scroll_is_held_500_ms(run_yaml: RunYaml, site: str) -> None:
    held = held_ms(run_yaml(scenario("scroll: {y: 1200}"), base_url=site), Scroll)
    assert held, "the run waited the look-ahead out, so the scroll was sent"
    assert min(held) >= MOTION_LOOK_AHEAD_MS - TIMER_SLACK_MS, held
