"""The pytest plugin: collects `*.scenario.yaml` files, one test item per scenario, and writes the reports."""

from __future__ import annotations

import os
import sys
import time
import warnings
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from _pytest._code.code import ExceptionInfo, TerminalRepr
from playwright.sync_api import Error as PlaywrightError

from tagprobe import __version__, clarity_fixture, playwright_session
from tagprobe.assets import PINNED_VERSION
from tagprobe.balance import expected_ms, longest_first
from tagprobe.browser.launch import BrowserSettings
from tagprobe.browser.locate import BROWSER_ENV, BrowserChoice
from tagprobe.browser.user_options import UserBrowserOptions, user_browser_options
from tagprobe.capture.allowed_hosts import DisallowedHostError, allowed_hosts
from tagprobe.capture.sealing import refuse_egress_args, sealing_args
from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.checks.verdict import CheckStatus
from tagprobe.detect.config import DetectorConfig
from tagprobe.engine import Engine, EngineOptions
from tagprobe.errors import SetupError, TagprobeError
from tagprobe.parallel import WORKER_OUTPUT_KEY, WorkerResults, combined_results, drawn_pictures
from tagprobe.remote import connect_url
from tagprobe.report.artifacts import file_label, scenario_slug
from tagprobe.report.ci_text import log_text
from tagprobe.report.folder import ensure_writable
from tagprobe.report.github import publish_github
from tagprobe.report.html import prepare_in_background, write_html
from tagprobe.report.pictures import PictureDrawer, ScenarioPictures
from tagprobe.report.redaction import Redactor
from tagprobe.report.results_json import ResultsDocument, RunInfo, results_document, write_results
from tagprobe.run.recordings import RecordingSettings
from tagprobe.run.settings import StepPictures
from tagprobe.scenario.devices import playwright_device_names
from tagprobe.scenario.hidden import redacted_values
from tagprobe.scenario.load import LoadedDocument, is_scenario_file, load_file
from tagprobe.scenario.problems import did_you_mean
from tagprobe.shard import Shard, ShardError

BASE_URL_ENV = "TAGPROBE_BASE_URL"
ENGINE_KEY = pytest.StashKey[Engine]()
OUTCOMES_KEY = pytest.StashKey[list[ScenarioOutcome]]()
INVALID_KEY = pytest.StashKey[list[str]]()
STARTED_KEY = pytest.StashKey[tuple[float, str]]()
SHARD_KEY = pytest.StashKey[Shard | None]()
WORKER_RESULTS_KEY = pytest.StashKey[list[WorkerResults]]()
REPORT_KEY = pytest.StashKey[Path]()
SITE_KEY = pytest.StashKey[str]()
WRITTEN_KEY = pytest.StashKey[tuple[tuple[int, int, bool], ResultsDocument]]()
"""The reports written before the session's teardown: what they held (outcomes, invalid documents,
interrupted), and their document, published to GitHub at the end like any other."""
START_FAILURE_KEY = pytest.StashKey[TagprobeError]()
PICTURES_KEY = pytest.StashKey[PictureDrawer]()
"""Draws the report's pictures of each scenario this process ran while it runs the next."""


class ScenarioFailed(Exception):
    """A scenario ran and something it expects did not hold; the message says what and where."""


class ScenarioInvalid(Exception):
    """A scenario document could not be loaded; the message points at the file and line."""


