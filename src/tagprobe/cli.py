"""The `tagprobe` command: a thin wrapper over pytest for runs, plus the commands that need no browser."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from tagprobe.errors import SetupError, TagprobeError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
DEFAULT_SCENARIOS = "scenarios"
DEFAULT_REPORTS = "reports"

USAGE = """tagprobe COMMAND [...]

commands:
  run [PATHS] [pytest options]   run scenarios (default: ./scenarios against the built-in demo site);
                                 -n auto runs them in parallel, --shard 2/4 runs one slice of them
  merge DIR... [-o OUT]          combine the reports of several runs (e.g. CI shards) into one
  validate PATHS                 check scenario files without starting a browser
  detect FILE... [--format table|json] [--config KEY=VALUE]
                                 frustration signals from saved uploads.jsonl files
  schema                         print the scenario JSON Schema (for editor autocompletion)
  demo-site [--defect NAME]      serve the built-in demo site until Ctrl-C

exit codes: 0 all passed, 1 a scenario failed, 2 a usage or configuration error, 130 interrupted
"""


def _pytest_exit_code(code: int) -> int:
    import pytest

    if code == pytest.ExitCode.OK:
        return EXIT_OK
    if code == pytest.ExitCode.TESTS_FAILED:
        return EXIT_FAILED
    if code == pytest.ExitCode.INTERRUPTED:
        return EXIT_INTERRUPTED
    return EXIT_USAGE


def run(arguments: Sequence[str]) -> int:
    """`tagprobe run`: pytest with the plugin, so -k, -x, -m, --lf, --junitxml and pytest-playwright's options
    work; what it adds to a plain pytest run is decided from pytest's own reading of the command line."""
    import pytest

    from tagprobe.run_defaults import RunDefaults

    code = pytest.main(["--rootdir", ".", *arguments], plugins=[RunDefaults()])
    if code == pytest.ExitCode.NO_TESTS_COLLECTED:
        print("tagprobe run: no scenarios found (files must end in .scenario.yaml)", file=sys.stderr)
    return _pytest_exit_code(code)


def merge(arguments: Sequence[str]) -> int:
    """`tagprobe merge`: one report, one results.json and one junit.xml from several runs' report folders."""
    from tagprobe.merge import merge_report_folders

    parser = argparse.ArgumentParser(
        prog="tagprobe merge", description="Combine the report folders of several runs (e.g. CI shards)."
    )
    parser.add_argument("folders", nargs="+", metavar="DIR", help="a reports folder written by tagprobe run")
    parser.add_argument(
        "-o", "--output", default=DEFAULT_REPORTS, metavar="OUT", help="where the merged report goes"
    )
    options = parser.parse_args(arguments)
    try:
        merged = merge_report_folders([Path(folder) for folder in options.folders], Path(options.output))
    except OSError as error:
        where = f" {error.filename}" if error.filename else ""
        raise SetupError(
            f"cannot read or write{where} ({error.strerror or type(error).__name__})",
            hint="check that every DIR is a readable reports folder and that -o names a folder you can write",
        ) from None
    summary = merged.document["summary"]
    print(
        f"merged {summary.get('total', 0)} scenario(s) from {len(options.folders)} folder(s): "
        f"{summary.get('passed', 0)} passed, {merged.failed} failed"
    )
    print(f"tagprobe report: {merged.folder / 'index.html'}")
    if merged.missing_shards:
        missing = ", ".join(str(number) for number in merged.missing_shards)
        print(f"tagprobe merge: shard(s) {missing} missing: the report is incomplete", file=sys.stderr)
    return EXIT_FAILED if merged.failed or merged.missing_shards else EXIT_OK


def validate(paths: Sequence[str]) -> int:
    from tagprobe.detect.config import DetectorConfig
    from tagprobe.scenario.load import is_scenario_file, load_file

    files: list[Path] = []
    for raw in paths or [DEFAULT_SCENARIOS]:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(file for file in path.rglob("*") if is_scenario_file(file)))
        elif path.is_file():
            files.append(path)
        else:
            print(f"tagprobe validate: {raw}: no such file or folder", file=sys.stderr)
            return EXIT_USAGE
    problems = 0
    scenarios = 0
    for file in files:
        for document in load_file(file):
            scenarios += document.scenario is not None
            for problem in document.problems:
                problems += 1
                print(problem)
    try:
        DetectorConfig.load()
    except TagprobeError as error:
        problems += 1
        print(error)
    print(f"{len(files)} file(s), {scenarios} valid scenario(s), {problems} problem(s)")
    return EXIT_USAGE if problems else EXIT_OK


def schema() -> int:
    from tagprobe.scenario.schema import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK


def demo_site(arguments: Sequence[str]) -> int:
    from tagprobe.demo import DEFECTS, DemoSite

    parser = argparse.ArgumentParser(prog="tagprobe demo-site", description="Serve the built-in demo shop.")
    parser.add_argument("--defect", choices=sorted(DEFECTS), help="break one guarantee on purpose")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free port)")
    options = parser.parse_args(arguments)
    site = DemoSite(options.defect, port=options.port)
    try:
        site.start()
    except OSError as error:
        raise SetupError(
            f"cannot listen on 127.0.0.1:{options.port} ({error.strerror or type(error).__name__})",
            hint="stop what uses that port, or pick another --port (0 picks a free one)",
        ) from None
    try:
        print(f"Probe Shop at {site.url} (defect: {options.defect or 'none'}); Ctrl-C stops it", flush=True)
        import threading

        threading.Event().wait()
    except KeyboardInterrupt:
        return EXIT_OK
    finally:
        site.stop()
    return EXIT_OK


def detect(arguments: Sequence[str]) -> int:
    from tagprobe.detect.cli import main as detect_main
    from tagprobe.report.ci_text import log_text

    return detect_main(arguments, shown=log_text)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(USAGE)
        return EXIT_OK if args else EXIT_USAGE
    command, rest = args[0], args[1:]
    commands: dict[str, Callable[[], int]] = {
        "run": lambda: run(rest),
        "merge": lambda: merge(rest),
        "validate": lambda: validate(rest),
        "detect": lambda: detect(rest),
        "schema": schema,
        "demo-site": lambda: demo_site(rest),
    }
    if command not in commands:
        from tagprobe.scenario.problems import did_you_mean

        hint = did_you_mean(command, commands)
        print(f"tagprobe: unknown command {command!r}. {hint}\n\n{USAGE}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return commands[command]()
    except SetupError as error:
        print(f"tagprobe {command}: {error.one_line()}", file=sys.stderr)
        return EXIT_USAGE
    except TagprobeError as error:
        print(f"tagprobe {command}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("tagprobe: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
