"""What `tagprobe run` adds to a plain pytest run, decided from pytest's own reading of the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tagprobe.cli import DEFAULT_REPORTS, DEFAULT_SCENARIOS
from tagprobe.demo.scenarios import demo_scenarios
from tagprobe.errors import SetupError
from tagprobe.report.folder import ensure_writable

JUNIT_FILE = "junit.xml"


class RunDefaults:
    """A plugin given to `pytest.main` by `tagprobe run`: ./scenarios when no path is named (the demo's own with
    `--demo-defect` and no ./scenarios), a junit.xml in the reports folder unless --junitxml says otherwise, and
    a clear error for a path that does not exist."""

    def pytest_addoption(self, parser: pytest.Parser) -> None:
        parser.prog = "tagprobe run"

    @pytest.hookimpl(tryfirst=True)
    def pytest_load_initial_conftests(self, early_config: pytest.Config, args: list[str]) -> None:
        known = early_config.known_args_namespace
        named: list[str] = known.file_or_dir
        for path in named:
            if not Path(path.split("::", 1)[0]).exists():
                raise pytest.UsageError(f"tagprobe run: {path}: no such file or folder")
        if not named:
            default = _default_scenarios(bool(getattr(known, "demo_defect", None)))
            args.append(default)
            named.append(default)
        reports = getattr(known, "tagprobe_reports", None) or DEFAULT_REPORTS
        try:
            ensure_writable(Path(reports), "--tagprobe-reports")
        except SetupError as error:
            raise pytest.UsageError(f"tagprobe run: {error.one_line()}") from None
        if not known.xmlpath:
            args.append(f"--junitxml={Path(reports) / JUNIT_FILE}")


def _default_scenarios(demo_defect: bool) -> str:
    """./scenarios when it is there; else, asked to show a defect of the demo shop, the demo's own scenarios
    (they are what shows it); else a usage error naming them."""
    if Path(DEFAULT_SCENARIOS).is_dir():
        return DEFAULT_SCENARIOS
    demo = demo_scenarios()
    if demo and demo_defect:
        return str(demo)
    to_try = f"; the demo's scenarios, for the built-in demo shop: tagprobe run {demo}" if demo else ""
    raise pytest.UsageError(
        f"tagprobe run: no scenario paths given and no ./{DEFAULT_SCENARIOS} folder here{to_try}"
    )
