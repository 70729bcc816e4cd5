"""On the real tag: a tag the page never set is said to be never called, not just "not sent"."""

from __future__ import annotations

import pytest

from tagprobe.checks.verdict import CheckStatus
from tests.conftest import RunYaml

pytestmark = pytest.mark.e2e


def test_the_tags_missing_defect_is_explained_as_a_call_the_page_never_made(run_yaml: RunYaml) -> None:
    outcome = run_yaml(
        """
        name: sign in
        url: /login
        steps:
          - fill: {selector: "#username", value: ada}
          - fill: {selector: "#login-password", value: pw}
          - click: "#login-submit"
          - wait_for: {url: /}
        expect:
          tags: {tags: {plan: gold}}
        """,
        defect="tags-missing",
    )
    verdict = next(verdict for verdict in outcome.verdicts if verdict.check == "tags")
    assert verdict.status is CheckStatus.FAILED
    assert verdict.message == (
        "tag plan=gold was not sent (found plan: nothing): "
        "no clarity('set', 'plan', …) call was recorded on the page"
    )
