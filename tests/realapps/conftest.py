"""Real web apps installed from a package registry (not written here), served from loopback, with a helper that
runs an inline scenario against one through the real pipeline (real tag, real browser, real HTTP)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Playwright

from tagprobe.assets import PinnedBuilds
from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.checks.verdict import CheckStatus
from tagprobe.engine import ScenarioPipeline
from tagprobe.run.runner import RunSettings
from tagprobe.scenario.load import load_file
from tests.conftest import write_scenario

RunApp = Callable[[str, str], ScenarioOutcome]
ApiHandler = Callable[[str], Mapping[str, Any] | None]
"""path with query -> the JSON answer, or None for a file of the served folder."""

OFFICIAL_SNIPPET = """<script type="text/javascript">
    (function(c,l,a,r,i,t,y){
        c[a]=c[a]||function(){(c[a].q=c[a].q||[]).push(arguments)};
        t=l.createElement(r);t.async=1;t.src="https://www.clarity.ms/tag/"+i;
        y=l.getElementsByTagName(r)[0];y.parentNode.insertBefore(t,y);
    })(window, document, "clarity", "script", "realapp01");
</script>"""
"""Clarity's install snippet, as its setup page hands it out."""


class _Files(SimpleHTTPRequestHandler):
    api: ApiHandler = staticmethod(lambda path: None)

    def do_GET(self) -> None:
        answer = type(self).api(self.path)
        if answer is None:
            super().do_GET()
            return
        body = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def build_mkdocs_site(project: Path) -> Path:
    """Builds the mkdocs project (its mkdocs.yml and docs/) with the mkdocs installed from PyPI; the site folder."""
    site = project / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)],
        cwd=project,
        check=True,
        timeout=120,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return site


@contextmanager
def serve(directory: Path, api: ApiHandler | None = None) -> Iterator[str]:
    """The folder over HTTP on 127.0.0.1 (and `api` answering JSON where it wants to); yields the base URL."""
    handler = type("AppFiles", (_Files,), {"api": staticmethod(api or (lambda path: None))})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def run_app(
    real_browser: Browser, builds: PinnedBuilds, tmp_path: Path, tagprobe_playwright: Playwright
) -> RunApp:
    """run_app(yaml_text, base_url) -> the ScenarioOutcome of the first scenario in the text."""

    def run(text: str, base_url: str) -> ScenarioOutcome:
        documents = load_file(write_scenario(tmp_path, text))
        scenario = documents[0].scenario
        assert scenario is not None, [str(problem) for problem in documents[0].problems]
        settings = RunSettings(
            base_url=base_url,
            output_dir=tmp_path / "reports",
            builds=builds,
            devices=tagprobe_playwright.devices,
        )
        return ScenarioPipeline(real_browser, settings).run(scenario, "realapp")

    return run


def verdicts_of(outcome: ScenarioOutcome) -> dict[str, str]:
    """check -> status, and each failure's message, for one assertion that shows everything on failure."""
    return {
        verdict.check: verdict.status.value
        + (f": {verdict.message}" if verdict.status is CheckStatus.FAILED else "")
        for verdict in outcome.verdicts
    }


def failed_steps(outcome: ScenarioOutcome) -> list[str]:
    return [f"{result.step.location}: {result.error}" for result in outcome.record.steps if result.error]
