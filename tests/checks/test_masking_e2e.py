"""The masking check on the real tag in real Chromium, on small local pages: typed values judged from the
moment they were typed, `sensitive: false`, the PII scan (cards followed by punctuation, the tag's own
scrambling), and the options `pii_scan` and `max_masked_share`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.checks.verdict import CheckStatus, Verdict
from tests.conftest import RunYaml
from tests.static_pages import served_folder

pytestmark = pytest.mark.e2e

PAGES = Path(__file__).parent / "pages"


@pytest.fixture(scope="module")
def pages() -> Iterator[str]:
    with served_folder(PAGES) as url:
        yield url


def masking(outcome: ScenarioOutcome) -> Verdict:
    return next(verdict for verdict in outcome.verdicts if verdict.check == "masking")


def search(word: str, echo: bool = False, sensitive: str = "") -> str:
    # The click is the last step: the run lets the dead-click window pass before it closes the page, so the
    # tag has sent what the click changed (a page closed at once can take that change with it).
    return f"""\
name: search for '{word}'
url: /search.html{"?echo=1" if echo else ""}
tag: {{config: {{delay: 100}}}}
steps:
  - wait_for: {{uploads: 1}}
  - type: {{selector: "#q", text: "{word}"{sensitive}}}
  - click: "#go"
expect:
  masking: {{}}
"""


@pytest.mark.parametrize("word", ["plans", "Guide"])
def test_a_search_for_a_word_the_page_already_shows_passes(run_yaml: RunYaml, pages: str, word: str) -> None:
    outcome = run_yaml(search(word), base_url=pages, slug=word)
    verdict = masking(outcome)
    assert verdict.status is CheckStatus.PASSED, verdict
    assert "1 sensitive value(s) leak in none" in verdict.message


def test_a_search_the_page_echoes_as_new_text_fails_naming_the_step(run_yaml: RunYaml, pages: str) -> None:
    outcome = run_yaml(search("plans", echo=True), base_url=pages)
    verdict = masking(outcome)
    assert verdict.status is CheckStatus.FAILED
    scenario_file = outcome.record.scenario.location.file
    assert verdict.message.startswith(f"'plans' (typed in step 3, {scenario_file}:6) is in what the tag")
    assert "(as typed, exact)" in verdict.message
    evidence = verdict.evidence[0]
    assert evidence.location is not None
    assert "text in p#count" in evidence.location
    assert evidence.excerpt == "One page matches plans"
    first = next(upload for upload in outcome.record.capture.uploads if upload.index == evidence.upload_index)
    typing = outcome.record.steps[2]
    assert first.received_ms > typing.started_ms


def test_sensitive_false_leaves_one_typed_value_out(run_yaml: RunYaml, pages: str) -> None:
    outcome = run_yaml(search("plans", echo=True, sensitive=", sensitive: false"), base_url=pages)
    verdict = masking(outcome)
    assert verdict.status is CheckStatus.PASSED, verdict
    assert "0 sensitive value(s)" in verdict.message


def show_card(where: str, masking_options: str = "{}") -> str:
    return f"""\
name: card in the {where}
url: /pii.html?card={where}
tag: {{config: {{delay: 100}}}}
steps:
  - wait_for: {{uploads: 1}}
  - click: "#show"
  - wait_for: {{selector: "#leak[data-shown]"}}
expect:
  masking: {masking_options}
"""


@pytest.mark.parametrize("where", ["text", "attribute", "url"])
def test_a_card_followed_by_a_full_stop_is_found_as_a_card(run_yaml: RunYaml, pages: str, where: str) -> None:
    verdict = masking(run_yaml(show_card(where), base_url=pages, slug=where))
    assert verdict.status is CheckStatus.FAILED, verdict
    cards = [evidence.summary for evidence in verdict.evidence if "card number" in evidence.summary]
    assert cards, verdict
    assert cards[0].startswith("card number 42•••••••••••••••42 sent in clear text") or cards[0].startswith(
        "card number 42••••••••••••42 sent in clear text"
    )
    assert not any("phone number" in evidence.summary for evidence in verdict.evidence), verdict


def test_a_passing_scan_says_how_many_words_the_tag_scrambled(run_yaml: RunYaml, pages: str) -> None:
    verdict = masking(run_yaml(show_card("nowhere"), base_url=pages))
    assert verdict.status is CheckStatus.PASSED, verdict
    scrambled = int(verdict.message.split("the tag itself scrambled ", 1)[1].split(" ", 1)[0])
    assert scrambled >= 4, "the email, the phone number's groups and the order number: " + verdict.message


def test_pii_scan_off_lets_a_card_in_clear_text_pass(run_yaml: RunYaml, pages: str) -> None:
    verdict = masking(run_yaml(show_card("text", "{pii_scan: false}"), base_url=pages))
    assert verdict.status is CheckStatus.PASSED, verdict
    assert "PII scan off" in verdict.message


MASK_ALL = """\
name: blank recording
url: /
steps:
  - click: "#nav-home"
expect:
  masking: {max_masked_share: SHARE}
"""


@pytest.mark.parametrize(("share", "status"), [("1.0", CheckStatus.PASSED), ("0.9", CheckStatus.FAILED)])
def test_max_masked_share_sets_when_a_masked_page_counts_as_blank(
    run_yaml: RunYaml, share: str, status: CheckStatus
) -> None:
    verdict = masking(run_yaml(MASK_ALL.replace("SHARE", share), defect="mask-all", slug=share))
    assert verdict.status is status, verdict
    if status is CheckStatus.FAILED:
        assert "is blank in the recording" in verdict.message
        assert "(more than 90%)" in verdict.message


SPLIT_ONLY = """\
name: a listed value the page splits across two elements
url: /login.html?only=split
tag: {config: {delay: 100}}
steps:
  - wait_for: {uploads: 1}
  - fill: {selector: "#password", value: "Tr0ub4dor&3x"}
  - click: "#sign-in"
expect:
  masking:
    sensitive: ["Tr0ub4dor&3x"]
"""


def test_a_listed_value_split_across_two_elements_fails(run_yaml: RunYaml, pages: str) -> None:
    verdict = masking(run_yaml(SPLIT_ONLY, base_url=pages))
    assert verdict.status is CheckStatus.FAILED, verdict
    assert verdict.message.startswith("Tr••••••••3x (typed in step 3, "), verdict.message
    assert "text split across nodes" in verdict.message
    assert "(as typed, exact)" in verdict.message
