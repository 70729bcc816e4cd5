"""Combines the results of several runs into one: the documents of parallel workers, or the report folders of
CI shards (`tagprobe merge`), each folder's results.json, scenarios/ artifacts and junit.xml.

The combined document lists the scenarios as one run would (by file, then line), adds up the summaries and
keeps each part's own run facts under `run.parts`. Paths inside a scenario are relative to its reports
folder, so its artifacts folder is copied along and renamed only when two folders used the same name."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tagprobe.errors import TagprobeError
from tagprobe.report.github import publish_github
from tagprobe.report.html import write_html
from tagprobe.report.results_json import RESULTS_FILE, write_results
from tagprobe.shard import Shard, ShardError

JUNIT_FILE = "junit.xml"
JUNIT_COUNTS = ("tests", "failures", "errors", "skipped")


class MergeError(TagprobeError):
    """The folders cannot be merged: a missing or unreadable results.json, or different result formats."""


@dataclass(frozen=True, slots=True)
class MergedReport:
    folder: Path
    document: Mapping[str, Any]
    junit: Path | None
    missing_shards: tuple[int, ...]
    """Shards the merged folders' own `run.shard` says exist but none of the folders holds."""

    @property
    def failed(self) -> int:
        return int(self.document["summary"].get("failed", 0))


def _common(values: Iterable[Any]) -> Any:
    """The parts' value when they agree; texts that differ are listed, comma-separated (each worker's demo URL),
    other values that differ are the first part's."""
    given = list(values)
    unique = list(dict.fromkeys(value for value in given if value not in (None, "")))
    if not unique:
        return given[0] if given else None
    if len(unique) == 1 or not all(isinstance(value, str) for value in unique):
        return unique[0]
    return ", ".join(unique)