class TagprobeWarning(UserWarning):
    """A check passed with findings it fails on only when asked (`usage: {strict: true}`): shown in pytest's
    warnings summary, next to the scenario."""


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("tagprobe", "tagprobe: synthetic tests of the Clarity tag")
    group.addoption("--demo-defect", metavar="NAME", help="serve the built-in demo site with this defect")
    group.addoption(
        "--tagprobe-reports", metavar="DIR", default="reports", help="where reports go (default: reports)"
    )
    group.addoption(
        "--browser-path", metavar="PATH", help="the Chromium executable to launch (or TAGPROBE_BROWSER)"
    )
    group.addoption(
        "--connect",
        metavar="WS_URL",
        help="run on a Playwright browser server (playwright run-server) sharing this machine's network",
    )
    group.addoption(
        "--allow-host",
        metavar="HOST",
        action="append",
        default=[],
        help="an exact non-local host name the browser may reach (the site under test; repeatable). Patterns, lists "
        "and Clarity's hosts are refused",
    )
    group.addoption(
        "--step-timeout", metavar="MS", type=float, default=5000, help="per-step timeout (default 5000)"
    )
    group.addoption(
        "--step-screenshots",
        choices=("pages", "steps", "off", "on"),
        default="pages",
        help="pictures for the report: 'pages' (default) after the first step on each page, for the click heatmaps, "
        "and after a failed step; 'steps' (or 'on') after every step, for a thumbnail each; 'off' none",
    )
    group.addoption(
        "--automation-flag",
        action="store_true",
        default=None,
        help="let pages see navigator.webdriver true, as Playwright leaves it (default: false, a person's browser)",
    )
    group.addoption(
        "--browser-arg",
        metavar="ARG",
        action="append",
        default=[],
        help="an extra Chromium launch argument, e.g. --browser-arg=--lang=de-DE (repeatable)",
    )
    group.addoption(
        "--init-script",
        metavar="PATH",
        action="append",
        default=[],
        help="a JavaScript file run in every page before the page's own scripts (repeatable)",
    )
    parser.addini("tagprobe_browser_args", "extra Chromium launch arguments", type="args", default=[])
    parser.addini(
        "tagprobe_init_scripts", "JavaScript files run in every page first", type="paths", default=[]
    )
    parser.addini(
        "tagprobe_automation_flag", "pages see navigator.webdriver true", type="bool", default=False
    )
    group.addoption(
        "--shard",
        metavar="INDEX/COUNT",
        help="run only this deterministic slice of the scenarios, e.g. 2/4 (for CI matrices; see tagprobe merge)",
    )


def chromium_refusal(config: pytest.Config) -> str | None:
    """Why scenarios cannot run with pytest-playwright's --browser choice, if they cannot."""
    browsers = _option(config, "browser") or []
    if not browsers or "chromium" in browsers:
        return None
    return (
        f"--browser {' '.join(browsers)}: tagprobe runs the Clarity tag in Chromium only (it captures uploads "
        "and page events through Chromium), so scenario files need --browser chromium; pytest-playwright's "
        "own tests may add other browsers (--browser chromium --browser firefox)"
    )


def _check_device(config: pytest.Config) -> None:
    device = _option(config, "device")
    known = playwright_device_names()
    if device and known is not None and device not in known:
        hint = did_you_mean(device, known) or "see the names in Playwright's device list (playwright.devices)"
        raise pytest.UsageError(f"--device {device!r}: unknown device. {hint}")


def pytest_configure(config: pytest.Config) -> None:
    _check_device(config)
    defect = _option(config, "demo_defect")
    if defect:
        from tagprobe.demo.defects import UnknownDefectError, get_defect

        try:
            get_defect(defect)
        except UnknownDefectError as error:
            raise pytest.UsageError(f"--demo-defect: {error}") from None
    _user_browser_options(config)
    try:
        allowed_hosts(_option(config, "allow_host", []) or ())
    except DisallowedHostError as error:
        raise pytest.UsageError(str(error)) from None
    try:
        DetectorConfig.load()
    except TagprobeError as error:
        raise pytest.UsageError(str(error)) from None
    shard = _option(config, "shard")
    try:
        config.stash[SHARD_KEY] = Shard.parse(shard) if shard else None
    except ShardError as error:
        raise pytest.UsageError(str(error)) from None
    playwright_session.register(config)
    if playwright_session.uses_pytest_playwright(config):
        clarity_fixture.register(config)
    config.stash[OUTCOMES_KEY] = []
    config.stash[INVALID_KEY] = []
    config.stash[WORKER_RESULTS_KEY] = []
    config.stash[PICTURES_KEY] = PictureDrawer()
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
    )
    user = _user_browser_options(config)
    browser = replace(browser, extra_args=user.launch_args, automation_flag=user.automation_flag)
    remote = _option(config, "connect")
    hosts = allowed_hosts(_option(config, "allow_host", []) or ())
    if remote:
        sealed = replace(browser, extra_args=(*browser.extra_args, *sealing_args(hosts, browser.extra_args)))
        browser = _remote_browser(remote, sealed, _option(config, "browser_path"))
    return EngineOptions(
        init_scripts=user.init_scripts,
        reports_dir=Path(_option(config, "tagprobe_reports", "reports")).resolve(),
        base_url=base_url,
        demo_defect=_option(config, "demo_defect"),
        browser=browser,
        browser_path=_option(config, "browser_path"),
        allowed_hosts=hosts,
        step_timeout_ms=float(_option(config, "step_timeout", 5000)),
        step_pictures=_step_pictures(_option(config, "step_screenshots", StepPictures.PAGES.value)),
        default_device=_option(config, "device"),
        recordings=RecordingSettings(
            tracing=str(_option(config, "tracing", "off") or "off"),
            video=str(_option(config, "video", "off") or "off"),
            screenshot=str(_option(config, "screenshot", "off") or "off"),
            full_page_screenshot=bool(_option(config, "full_page_screenshot", False)),
            output_dir=_output_folder(config),
        ),
    )


