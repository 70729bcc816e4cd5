"""--browser-arg, --init-script, --automation-flag and their pyproject.toml settings reach the engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from tagprobe.plugin import engine_options

pytest_plugins = ["pytester"]


def test_command_line_and_pyproject_settings_reach_the_browser(pytester: pytest.Pytester) -> None:
    (pytester.path / "scripts").mkdir()
    (pytester.path / "scripts" / "stub.js").write_text("window.stub = 1;", encoding="utf-8")
    (pytester.path / "extra.js").write_text("window.extra = 1;", encoding="utf-8")
    pytester.makepyprojecttoml(
        """
        [tool.pytest.ini_options]
        tagprobe_browser_args = ["--lang=de-DE"]
        tagprobe_init_scripts = ["scripts/stub.js"]
        """
    )
    config = pytester.parseconfig("--browser-arg=--force-dark-mode", "--init-script", "extra.js")
    options = engine_options(config)
    assert options.browser.extra_args == ("--lang=de-DE", "--force-dark-mode")
    assert options.browser.automation_flag is False
    assert "--disable-blink-features=AutomationControlled" in options.browser.launch_options()["args"]
    assert options.init_scripts == (
        (pytester.path / "scripts" / "stub.js").resolve(),
        (pytester.path / "extra.js").resolve(),
    )
    flagged = engine_options(pytester.parseconfig("--automation-flag"))
    assert flagged.browser.automation_flag is True
    assert not any("AutomationControlled" in arg for arg in flagged.browser.launch_options()["args"])


def test_a_missing_init_script_is_a_usage_error(pytester: pytest.Pytester) -> None:
    with pytest.raises(pytest.UsageError, match="no such file"):
        engine_options(pytester.parseconfig("--init-script", str(Path("missing.js"))))
