"""The pytest plugin: collects `*.scenario.yaml` files, one test item per scenario, and writes the reports."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from _pytest._code.code import ExceptionInfo, TerminalRepr

from tagprobe import __version__
from tagprobe.assets import PINNED_VERSION
from tagprobe.browser.launch import BrowserSettings
from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.checks.verdict import CheckStatus
from tagprobe.engine import Engine, EngineOptions
from tagprobe.errors import TagprobeError
from tagprobe.report.artifacts import scenario_slug
from tagprobe.run.recordings import RecordingSettings
from tagprobe.report.html import write_html
from tagprobe.report.results_json import RunInfo, results_document, write_results
from tagprobe.scenario.load import LoadedDocument, is_scenario_file, load_file

BASE_URL_ENV = "TAGPROBE_BASE_URL"
ENGINE_KEY = pytest.StashKey[Engine]()
OUTCOMES_KEY = pytest.StashKey[list[ScenarioOutcome]]()
INVALID_KEY = pytest.StashKey[list[str]]()
STARTED_KEY = pytest.StashKey[tuple[float, str]]()


class ScenarioFailed(Exception):
    """A scenario ran and something it expects did not hold; the message says what and where."""


class ScenarioInvalid(Exception):
    """A scenario document could not be loaded; the message points at the file and line."""


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("tagprobe", "tagprobe: synthetic tests of the Clarity tag")
    group.addoption("--demo-defect", metavar="NAME", help="serve the built-in demo site with this defect")
    group.addoption(
        "--tagprobe-reports", metavar="DIR", default="reports", help="where reports go (default: reports)"
    )
    group.addoption(
        "--browser-path", metavar="PATH", help="the Chromium executable to launch (or TAGPROBE_BROWSER)"
    )
    group.addoption("--connect", metavar="WS_URL", help="run on a remote Playwright browser server instead")
    group.addoption(
        "--allow-host",
        metavar="HOST",
        action="append",
        default=[],
        help="a non-local host the browser may reach (the target site); Clarity's hosts are never reachable",
    )
    group.addoption(
        "--step-timeout", metavar="MS", type=float, default=5000, help="per-step timeout (default 5000)"
    )


def pytest_configure(config: pytest.Config) -> None:
    defect = _option(config, "demo_defect")
    if defect:
        from tagprobe.demo.defects import UnknownDefectError, get_defect

        try:
            get_defect(defect)
        except UnknownDefectError as error:
            raise pytest.UsageError(f"--demo-defect: {error}") from None
    config.stash[OUTCOMES_KEY] = []
    config.stash[INVALID_KEY] = []
    config.stash[STARTED_KEY] = (time.monotonic(), datetime.now(UTC).isoformat(timespec="seconds"))


def _option(config: pytest.Config, name: str, default: Any = None) -> Any:
    try:
        return config.getoption(name)
    except ValueError:
        return default


def engine_options(config: pytest.Config) -> EngineOptions:
    """One reading of the options for the CLI and for pytest; pytest-playwright's own options are honoured."""
    base_url = _option(config, "base_url") or os.environ.get(BASE_URL_ENV) or None
    browser = BrowserSettings(
        headless=not _option(config, "headed", False),
        slow_mo_ms=float(_option(config, "slowmo", 0) or 0),
        channel=_option(config, "browser_channel"),
        connect_url=_option(config, "connect"),
    )
    return EngineOptions(
        reports_dir=Path(_option(config, "tagprobe_reports", "reports")).resolve(),
        base_url=base_url,
        demo_defect=_option(config, "demo_defect"),
        browser=browser,
        browser_path=_option(config, "browser_path"),
        allowed_hosts=tuple(_option(config, "allow_host", []) or ()),
        step_timeout_ms=float(_option(config, "step_timeout", 5000)),
        recordings=RecordingSettings(
            tracing=str(_option(config, "tracing", "off") or "off"),
            video=str(_option(config, "video", "off") or "off"),
        ),
    )


def _engine(config: pytest.Config) -> Engine:
    if ENGINE_KEY not in config.stash:
        config.stash[ENGINE_KEY] = Engine(engine_options(config))
    return config.stash[ENGINE_KEY]


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if is_scenario_file(file_path):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        seen: set[str] = set()
        for document in load_file(self.path):
            name = document.name if document.name not in seen else f"{document.name} #{document.index + 1}"
            seen.add(name)
            item = ScenarioItem.from_parent(self, name=name, document=document)
            for mark in document.scenario.marks if document.scenario else ():
                self.config.addinivalue_line("markers", f"{mark}: a scenario mark")
                item.add_marker(mark)
            yield item


class ScenarioItem(pytest.Item):
    def __init__(self, *, document: LoadedDocument, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.document = document

    def runtest(self) -> None:
        if self.document.problems:
            self.config.stash[INVALID_KEY].append(self.nodeid)
            raise ScenarioInvalid("\n".join(str(problem) for problem in self.document.problems))
        scenario = self.document.scenario
        assert scenario is not None
        slug = scenario_slug(self.path.name.split(".")[0], scenario.name, self.document.index)
        outcome = _engine(self.config).run(scenario, slug)
        self.config.stash[OUTCOMES_KEY].append(outcome)
        self.user_properties.extend(
            (f"check.{verdict.check}", f"{verdict.status.value}: {verdict.message}")
            for verdict in outcome.verdicts
        )
        if outcome.status is CheckStatus.FAILED:
            raise ScenarioFailed(outcome.failure_summary())

    def repr_failure(self, excinfo: ExceptionInfo[BaseException], style: Any = None) -> str | TerminalRepr:
        if isinstance(excinfo.value, ScenarioFailed | ScenarioInvalid | TagprobeError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.document.line - 1, f"scenario: {self.name}"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    engine = config.stash.get(ENGINE_KEY, None)
    outcomes = config.stash.get(OUTCOMES_KEY, [])
    try:
        if outcomes and engine is not None:
            started, started_at = config.stash[STARTED_KEY]
            info = RunInfo(
                tagprobe_version=__version__,
                tag_version=PINNED_VERSION,
                browser=engine.browser_description,
                base_url=engine.base_url,
                started_at=started_at,
                duration_ms=round((time.monotonic() - started) * 1000, 1),
            )
            reports_dir = engine.options.reports_dir
            document = results_document(outcomes, info, reports_dir)
            write_results(reports_dir, document)
            write_html(reports_dir, document)
    finally:
        if engine is not None:
            engine.close()
    if config.stash.get(INVALID_KEY, []) and exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        session.exitstatus = pytest.ExitCode.USAGE_ERROR


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    engine = config.stash.get(ENGINE_KEY, None)
    if engine is not None and config.stash.get(OUTCOMES_KEY, []):
        terminalreporter.write_line(f"tagprobe report: {engine.options.reports_dir / 'index.html'}")