def _summed(summaries: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    combined: dict[str, Any] = {}
    for summary in summaries:
        for key, value in summary.items():
            if isinstance(value, bool):
                combined[key] = bool(combined.get(key, False)) or value
            elif isinstance(value, int):
                combined[key] = combined.get(key, 0) + value
            else:
                combined.setdefault(key, value)
    return combined


def _combined_run(runs: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The first part's keys, each with the parts' common value; the earliest start, the longest duration,
    and every part's own facts (a merge of merged documents lists the original parts)."""
    parts = [dict(part) for run in runs for part in run.get("parts") or [run]]
    combined = {
        key: _common(run.get(key) for run in runs) if _is_scalar(value) else value
        for key, value in runs[0].items()
    }
    combined["started_at"] = min((str(part.get("started_at") or "") for part in parts), default="")
    combined["duration_ms"] = max((float(part.get("duration_ms") or 0) for part in parts), default=0.0)
    combined["parts"] = parts
    return combined


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float)


def _scenario_order(scenario: Mapping[str, Any]) -> tuple[str, int]:
    return str(scenario.get("file", "")), int(scenario.get("line", 0) or 0)


def combine_documents(documents: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """One results document from several; a single document comes back as it is."""
    if not documents:
        raise MergeError("there are no results to merge")
    if len(documents) == 1:
        return dict(documents[0])
    versions = {document.get("schema_version") for document in documents}
    if len(versions) > 1:
        raise MergeError(
            f"the results use different formats (schema_version {sorted(map(str, versions))})",
            hint="merge results written by the same tagprobe version",
        )
    scenarios = [scenario for document in documents for scenario in document.get("scenarios", [])]
    return {
        **documents[0],
        "run": _combined_run([document.get("run", {}) for document in documents]),
        "summary": _summed([document.get("summary", {}) for document in documents]),
        "scenarios": sorted(scenarios, key=_scenario_order),
    }


def reports_folder(path: Path) -> Path:
    """The folder itself, or the folder of a results.json named directly."""
    return path.parent if path.name == RESULTS_FILE and path.is_file() else path


def _read_results(folder: Path) -> dict[str, Any]:
    path = folder / RESULTS_FILE
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MergeError(
            f"{path}: no such file", hint="pass the reports folders that `tagprobe run` wrote"
        ) from None
    except (OSError, ValueError) as error:
        raise MergeError(f"{path}: not a readable results.json ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("scenarios"), list):
        raise MergeError(f"{path}: not a tagprobe results.json (no scenarios list)")
    return document


def _rebased(value: Any, old: str, new: str) -> Any:
    """The same JSON-like value with every path inside the folder `old` moved into `new`."""
    if isinstance(value, str):
        return new + value[len(old) :] if value == old or value.startswith(old + "/") else value
    if isinstance(value, list):
        return [_rebased(item, old, new) for item in value]
    if isinstance(value, Mapping):
        return {key: _rebased(item, old, new) for key, item in value.items()}
    return value


def _unique_name(name: str, taken: set[str]) -> str:
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{name}-{number}"
    taken.add(candidate)
    return candidate


def _copy_artifacts(scenario: dict[str, Any], source: Path, out: Path, taken: set[str]) -> dict[str, Any]:
    """Copies the scenario's artifacts folder into `out` under a name no other merged scenario uses."""
    folder = scenario.get("artifacts_dir")
    if not isinstance(folder, str) or Path(folder).is_absolute() or not (source / folder).is_dir():
        return scenario
    old = Path(folder)
    new = old.with_name(_unique_name(old.name, taken))
    target = out / new
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source / old, target)
    moved: dict[str, Any] = _rebased(scenario, old.as_posix(), new.as_posix())
    if moved.get("id") == old.name:
        moved["id"] = new.name
    return moved


def merge_junit(files: Sequence[Path], out: Path) -> Path | None:
    """One <testsuites> holding every file's <testsuite> elements, with the counts added up."""
    combined = ET.Element("testsuites", {"name": "tagprobe"})
    totals = dict.fromkeys(JUNIT_COUNTS, 0)
    time_s = 0.0
    for file in files:
        try:
            root = ET.parse(file).getroot()
        except (OSError, ET.ParseError) as error:
            raise MergeError(f"{file}: not a readable JUnit XML file ({error})") from None
        for suite in [root] if root.tag == "testsuite" else root.iter("testsuite"):
            combined.append(suite)
            for key in JUNIT_COUNTS:
                totals[key] += int(suite.get(key, "0") or 0)
            time_s += float(suite.get("time", "0") or 0)
    if not len(combined):
        return None
    combined.attrib.update({key: str(value) for key, value in totals.items()}, time=f"{time_s:.3f}")
    out.mkdir(parents=True, exist_ok=True)
    path = out / JUNIT_FILE
    ET.ElementTree(combined).write(path, encoding="utf-8", xml_declaration=True)
    return path


def missing_shards(documents: Sequence[Mapping[str, Any]]) -> tuple[int, ...]:
    """Shard numbers that should be there according to the documents' `run.shard`, but are not."""
    shards: list[Shard] = []
    for document in documents:
        text = document.get("run", {}).get("shard")
        try:
            shards.append(Shard.parse(str(text)))
        except ShardError:
            return ()
    counts = {shard.count for shard in shards}
    if len(counts) != 1:
        return ()
    return tuple(sorted(set(range(1, counts.pop() + 1)) - {shard.index for shard in shards}))


def merge_report_folders(sources: Sequence[Path], out: Path) -> MergedReport:
    """`tagprobe merge`: results.json, index.html and junit.xml in `out` for the scenarios of all `sources`."""
    sources = [reports_folder(source) for source in sources]
    resolved_out = out.resolve()
    if any(source.resolve() == resolved_out for source in sources):
        raise MergeError(
            f"{out} is one of the folders being merged",
            hint="write the merged report to a new folder with -o",
        )
    documents = [_read_results(source) for source in sources]
    taken: set[str] = set()
    copied = [
        {
            **document,
            "scenarios": [
                _copy_artifacts(scenario, source, out, taken) for scenario in document["scenarios"]
            ],
        }
        for source, document in zip(sources, documents, strict=True)
    ]
    merged = combine_documents(copied)
    write_results(out, merged)
    junit = merge_junit([source / JUNIT_FILE for source in sources if (source / JUNIT_FILE).is_file()], out)
    write_html(out, merged)
    publish_github(merged, out)
    return MergedReport(out, merged, junit, missing_shards(documents))
