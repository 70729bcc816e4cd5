"""Secrets stay secret in every form: a page that echoes a secret typed from the environment (in upper case,
as base64, split across two elements) and a secret in the scenario's URL fail `masking`, and neither the
artifact folders nor results.json nor index.html (replay data included) show any form or part of them."""

from __future__ import annotations

import base64
import gzip
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.static_pages import served_folder

pytestmark = pytest.mark.e2e

PAGES = Path(__file__).parents[1] / "checks" / "pages"
PASSWORD = "Tr0ub4dor&3x"
TOKEN = "tok-5ecret-77"
SCENARIO = """\
name: Secret login ${PASSWORD}
url: /login.html?token=${TOKEN}
tag: {config: {delay: 100}}
steps:
  - wait_for: {uploads: 1}
  - fill: {selector: "#password", value: "${PASSWORD}"}
  - click: "#sign-in"
  - wait_for: {selector: "#split"}
expect:
  masking: {}
"""


@pytest.fixture(scope="module")
def pages() -> Iterator[str]:
    with served_folder(PAGES) as url:
        yield url


def forms(secret: str) -> list[str]:
    """Every spelling that would give the secret away, and its first and last halves."""
    half = len(secret) // 2
    encoded = base64.b64encode(secret.encode()).decode().rstrip("=")
    return [secret, secret.upper(), secret.lower(), encoded, secret[: half + 1], secret[half - 1 :]]


def replay_payloads(html: str) -> list[str]:
    packed = re.findall(r'id="[^"]*-uploads">([A-Za-z0-9+/=]+)</script>', html)
    return [text for blob in packed for text in json.loads(gzip.decompress(base64.b64decode(blob)))]


def test_secrets_leak_in_no_form_into_the_report(tmp_path: Path, pages: str) -> None:
    scenario = tmp_path / "secret.scenario.yaml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    reports = tmp_path / "reports"
    tagprobe = Path(sys.executable).with_name("tagprobe")
    completed = subprocess.run(
        [str(tagprobe), "run", str(scenario), f"--base-url={pages}", f"--tagprobe-reports={reports}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PASSWORD": PASSWORD, "TOKEN": TOKEN},
    )
    assert completed.returncode == 1, completed.stdout[-3000:]
    results = json.loads((reports / "results.json").read_text(encoding="utf-8"))
    masking = next(check for check in results["scenarios"][0]["checks"] if check["check"] == "masking")
    assert masking["status"] == "failed"
    summaries = [evidence["summary"] for evidence in masking["evidence"]]
    assert any(summary.startswith("*** (typed in step 3, ") for summary in summaries), summaries
    raw_uploads = next(reports.rglob("uploads.jsonl")).read_text(encoding="utf-8")
    halves = [f'"{PASSWORD[:5]}"', f'"{PASSWORD[5:]}"']
    sent = [half for half in halves if half in raw_uploads]
    assert sent == halves, (
        "the tag sent the split halves before the page closed (the scenario ends with a wait_for)"
    )
    assert any(
        summary.startswith("*** (from the environment, in the scenario's url)") for summary in summaries
    )
    assert results["scenarios"][0]["name"] == "Secret login ***"

    html = (reports / "index.html").read_text(encoding="utf-8")
    shown = {
        "results.json": (reports / "results.json").read_text(encoding="utf-8"),
        "index.html": html,
        "replay data": "\n".join(replay_payloads(html)),
        "folder names": "\n".join(str(path.relative_to(reports)) for path in reports.rglob("*")),
        "output": completed.stdout + completed.stderr,
    }
    assert "Welcome back ***" in shown["replay data"], "the replay holds the page's echo, redacted"
    assert '"***"' in shown["replay data"], "the halves of the split secret, redacted"
    for secret in (PASSWORD, TOKEN):
        for form in forms(secret):
            for where, text in shown.items():
                assert form.casefold() not in text.casefold(), f"{form!r} in {where}"
    assert not re.search(r"Tr•+3x|Tr•+", html), "no part of a secret, not even its ends"