def _step_pictures(choice: str) -> StepPictures:
    """`on`, the setting's older name for a picture after every step, is still understood."""
    return StepPictures.STEPS if choice == "on" else StepPictures(choice)


PYTEST_PLAYWRIGHT_OUTPUT = "test-results"
"""pytest-playwright's default --output. Left at it, a scenario's recordings stay in its reports folder, which
is then complete on its own (a CI artifact, `tagprobe merge`)."""


def _output_folder(config: pytest.Config) -> Path | None:
    output = _option(config, "output")
    return Path(output).resolve() if output and output != PYTEST_PLAYWRIGHT_OUTPUT else None


def _user_browser_options(config: pytest.Config) -> UserBrowserOptions:
    """--browser-arg, --init-script and --automation-flag, after the ini file's tagprobe_* settings."""
    try:
        options = user_browser_options(
            cli_args=_option(config, "browser_arg", []) or (),
            cli_scripts=_option(config, "init_script", []) or (),
            cli_automation_flag=bool(_option(config, "automation_flag", False)),
            ini_args=_ini(config, "tagprobe_browser_args"),
            ini_scripts=[str(path) for path in _ini(config, "tagprobe_init_scripts")],
            ini_automation_flag=bool(_ini(config, "tagprobe_automation_flag") or False),
            ini_folder=config.inipath.parent if config.inipath else config.rootpath,
        )
        refuse_egress_args(options.launch_args)
    except TagprobeError as error:
        raise pytest.UsageError(str(error)) from None
    return options


def _ini(config: pytest.Config, name: str) -> Any:
    try:
        return config.getini(name)
    except ValueError:
        return []


def _remote_browser(url: str, local: BrowserSettings, browser_path: str | None) -> BrowserSettings:
    """The server launches the browser with the options tagprobe would use here. It is told an executable only
    when the user names one (--browser-path, TAGPROBE_BROWSER), unchecked here: the path is the server's."""
    explicit = browser_path or os.environ.get(BROWSER_ENV)
    source = "--browser-path" if browser_path else BROWSER_ENV
    choice = BrowserChoice(Path(explicit), f"{source}, on the browser server") if explicit else None
    settings = replace(local, choice=choice)
    return replace(settings, connect_url=connect_url(url, settings))


def _engine(config: pytest.Config) -> Engine:
    if ENGINE_KEY not in config.stash:
        config.stash[ENGINE_KEY] = Engine(engine_options(config))
    return config.stash[ENGINE_KEY]


def _started_engine(config: pytest.Config, engine: Engine) -> Engine:
    """The engine, started by the first scenario. When it cannot start, every scenario fails with that first
    reason: a second start in the same process would only report that Playwright is already running."""
    failure = config.stash.get(START_FAILURE_KEY, None)
    if failure is not None:
        raise failure
    try:
        engine.start()
    except TagprobeError as error:
        config.stash[START_FAILURE_KEY] = _EngineDidNotStart(error.message, hint=error.hint)
        raise config.stash[START_FAILURE_KEY] from None
    except PlaywrightError as error:
        config.stash[START_FAILURE_KEY] = _start_failure(error, _option(config, "connect"))
        raise config.stash[START_FAILURE_KEY] from None
    return engine


