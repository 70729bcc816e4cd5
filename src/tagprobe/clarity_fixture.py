"""The `clarity` fixture: the real tag on a pytest-playwright test's context, recorded as a scenario's is, and
`clarity.expect({...})` judged by the same checks and detector as a scenario's `expect:`."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext

from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.checks.verdict import CheckStatus, Verdict
from tagprobe.engine import Engine, analyse
from tagprobe.report.artifacts import file_label, scenario_slug
from tagprobe.report.redaction import Redactor
from tagprobe.run.attached import AttachedRecording
from tagprobe.scenario.load import LoadedDocument, load_mapping
from tagprobe.scenario.model import Scenario, SourceLocation

FIXTURE = "clarity"
MARKER = "clarity"
CONTEXT_ARGS_MARKER = "browser_context_args"
RECORDING_KEY = pytest.StashKey[AttachedRecording]()
MAX_EVIDENCE_SHOWN = 5


def register(config: pytest.Config) -> None:
    """Adds the fixture (it builds on pytest-playwright's `context`) and its marker."""
    config.addinivalue_line(
        "markers",
        f"{MARKER}(tag={{...}}): how the `clarity` fixture installs the tag, as a scenario's `tag:`",
    )
    config.pluginmanager.register(sys.modules[__name__], "tagprobe-clarity-fixture")


def _location(item: pytest.Item) -> SourceLocation:
    path, line, _ = item.reportinfo()
    return SourceLocation(Path(path), (line or 0) + 1, "")


def start_recording(item: pytest.Item, engine: Engine) -> None:
    """Before the test's fixtures: the collector and egress guard must exist when pytest-playwright creates the
    context, which then gets them through a `browser_context_args` marker (merged with the test's own)."""
    if FIXTURE not in getattr(item, "fixturenames", ()):
        return
    recording = AttachedRecording(engine.run_settings(), _location(item))
    item.stash[RECORDING_KEY] = recording
    asked: dict[str, Any] = {}
    for marker in reversed(list(item.iter_markers(CONTEXT_ARGS_MARKER))):
        asked.update(marker.kwargs)
    item.add_marker(
        getattr(pytest.mark, CONTEXT_ARGS_MARKER)(**asked, **recording.context_options()), append=False
    )


def stop_recording(item: pytest.Item) -> None:
    recording = item.stash.get(RECORDING_KEY, None)
    if recording is not None:
        del item.stash[RECORDING_KEY]
        recording.close()


class Clarity:
    """What a test holding the `clarity` fixture uses: `expect` ends the recording and judges it."""

    def __init__(
        self,
        item: pytest.Item,
        recording: AttachedRecording,
        context: BrowserContext,
        document: Mapping[str, Any],
        engine: Engine,
        outcomes: list[ScenarioOutcome],
    ) -> None:
        self._item = item
        self._recording = recording
        self._context = context
        self._document = document
        self._engine = engine
        self._outcomes = outcomes
        self.outcome: ScenarioOutcome | None = None

    def expect(self, expectations: Mapping[str, Any] | None = None) -> tuple[Verdict, ...]:
        """Closes the test's pages (the tag sends its last beacon), waits for the uploads, and runs the checks
        a scenario with this `expect:` mapping would. Raises AssertionError with each failed check's message
        and evidence; returns every verdict when all passed."""
        __tracebackhide__ = True
        if self.outcome is not None:
            pytest.fail(
                "clarity.expect() ends the recording and was already called in this test", pytrace=False
            )
        scenario = _scenario(self._item, {**self._document, "expect": dict(expectations or {})})
        record = self._recording.finish(self._context, scenario)
        settings = self._engine.run_settings()
        label = file_label(scenario.location.file, self._item.config.rootpath)
        artifacts_dir = settings.output_dir / "scenarios" / scenario_slug(label, self._item.name, 0)
        self.outcome = analyse(record, settings, artifacts_dir)
        self._outcomes.append(self.outcome)
        if self.outcome.status is CheckStatus.FAILED:
            redactor = Redactor.for_scenario(scenario)
            raise AssertionError(redactor.text(_failure_text(self.outcome)))
        return self.outcome.verdicts


def _failure_text(outcome: ScenarioOutcome) -> str:
    lines = [outcome.failure_summary()]
    for verdict in outcome.failed_verdicts:
        shown = verdict.evidence[:MAX_EVIDENCE_SHOWN]
        lines.extend(
            f"  {verdict.check} evidence: {evidence.summary}"
            for evidence in shown
            if evidence.summary not in verdict.message
        )
        lines.extend(f"    {evidence.excerpt}" for evidence in shown if evidence.excerpt)
        if len(verdict.evidence) > len(shown):
            lines.append(f"  ... and {len(verdict.evidence) - len(shown)} more (see the tagprobe report)")
    return "\n".join(lines)


def _scenario(item: pytest.Item, document: Mapping[str, Any]) -> Scenario:
    location = _location(item)
    loaded = load_mapping(document, location.file)
    if loaded.scenario is None:
        pytest.fail(_problems_text(loaded, location), pytrace=False)
    return replace(loaded.scenario, url="", steps=(), location=location)


def _problems_text(loaded: LoadedDocument, location: SourceLocation) -> str:
    lines = [f"{location}: the clarity fixture's scenario is not valid:"]
    for problem in loaded.problems:
        lines.append(f"  {problem.path}: {problem.message}")
        if problem.hint:
            lines.append(f"    hint: {problem.hint}")
    return "\n".join(lines)


def _tag_document(item: pytest.Item) -> dict[str, Any]:
    marker = item.get_closest_marker(MARKER)
    document: dict[str, Any] = {"name": item.nodeid, "steps": []}
    if marker is not None and "tag" in marker.kwargs:
        document["tag"] = marker.kwargs["tag"]
    return document


@pytest.fixture
def clarity(request: pytest.FixtureRequest, context: BrowserContext, _tagprobe_engine: Engine) -> Clarity:
    """The real Clarity tag on this test's `context` (and so on `page`), every upload captured on this machine.
    Call `clarity.expect({...})` with a scenario's `expect:` mapping at the end of the test."""
    from tagprobe.plugin import OUTCOMES_KEY

    item = request.node
    browser_name = getattr(item, "callspec", None) and item.callspec.params.get("browser_name")
    if browser_name not in (None, "chromium"):
        pytest.skip(f"the clarity fixture runs the Clarity tag in Chromium only, not {browser_name}")
    recording = item.stash[RECORDING_KEY]
    document = _tag_document(item)
    recording.attach(context, _scenario(item, document))
    return Clarity(item, recording, context, document, _tagprobe_engine, request.config.stash[OUTCOMES_KEY])
