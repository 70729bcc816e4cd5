"""Each demo defect visibly changes what the real tag sends (before any check looks at it)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.decode.dom import RecordedDom, is_masked_text
from tagprobe.decode.events import DomChange, ScriptError, Variables
from tests.conftest import RunYaml

pytestmark = pytest.mark.e2e

VISIT = """
name: visit
url: {url}
tag: {{config: {{track: false, delay: 100}}}}
steps:
{steps}
"""


def visit(run_yaml: RunYaml, url: str, steps: list[str], defect: str | None) -> ScenarioOutcome:
    return run_yaml(VISIT.format(url=url, steps="\n".join(f"  - {step}" for step in steps)), defect=defect)


def clarity_cookies_before_any_click(outcome: ScenarioOutcome) -> bool:
    return any(
        snapshot.names() & {"_clck", "_clsk"} for snapshot in outcome.record.capture.cookie_snapshots[:2]
    )


def raw_uploads(outcome: ScenarioOutcome) -> str:
    return "\n".join(upload.payload for upload in outcome.record.capture.uploads)


def page_count(outcome: ScenarioOutcome) -> int:
    return len(outcome.session.pages)


def has_plan_tag(outcome: ScenarioOutcome) -> bool:
    return any("plan" in event.values for _, event in outcome.session.of_type(Variables))


def upload_count(outcome: ScenarioOutcome) -> int:
    return len(outcome.record.capture.uploads)


def logged_cl001(outcome: ScenarioOutcome) -> bool:
    return any("CL001" in message.text for message in outcome.record.capture.console)


def most_text_is_masked(outcome: ScenarioOutcome) -> bool:
    dom = RecordedDom.of(outcome.session.pages[0])
    texts = [node.value for node in dom.text_nodes() if node.value and node.value.strip()]
    return sum(is_masked_text(text) for text in texts) > 0.9 * len(texts)


def mutations_after_buy(outcome: ScenarioOutcome) -> int:
    page = outcome.session.pages[-1]
    buy = max(event.time for event in page.events if getattr(event, "element_id", "") == "buy")
    return sum(1 for event in page.of_type(DomChange) if not event.is_discover and event.time > buy)


def captured_errors(outcome: ScenarioOutcome) -> list[str]:
    return [error.message for _, error in outcome.session.of_type(ScriptError)]


CASES: dict[str, tuple[str, list[str], Callable[[ScenarioOutcome], object]]] = {
    "consent-bypass": ("/", ['click: "#nav-cart"'], clarity_cookies_before_any_click),
    "pii-leak": (
        "/checkout",
        ['click: "#email"'],
        lambda outcome: "4111 1111 1111 1111" in raw_uploads(outcome),
    ),
    "spa-untracked": ("/", ["click: \"a[href='/product/1']\"", 'click: "#nav-cart"'], page_count),
    "tags-missing": (
        "/login",
        [
            'fill: {selector: "#username", value: ada}',
            'fill: {selector: "#login-password", value: pw}',
            'click: "#login-submit"',
            'wait_for: {url: "/"}',
        ],
        has_plan_tag,
    ),
    "csp-block": ("/", ['click: "#nav-cart"'], upload_count),
    "duplicate-tag": ("/", ['click: "#nav-cart"'], logged_cl001),
    "mask-all": ("/", ['click: "#nav-cart"'], most_text_is_masked),
    "dead-button": ("/checkout", ['click: "#buy"'], mutations_after_buy),
    "script-error": ("/product/1", ['click: "#add-to-cart"'], captured_errors),
}


@pytest.mark.parametrize("defect", sorted(CASES))
def test_the_defect_changes_what_is_captured(run_yaml: RunYaml, defect: str) -> None:
    url, steps, measure = CASES[defect]
    clean = measure(visit(run_yaml, url, steps, None))
    broken = measure(visit(run_yaml, url, steps, defect))
    assert clean != broken, f"{defect}: the capture looks the same as on the clean site ({clean!r})"
