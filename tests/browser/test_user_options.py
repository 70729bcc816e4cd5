"""The user's launch arguments, init scripts and automation flag, and how they join tagprobe's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from tagprobe.browser.launch import QUIET_CHROMIUM_ARGS, BrowserSettings, launch_args
from tagprobe.browser.user_options import user_browser_options
from tagprobe.errors import TagprobeError


def test_by_default_the_browser_hides_the_automation_flag() -> None:
    assert launch_args((), automation_flag=False) == [
        *QUIET_CHROMIUM_ARGS,
        "--disable-blink-features=AutomationControlled",
    ]
    assert launch_args((), automation_flag=True) == list(QUIET_CHROMIUM_ARGS)


def test_the_users_disabled_blink_features_are_merged_into_one_argument() -> None:
    args = launch_args(("--lang=de-DE", "--disable-blink-features=Foo,Bar"), automation_flag=False)
    assert args == [
        *QUIET_CHROMIUM_ARGS,
        "--disable-blink-features=AutomationControlled,Foo,Bar",
        "--lang=de-DE",
    ]
    assert BrowserSettings(extra_args=("--lang=de-DE",)).launch_options()["args"][-1] == "--lang=de-DE"


def test_ini_settings_come_first_and_script_paths_are_checked(tmp_path: Path) -> None:
    (tmp_path / "stub.js").write_text("window.stub = 1;", encoding="utf-8")
    here = tmp_path / "here.js"
    here.write_text("window.here = 1;", encoding="utf-8")
    options = user_browser_options(
        cli_args=["--lang=fr-FR"],
        cli_scripts=[str(here)],
        ini_args=["--lang=de-DE"],
        ini_scripts=["stub.js"],
        ini_automation_flag=True,
        ini_folder=tmp_path,
    )
    assert options.launch_args == ("--lang=de-DE", "--lang=fr-FR")
    assert options.init_scripts == ((tmp_path / "stub.js").resolve(), here.resolve())
    assert options.automation_flag is True


def test_a_missing_script_or_a_bare_word_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(TagprobeError, match=r"--init-script nope\.js: no such file"):
        user_browser_options(cli_scripts=["nope.js"])
    with pytest.raises(TagprobeError, match="is not a Chromium switch"):
        user_browser_options(cli_args=["lang=de"])
