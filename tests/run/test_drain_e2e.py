"""How a recording ends: whatever the last step is, the page closes only once the real tag has recorded what
that step changed (run/drain.py). Each scenario here ends right after the step that changed the page; closed
at once, the tag drops that change (tests/tag/test_recording_end_e2e.py pins why)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.checks.verdict import CheckStatus, Verdict
from tagprobe.decode.events import Input
from tagprobe.run.settings import StepPictures
from tests.conftest import RunYaml
from tests.static_pages import StaticPages, html_page

pytestmark = pytest.mark.e2e

BUSY_AFTER_SHOWING = html_page(
    """
<button id="show" type="button">Show my card</button>
<section id="results" data-clarity-unmask="true"></section>
<script>
  // Shows the card, then stays busy for 3 s in small slices (hydration, a feed rendering): the page still
  // answers, but it is never idle, and the tag, whose work ran long, waits for an idle moment to encode it.
  const busy = (ms) => { const end = performance.now() + ms; while (performance.now() < end) {} };
  document.querySelector("#show").addEventListener("click", () => {
    const results = document.querySelector("#results");
    results.textContent = "Card on file: 4242 4242 4242 4242.";
    results.dataset.shown = "yes";
    queueMicrotask(() => busy(60));
    const until = performance.now() + 3000;
    const slices = new MessageChannel();
    slices.port1.onmessage = () => { busy(5); if (performance.now() < until) slices.port2.postMessage(0); };
    slices.port2.postMessage(0);
  });
</script>
"""
)

FORM = html_page('<form><label>Name <input id="name" name="name"></label></form>')


@pytest.fixture(scope="module")
def pages() -> Iterator[str]:
    with StaticPages({"/busy.html": BUSY_AFTER_SHOWING, "/form.html": FORM}) as site:
        yield site.url


def masking(outcome: ScenarioOutcome) -> Verdict:
    return next(verdict for verdict in outcome.verdicts if verdict.check == "masking")


ENDS_WITH_WAIT_FOR = """\
name: a card shown, then the page stays busy
url: /busy.html
tag: {config: {delay: 100}}
steps:
  - wait_for: {uploads: 1}
  - click: "#show"
  - wait_for: {selector: "#results[data-shown]"}
expect:
  masking: {}
"""


def test_a_leak_shown_just_before_the_end_is_caught_on_a_busy_page(run_yaml: RunYaml, pages: str) -> None:
    outcome = run_yaml(ENDS_WITH_WAIT_FOR, base_url=pages, step_pictures=StepPictures.OFF)
    verdict = masking(outcome)
    assert verdict.status is CheckStatus.FAILED, verdict
    assert any("card number 42" in evidence.summary for evidence in verdict.evidence), verdict
    assert not [call for call in outcome.record.capture.tag_calls if call.method == "schedule"], (
        "tagprobe's own wait is not a call the site made"
    )


ENDS_WITH_TYPING = """\
name: a name typed as the last step
url: /form.html
tag: {config: {delay: 100}}
steps:
  - wait_for: {uploads: 1}
  - fill: {selector: "#name", value: "Ada"}
"""


def test_a_value_typed_in_the_last_step_is_recorded(run_yaml: RunYaml, pages: str) -> None:
    """The tag keeps a typed value 750 ms for more keystrokes; a page closed sooner loses the Input event,
    and with it what form abandonment and the replay are built from."""
    outcome = run_yaml(ENDS_WITH_TYPING, base_url=pages, step_pictures=StepPictures.OFF)
    inputs = [event for page in outcome.session.pages for event in page.of_type(Input)]
    assert inputs, "the last step's typing is in the recording"
    assert outcome.record.capture.settled


def test_a_tag_still_busy_at_the_bound_makes_health_say_the_recording_may_lack_the_last_step(
    run_yaml: RunYaml, pages: str
) -> None:
    """The page stays busy for 3 s; with a 1 s step timeout the run stops waiting for the tag and says so,
    rather than judging a recording that may lack what the last step changed."""
    outcome = run_yaml(
        ENDS_WITH_WAIT_FOR, base_url=pages, step_pictures=StepPictures.OFF, step_timeout_ms=1000
    )
    health = next(verdict for verdict in outcome.verdicts if verdict.check == "health")
    assert health.status is CheckStatus.FAILED, health
    said = [health.message, *(evidence.summary for evidence in health.evidence)]
    assert any("the tag was still busy recording when the page closed" in text for text in said), said