class _EngineDidNotStart(TagprobeError):
    """The browser, the demo site or the pinned builds could not be started."""


def _start_failure(error: PlaywrightError, remote: str | None) -> TagprobeError:
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if not remote:
        return _EngineDidNotStart(
            f"the browser could not be started: {reason}",
            hint=f"point --browser-path or {BROWSER_ENV} at a Chromium that runs on this machine",
        )
    return _EngineDidNotStart(
        f"the browser server at {remote} gave no browser: {reason}",
        hint="check that `playwright run-server` (the same Playwright version) listens there; to run a "
        "Chromium of the server's own, start the server with --unsafe and pass its path as --browser-path",
    )


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


ENGINE_FIXTURE = "_tagprobe_engine"


@pytest.fixture(scope="session")
def _tagprobe_engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """The session's engine (started by the first scenario that runs), sharing pytest-playwright's Playwright."""
    yield from playwright_session.engine_fixture(request, _engine(request.config))


def _scenario_fixtures(_tagprobe_engine: Engine) -> None:
    """The fixtures a scenario item asks for; ScenarioItem.runtest does the work."""


class ScenarioItem(pytest.Function):
    """A pytest test function in all but its body, so that it gets fixtures (the engine, and through it
    pytest-playwright's Playwright and `browser_type_launch_args`) like any test next to it."""

    def __init__(self, *, document: LoadedDocument, **kwargs: Any) -> None:
        super().__init__(callobj=_scenario_fixtures, **kwargs)
        self.document = document

    def runtest(self) -> None:
        if self.document.problems:
            self.config.stash[INVALID_KEY].append(self.nodeid)
            raise ScenarioInvalid("\n".join(str(problem) for problem in self.document.problems))
        scenario = self.document.scenario
        assert scenario is not None
        refusal = chromium_refusal(self.config)
        if refusal is not None:
            raise TagprobeError(refusal)
        label = file_label(self.path, self.config.rootpath)
        slug = scenario_slug(label, scenario.name, self.document.index, redacted_values(scenario))
        engine = self.funcargs[ENGINE_FIXTURE]
        assert isinstance(engine, Engine)
        try:
            outcome = _started_engine(self.config, engine).run(scenario, slug)
        except (SetupError, _EngineDidNotStart) as error:
            # A fault of this machine (no browser, no Node, no pinned builds), not of the scenario: one line
            # and pytest's usage-error exit (`tagprobe run` exits 2), instead of failing every scenario.
            pytest.exit(f"tagprobe: {error.one_line()}", returncode=pytest.ExitCode.USAGE_ERROR)
        self.config.stash[OUTCOMES_KEY].append(outcome)
        self.config.stash[PICTURES_KEY].draw(outcome, engine.options.reports_dir)
        redactor = Redactor.for_scenario(scenario)
        self.user_properties.extend(
            (f"check.{verdict.check}", log_text(redactor.text(f"{verdict.status.value}: {verdict.message}")))
            for verdict in outcome.verdicts
        )
        for verdict in outcome.verdicts:
            if verdict.warned:
                warnings.warn(
                    TagprobeWarning(redactor.text(f"{verdict.check}: {verdict.message}")), stacklevel=1
                )
        if outcome.status is CheckStatus.FAILED:
            raise ScenarioFailed(log_text(redactor.text(outcome.failure_summary())))

    def repr_failure(self, excinfo: ExceptionInfo[BaseException], style: Any = None) -> str | TerminalRepr:
        if isinstance(excinfo.value, ScenarioFailed | ScenarioInvalid | TagprobeError):
            return log_text(str(excinfo.value))
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.document.line - 1, f"scenario: {self.name}"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    clarity_fixture.start_recording(item, _engine(item.config))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    if nextitem is None and isinstance(item, ScenarioItem) and not _is_xdist_worker(item.config):
        _write_reports_before_teardown(
            item.config
        )  # the report draws this scenario's pictures, after results.json
    else:
        item.config.stash[PICTURES_KEY].start()
    try:
        return (yield)
    finally:
        clarity_fixture.stop_recording(item)


