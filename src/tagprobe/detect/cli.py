"""`tagprobe detect FILE...`: the frustration signals in saved uploads.jsonl files, without a browser."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from tagprobe.assets import pinned_builds
from tagprobe.capture.uploads_file import UploadsFileError, read_uploads
from tagprobe.decode.session import RecordedSession, decode_session
from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.dead import UnjudgedClick
from tagprobe.detect.detector import detect
from tagprobe.detect.signal import Signal
from tagprobe.errors import TagprobeError

EXIT_OK = 0
EXIT_BAD_INPUT = 2
PROG = "tagprobe detect"
TABLE_COLUMNS = ("PAGE", "AT", "SIGNAL", "COUNT", "ELEMENT", "REASON")


@dataclass(frozen=True, slots=True)
class FileSignals:
    path: Path
    session: RecordedSession
    signals: tuple[Signal, ...]
    undecodable: tuple[str, ...] = ()
    """`file:line: why` for each upload clarity-decode could not read (the rest is still used)."""
    unjudged: tuple[UnjudgedClick, ...] = ()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Detect rage, dead and error clicks, quick backs, excessive scrolling and script errors in "
        "uploads.jsonl files saved by tagprobe runs (one raw Clarity upload per line). Saved uploads cannot show "
        "a popup window a click opened (a live run counts it as a reaction) nor when the next scripted step "
        "began, so a click that only opened a popup may be called dead here.",
    )
    parser.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help="uploads.jsonl files, one session each"
    )
    parser.add_argument(
        "--format", choices=("table", "json"), default="table", help="output format (default: table)"
    )
    parser.add_argument(
        "--config",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a detector setting, e.g. dead_click_window_ms=800 or 'ignore=[\"#carousel\"]' (repeatable)",
    )
    return parser


def parse_overrides(items: Sequence[str]) -> dict[str, Any]:
    """KEY=VALUE pairs; a VALUE that parses as JSON (800, true, ["#a"]) is taken as such, else as text."""
    overrides: dict[str, Any] = {}
    for item in items:
        key, equals, text = item.partition("=")
        if not equals or not key.strip():
            raise TagprobeError(f"--config {item!r}: expected KEY=VALUE, e.g. dead_click_window_ms=800")
        try:
            overrides[key.strip()] = json.loads(text)
        except json.JSONDecodeError:
            overrides[key.strip()] = text
    return overrides


def read_file(path: Path, config: DetectorConfig) -> FileSignals:
    """Raises UploadsFileError (file:line) or OSError for input that cannot be read."""
    lines = list(read_uploads(path))
    session = decode_session([line.payload for line in lines], pinned_builds())
    undecodable = tuple(
        f"{path}:{lines[failure.index].line_number}: clarity-decode could not read this upload: {failure.error}"
        for failure in session.failures
    )
    found = detect(session, config)
    return FileSignals(path, session, found.signals, undecodable, found.unjudged)


def signal_json(path: Path, signal: Signal) -> dict[str, Any]:
    element = signal.element
    return {
        "file": str(path),
        "type": signal.type.value,
        "page_number": signal.page_number,
        "page_url": signal.page_url,
        "time_ms": signal.time_ms,
        "duration_ms": signal.duration_ms,
        "count": signal.count,
        "reason": signal.reason,
        "element": None
        if element is None
        else {
            "tag": element.tag,
            "id": element.id,
            "class": element.class_name,
            "text": element.text,
            "hash": element.hash,
            "description": element.describe(),
        },
    }


def write_table(results: Sequence[FileSignals], out: TextIO, shown: Callable[[str], str] = str) -> None:
    """The signals as a table; `shown` makes page text (URLs, element texts) safe for the terminal."""
    for result in results:
        pages = len(result.session.pages)
        out.write(f"{result.path}: {pages} page(s), {len(result.signals)} signal(s)\n")
        rows = [
            (
                f"{signal.page_number} {signal.page_url}",
                f"{signal.time_ms / 1000:.2f} s",
                signal.type.value,
                str(signal.count),
                signal.element.describe() if signal.element else "-",
                signal.reason,
            )
            for signal in result.signals
        ]
        if rows:
            widths = [max(len(cell) for cell in column) for column in zip(TABLE_COLUMNS, *rows, strict=False)]
            for row in (TABLE_COLUMNS, *rows):
                cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
                out.write(shown("  " + "  ".join([*cells, row[-1]]).rstrip()) + "\n")
        for click in result.unjudged:
            out.write(shown(f"  {click.describe()}") + "\n")


def main(argv: Sequence[str], shown: Callable[[str], str] = str) -> int:
    try:
        options = _parser().parse_args(list(argv))
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else EXIT_BAD_INPUT
    try:
        config = DetectorConfig.load(parse_overrides(options.config))
        results = []
        for path in options.files:
            try:
                results.append(read_file(path, config))
            except UploadsFileError as error:
                raise TagprobeError(
                    str(error), hint="each line must be one Clarity upload, as tagprobe saves them"
                ) from None
            except OSError as error:
                raise TagprobeError(f"{path}: cannot read the file: {error.strerror or error}") from None
    except TagprobeError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for result in results:
        for problem in result.undecodable:
            print(f"{PROG}: {problem}", file=sys.stderr)
    if options.format == "json":
        items = [signal_json(result.path, signal) for result in results for signal in result.signals]
        sys.stdout.write(json.dumps(items, indent=2, ensure_ascii=False) + "\n")
    else:
        write_table(results, sys.stdout, shown)
    return EXIT_OK
