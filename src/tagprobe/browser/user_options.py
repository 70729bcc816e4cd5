"""The user's own browser settings: extra launch arguments, init scripts and the automation flag, from the
command line and from the ini file pytest reads (`[tool.pytest.ini_options]` in pyproject.toml)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tagprobe.errors import TagprobeError


@dataclass(frozen=True, slots=True)
class UserBrowserOptions:
    launch_args: tuple[str, ...] = ()
    """Added to tagprobe's own Chromium arguments (browser/launch.py merges --disable-blink-features)."""
    init_scripts: tuple[Path, ...] = ()
    """Run in every page, before the page's own scripts."""
    automation_flag: bool = False
    """True: navigator.webdriver stays true, as Playwright leaves it."""


def user_browser_options(
    *,
    cli_args: Sequence[str] = (),
    cli_scripts: Sequence[str] = (),
    cli_automation_flag: bool = False,
    ini_args: Sequence[str] = (),
    ini_scripts: Sequence[str] = (),
    ini_automation_flag: bool = False,
    ini_folder: Path = Path(),
) -> UserBrowserOptions:
    """The ini file's settings, then the command line's. Script paths on the command line are relative to
    the current folder, those in the ini file to the file's folder; a missing script is a usage error."""
    scripts = [
        *(_script(ini_folder / path, f"tagprobe_init_scripts ({path})") for path in ini_scripts),
        *(_script(Path(path), f"--init-script {path}") for path in cli_scripts),
    ]
    args = [*ini_args, *cli_args]
    for arg in args:
        if not arg.startswith("-"):
            raise TagprobeError(
                f"browser argument {arg!r} is not a Chromium switch",
                hint="write it as --name or --name=value, e.g. --browser-arg=--lang=de-DE",
            )
    return UserBrowserOptions(tuple(args), tuple(scripts), cli_automation_flag or ini_automation_flag)


def _script(path: Path, source: str) -> Path:
    resolved = path.expanduser().resolve()
    if not resolved.is_file():
        raise TagprobeError(f"{source}: no such file: {resolved}", hint="give the path of a JavaScript file")
    return resolved