def _written(config: pytest.Config, interrupted: bool) -> tuple[int, int, bool]:
    return len(config.stash.get(OUTCOMES_KEY, [])), len(config.stash.get(INVALID_KEY, [])), interrupted


def _write_reports_before_teardown(config: pytest.Config) -> None:
    """The session's last item was a scenario, so this process has every result: the reports are written now,
    before the session's fixtures close the browser (~150 ms), not after. pytest_sessionfinish writes them
    again only if something changed since (an interruption, a late result)."""
    if _is_xdist_worker(config):
        return
    own = WorkerResults.from_document(_own_results(config), len(config.stash.get(INVALID_KEY, [])))
    try:
        document = _write_reports(config, [*config.stash.get(WORKER_RESULTS_KEY, []), own], interrupted=False)
    except OSError:
        return  # pytest_sessionfinish tries again and says why it failed
    if document is not None:
        config.stash[WRITTEN_KEY] = (_written(config, interrupted=False), document)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """After -k and -m have deselected, so that every shard gets its share of what is left; under pytest-xdist,
    the shard's scenarios are then handed out longest first."""
    if any(isinstance(item, ScenarioItem) for item in items):
        refusal = chromium_refusal(config)
        if refusal is not None:
            raise pytest.UsageError(refusal)
        try:
            ensure_writable(engine_options(config).reports_dir, "--tagprobe-reports")
        except SetupError as error:
            pytest.exit(f"tagprobe: {error.one_line()}", returncode=pytest.ExitCode.USAGE_ERROR)
        if not _is_xdist_worker(config):
            prepare_in_background()
    shard = config.stash.get(SHARD_KEY, None)
    if shard is not None:
        kept, others = shard.split(items)
        if others:
            config.hook.pytest_deselected(items=others)
        items[:] = kept
    if _is_xdist_worker(config):
        items[:] = _longest_scenarios_first(items)


def _longest_scenarios_first(items: list[pytest.Item]) -> list[pytest.Item]:
    """pytest-xdist hands items out in collection order (every worker collects the same): scenarios longest
    expected first, so no worker idles at the end while another runs a long scenario it took up last."""
    window = DetectorConfig.load().dead_click_window_ms

    def cost(item: pytest.Item) -> float | None:
        if not isinstance(item, ScenarioItem):
            return None
        scenario = item.document.scenario
        return expected_ms(scenario, window) if scenario is not None else 0.0

    return longest_first(items, cost)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: Any, ids: list[str]) -> None:
    """pytest-xdist, on the controller (which writes the report): the workers will run scenarios."""
    if any(is_scenario_file(Path(node_id.partition("::")[0])) for node_id in ids):
        prepare_in_background()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """pytest-xdist, on the controller: a worker finished and handed over its results."""
    output = getattr(node, "workeroutput", {}).get(WORKER_OUTPUT_KEY)
    if output is not None:
        node.config.stash[WORKER_RESULTS_KEY].append(WorkerResults.from_text(output))


def _is_xdist_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def _own_results(config: pytest.Config) -> ResultsDocument | None:
    """The results of the scenarios this process ran (all of them, unless it is an xdist worker)."""
    engine = config.stash.get(ENGINE_KEY, None)
    outcomes = config.stash.get(OUTCOMES_KEY, [])
    if not outcomes or engine is None:
        return None
    document = results_document(
        outcomes,
        _run_info(config, engine.browser_description, engine.base_url, engine.options),
        engine.options.reports_dir,
    )
    shard = config.stash.get(SHARD_KEY, None)
    if shard is not None:
        document["run"]["shard"] = str(shard)
    return document


def _run_info(config: pytest.Config, browser: str, base_url: str, options: EngineOptions) -> RunInfo:
    started, started_at = config.stash[STARTED_KEY]
    return RunInfo(
        tagprobe_version=__version__,
        tag_version=PINNED_VERSION,
        browser=browser,
        base_url=base_url,
        started_at=started_at,
        duration_ms=round((time.monotonic() - started) * 1000, 1),
        site=_site(config, options),
    )


