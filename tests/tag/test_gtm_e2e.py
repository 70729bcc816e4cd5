"""Clarity installed through Google Tag Manager: a refused gtm.js is named in `health` with the host to
allow, and a Custom HTML tag that injects the official snippet from a script is answered like the snippet."""

from __future__ import annotations

import json

import pytest

from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.checks.verdict import CheckStatus, Verdict
from tests.conftest import RunYaml
from tests.static_pages import OFFICIAL_SNIPPET, StaticPages, html_page

pytestmark = pytest.mark.e2e

GTM_SNIPPET = """<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':
new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],
j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src=
'GTM_URL?id='+i+dl;f.parentNode.insertBefore(j,f);
})(window,document,'script','dataLayer','GTM-TEST01');</script>"""
"""Google Tag Manager's install snippet, with the URL of gtm.js left open."""

CUSTOM_HTML_STAND_IN = f"""(() => {{
  // What GTM does with a Custom HTML tag holding Clarity's snippet: a new <script> element with its text.
  const script = document.createElement("script");
  script.text = {json.dumps(OFFICIAL_SNIPPET)};
  document.body.appendChild(script);
}})();"""

BODY = '<button id="go">Go</button>'
SCENARIO = """
name: gtm
url: /
tag: {mode: site, config: {delay: 100}}
steps:
  - click: "#go"
"""


def health(outcome: ScenarioOutcome) -> Verdict:
    return next(verdict for verdict in outcome.verdicts if verdict.check == "health")


def test_a_refused_gtm_is_named_with_the_host_to_allow(run_yaml: RunYaml) -> None:
    head = GTM_SNIPPET.replace("GTM_URL", "https://www.googletagmanager.com/gtm.js")
    with StaticPages({"/": html_page(BODY, head=head)}) as site:
        outcome = run_yaml(SCENARIO, base_url=site.url)
    assert [attempt.target for attempt in outcome.record.capture.egress_attempts] == [
        "www.googletagmanager.com:443"
    ]
    verdict = health(outcome)
    assert verdict.status is CheckStatus.FAILED
    assert "probably installed through GTM" in verdict.message
    assert "`--allow-host www.googletagmanager.com`" in verdict.message


def test_a_custom_html_tag_injecting_the_snippet_is_answered_like_the_snippet(run_yaml: RunYaml) -> None:
    """GTM itself cannot be reached from this machine: a local gtm.js does what its Custom HTML tag does."""
    pages = {
        "/": html_page(BODY, head=GTM_SNIPPET.replace("GTM_URL", "/gtm.js")),
        "/gtm.js": CUSTOM_HTML_STAND_IN,
    }
    with StaticPages(pages) as site:
        outcome = run_yaml(SCENARIO, base_url=site.url)
    assert [request.url for request in outcome.record.capture.tag_requests] == [
        "https://www.clarity.ms/tag/static0001",
        "https://scripts.clarity.ms/0.8.70/clarity.js",
    ]
    projects = {upload.envelope.project_id for page in outcome.session.pages for upload in page.uploads}
    assert projects == {"static0001"}
    assert health(outcome).status is CheckStatus.PASSED, health(outcome).message