def _site(config: pytest.Config, options: EngineOptions) -> str:
    """What the run tested, in words. A demo run served with a defect fails exactly as a clean one that lost
    something would (issue #13's lost login tags: the page had never called the tag API), and a base URL
    left in the environment points every run elsewhere: the report says which it was."""
    if options.base_url:
        if _option(config, "base_url"):
            source = "--base-url"
        elif os.environ.get(BASE_URL_ENV):
            source = BASE_URL_ENV
        else:
            source = "browser_context_args"
        return f"the site at the base URL (from {source})"
    if options.demo_defect:
        return f"the built-in demo shop, served with its {options.demo_defect} defect"
    return "the built-in demo shop, without defects"


def _write_reports(
    config: pytest.Config, parts: list[WorkerResults], interrupted: bool
) -> ResultsDocument | None:
    """The reports of the run, and their document; they say so when scenario documents were invalid or the run
    was interrupted. None when there was nothing to report."""
    invalid = sum(part.invalid for part in parts)
    document = combined_results(parts)
    options = engine_options(config)
    if document is None:
        if not invalid and not interrupted:
            return None
        document = results_document(
            [], _run_info(config, "", options.base_url or "", options), options.reports_dir
        )
    started, started_at = config.stash[STARTED_KEY]
    document["run"].update(started_at=started_at, duration_ms=round((time.monotonic() - started) * 1000, 1))
    document["summary"].update(invalid=invalid, interrupted=interrupted)
    write_results(options.reports_dir, document)
    config.stash[SITE_KEY] = str(document["run"].get("site") or "")
    pictures = {**drawn_pictures(parts), **_drawn_here(config)}
    config.stash[REPORT_KEY] = write_html(options.reports_dir, document, pictures)
    return document


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Each process reports what it ran; under pytest-xdist only the controller writes the files, once, for
    the scenarios of every worker. First, so that the controller writes while the workers close their
    browsers (pytest_unconfigure), instead of after."""
    config = session.config
    results, invalid = _own_results(config), len(config.stash.get(INVALID_KEY, []))
    if _is_xdist_worker(config):
        handed_over = WorkerResults.from_document(results, invalid, _drawn_here(config))
        config.workeroutput[WORKER_OUTPUT_KEY] = handed_over.to_text()  # type: ignore[attr-defined]
        return
    own = WorkerResults.from_document(results, invalid)
    parts = [*config.stash.get(WORKER_RESULTS_KEY, []), own]
    interrupted = exitstatus == pytest.ExitCode.INTERRUPTED
    try:
        written = config.stash.get(WRITTEN_KEY, None)
        if written is not None and written[0] == _written(config, interrupted):
            document: ResultsDocument | None = written[1]
        else:
            document = _write_reports(config, parts, interrupted)
        if document is not None:
            publish_github(document, engine_options(config).reports_dir)
    except OSError as error:
        where = f" {error.filename}" if error.filename else ""
        sys.stderr.write(
            f"tagprobe: the reports could not be written to{where} ({error.strerror or type(error).__name__}): "
            "free space or pass --tagprobe-reports a folder you can write\n"
        )
        session.exitstatus = pytest.ExitCode.USAGE_ERROR
        return
    if sum(part.invalid for part in parts) and exitstatus in (
        pytest.ExitCode.OK,
        pytest.ExitCode.TESTS_FAILED,
    ):
        session.exitstatus = pytest.ExitCode.USAGE_ERROR


def _drawn_here(config: pytest.Config) -> dict[str, ScenarioPictures]:
    """The pictures of the scenarios this process ran, once drawn."""
    drawer = config.stash.get(PICTURES_KEY, None)
    return drawer.drawn() if drawer is not None else {}


def pytest_unconfigure(config: pytest.Config) -> None:
    drawer = config.stash.get(PICTURES_KEY, None)
    if drawer is not None:
        drawer.close()
    engine = config.stash.get(ENGINE_KEY, None)
    if engine is not None:
        engine.close()


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    report = config.stash.get(REPORT_KEY, None)
    if report is not None:
        site = config.stash.get(SITE_KEY, "")
        if site:
            terminalreporter.write_line(f"tagprobe tested {site}")
        terminalreporter.write_line(f"tagprobe report: {report}")
