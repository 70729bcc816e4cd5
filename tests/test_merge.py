"""Merging results: documents of xdist workers, and the report folders of CI shards (`tagprobe merge`)."""

from __future__ import annotations

import json
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tagprobe.capture.capture import Capture
from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.checks.verdict import Verdict
from tagprobe.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main
from tagprobe.decode.session import build_session
from tagprobe.merge import MergeError, combine_documents, merge_junit, merge_report_folders
from tagprobe.parallel import WorkerResults, combined_results
from tagprobe.report.redaction import Redactor
from tagprobe.report.results_json import RunInfo, results_document, write_results
from tagprobe.run.results import RunRecord, StepResult, StepStatus
from tagprobe.scenario.load import load_file

RUN = {
    "tagprobe_version": "0.1.0",
    "tag_version": "0.8.70",
    "browser": "Chromium 156",
    "base_url": "http://127.0.0.1:8000",
    "started_at": "2026-01-01T10:00:05+00:00",
    "duration_ms": 1000.0,
}


def document(*scenarios: dict[str, Any], **run: Any) -> dict[str, Any]:
    statuses = [scenario["status"] for scenario in scenarios]
    return {
        "schema_version": 1,
        "run": {**RUN, **run},
        "summary": {
            "total": len(scenarios),
            "passed": statuses.count("passed"),
            "failed": statuses.count("failed"),
        },
        "scenarios": list(scenarios),
    }


def scenario(name: str, file: str, line: int, status: str = "passed") -> dict[str, Any]:
    return {"name": name, "file": file, "line": line, "status": status, "id": name}


def test_combining_adds_up_the_summaries_and_lists_scenarios_as_one_run_would() -> None:
    first = document(scenario("b1", "/s/b.scenario.yaml", 1), scenario("a2", "/s/a.scenario.yaml", 9))
    second = document(
        scenario("a1", "/s/a.scenario.yaml", 1, "failed"),
        started_at="2026-01-01T10:00:01+00:00",
        duration_ms=3000.0,
        base_url="http://127.0.0.1:9000",
    )
    merged = combine_documents([first, second])
    assert [item["name"] for item in merged["scenarios"]] == ["a1", "a2", "b1"]
    assert merged["summary"] == {"total": 3, "passed": 2, "failed": 1}
    assert merged["run"]["started_at"] == "2026-01-01T10:00:01+00:00"
    assert merged["run"]["duration_ms"] == 3000.0
    assert merged["run"]["browser"] == "Chromium 156"
    assert merged["run"]["base_url"] == "http://127.0.0.1:8000, http://127.0.0.1:9000"
    assert [part["base_url"] for part in merged["run"]["parts"]] == [
        "http://127.0.0.1:8000",
        "http://127.0.0.1:9000",
    ]


def test_merging_merged_documents_lists_the_original_parts() -> None:
    parts = [document(scenario(f"s{n}", "/s/a.scenario.yaml", n), duration_ms=float(n)) for n in (1, 2, 3)]
    twice = combine_documents([combine_documents(parts[:2]), parts[2]])
    assert [part["duration_ms"] for part in twice["run"]["parts"]] == [1.0, 2.0, 3.0]
    assert twice["summary"]["total"] == 3


def test_one_document_is_left_as_it_is() -> None:
    single = document(scenario("a", "/s/a.scenario.yaml", 1))
    assert combine_documents([single]) == single


def test_documents_of_different_formats_are_not_merged() -> None:
    newer = {**document(), "schema_version": 2}
    with pytest.raises(MergeError, match="different formats"):
        combine_documents([document(), newer])


def test_a_worker_hands_over_its_document_and_redactors_as_plain_text() -> None:
    redactor = Redactor(frozenset({"hunter2"}), frozenset({"4242 4242 4242 4242"}))
    sent = WorkerResults(document(scenario("a", "/s/a.scenario.yaml", 1)), {"a": redactor}, invalid=1)
    received = WorkerResults.from_text(sent.to_text())
    assert received == sent
    assert received.redactors["a"].text("pw hunter2") == "pw ***"


def test_the_controller_keeps_each_scenarios_redactor_next_to_it() -> None:
    hides = Redactor(frozenset({"secret"}))
    parts = [
        WorkerResults(document(scenario("b", "/s/b.scenario.yaml", 1)), {"b": Redactor()}),
        WorkerResults(document(scenario("a", "/s/a.scenario.yaml", 1)), {"a": hides}),
        WorkerResults(None, {}, invalid=2),
    ]
    combined = combined_results(parts)
    assert combined is not None
    assert [item["id"] for item in combined["scenarios"]] == ["a", "b"]
    assert combined.redactors == (hides, Redactor())


def test_without_every_redactor_the_controller_passes_none() -> None:
    """A report without a scenario's redactor leaves its replay out rather than show it unredacted."""
    parts = [
        WorkerResults(document(scenario("a", "/s/a.scenario.yaml", 1)), {}),
        WorkerResults(document(scenario("b", "/s/b.scenario.yaml", 1)), {"b": Redactor()}),
    ]
    combined = combined_results(parts)
    assert combined is not None
    assert combined.redactors == ()


# Shard folders written by the real report writers, from hand-built outcomes.


def shard_folder(
    root: Path, name: str, scenarios: Mapping[str, str], shard: str | None = None, yaml_name: str = "shop"
) -> Path:
    """A reports folder as `tagprobe run` leaves it: results.json, scenarios/<id>/, junit.xml."""
    folder = root / name
    root.mkdir(parents=True, exist_ok=True)
    yaml = root / f"{yaml_name}.scenario.yaml"
    yaml.write_text(
        "\n---\n".join(
            textwrap.dedent(f"""\
            name: {title}
            steps:
              - click: "#buy"
            """)
            for title in scenarios
        ),
        encoding="utf-8",
    )
    outcomes = [
        outcome(loaded.scenario, folder, status == "failed", f"{yaml_name}-{index}")
        for index, (loaded, status) in enumerate(zip(load_file(yaml), scenarios.values(), strict=True))
        if loaded.scenario is not None
    ]
    info = RunInfo("0.1.0", "0.8.70", "Chromium 156", "http://127.0.0.1:8000", str(RUN["started_at"]), 900.0)
    results = results_document(outcomes, info, folder)
    if shard is not None:
        results["run"]["shard"] = shard
    write_results(folder, results)
    junit(folder / "junit.xml", scenarios)
    return folder


def outcome(scenario: Any, reports: Path, failed: bool, slug: str) -> ScenarioOutcome:
    artifacts = reports / "scenarios" / slug
    (artifacts / "steps").mkdir(parents=True)
    Image.new("RGB", (40, 60), (255, 255, 255)).save(artifacts / "steps" / "01.jpg", format="JPEG")
    (artifacts / "uploads.jsonl").write_text("", encoding="utf-8")
    step = StepResult(
        scenario.steps[0], StepStatus.PASSED, 1000, 50, screenshot=artifacts / "steps" / "01.jpg", url="/"
    )
    capture = Capture((), (), (), (), (), (), (), True)
    record = RunRecord(scenario, "http://127.0.0.1:8000", (step,), capture, 1234.5, "156.0")
    verdict = Verdict.failed("masking", "leaked") if failed else Verdict.passed("health", "ok")
    return ScenarioOutcome(record, build_session([]), (verdict,), str(artifacts))


def junit(path: Path, scenarios: Mapping[str, str]) -> None:
    failures = list(scenarios.values()).count("failed")
    cases = "".join(
        f'<testcase classname="shop.scenario.yaml" name="{title}" time="1.0">'
        + ("<failure message='x'>x</failure>" if status == "failed" else "")
        + "</testcase>"
        for title, status in scenarios.items()
    )
    path.write_text(
        f'<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests"><testsuite name="pytest" '
        f'errors="0" failures="{failures}" skipped="0" tests="{len(scenarios)}" time="2.5">{cases}</testsuite>'
        "</testsuites>",
        encoding="utf-8",
    )


def relative_paths(value: Any) -> Iterator[str]:
    if isinstance(value, str) and value.startswith("scenarios/"):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from relative_paths(item)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from relative_paths(item)


def test_merging_shard_folders_writes_one_report_json_and_junit(tmp_path: Path) -> None:
    one = shard_folder(tmp_path, "shard-1", {"Browse": "passed", "Pay": "failed"}, "1/2", yaml_name="shop")
    two = shard_folder(tmp_path, "shard-2", {"Sign in": "passed"}, "2/2", yaml_name="login")
    out = tmp_path / "merged"
    merged = merge_report_folders([one, two], out)

    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results["summary"] == {"total": 3, "passed": 2, "failed": 1}
    assert sorted(item["name"] for item in results["scenarios"]) == ["Browse", "Pay", "Sign in"]
    assert merged.failed == 1
    assert merged.missing_shards == ()
    paths = list(relative_paths(results["scenarios"]))
    assert any(path.endswith("steps/01.jpg") for path in paths)
    assert all((out / path).exists() for path in paths), "every path in the merged document must resolve"
    html = (out / "index.html").read_text(encoding="utf-8")
    assert all(name in html for name in ("Browse", "Pay", "Sign in"))

    suites = ET.parse(out / "junit.xml").getroot()
    assert (suites.get("tests"), suites.get("failures"), suites.get("time")) == ("3", "1", "5.000")
    assert sorted(case.get("name", "") for case in suites.iter("testcase")) == ["Browse", "Pay", "Sign in"]


def test_the_same_artifacts_folder_name_from_two_folders_is_kept_apart(tmp_path: Path) -> None:
    """Two runs of the same file (e.g. against two sites) name their artifacts folders alike."""
    one = shard_folder(tmp_path / "a", "site-a", {"Browse": "passed"})
    two = shard_folder(tmp_path / "b", "site-b", {"Browse": "failed"})
    out = tmp_path / "merged"
    merge_report_folders([one, two], out)
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    ids = [item["id"] for item in results["scenarios"]]
    assert len(set(ids)) == 2
    for item in results["scenarios"]:
        assert item["artifacts_dir"] == f"scenarios/{item['id']}"
        assert all(path.startswith(item["artifacts_dir"] + "/") for path in relative_paths(item["steps"]))
        assert (out / item["artifacts_dir"] / "steps" / "01.jpg").is_file()


def test_a_missing_shard_is_named_and_fails_the_merge(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = shard_folder(tmp_path, "shard-1", {"Browse": "passed"}, "1/3")
    three = shard_folder(tmp_path, "shard-3", {"Pay": "passed"}, "3/3", yaml_name="pay")
    assert main(["merge", str(one), str(three), "-o", str(tmp_path / "out")]) == EXIT_FAILED
    captured = capsys.readouterr()
    assert "shard(s) 2 missing" in captured.err
    assert "merged 2 scenario(s) from 2 folder(s): 2 passed, 0 failed" in captured.out


def test_merge_exit_codes_follow_the_merged_scenarios(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    passed = shard_folder(tmp_path / "p", "run", {"Browse": "passed"})
    failed = shard_folder(tmp_path / "f", "run", {"Pay": "failed"})
    assert main(["merge", str(passed), "-o", str(tmp_path / "ok")]) == EXIT_OK
    assert (
        main(["merge", str(passed), str(failed / "results.json"), "-o", str(tmp_path / "ko")]) == EXIT_FAILED
    )
    assert "tagprobe report:" in capsys.readouterr().out


def test_merge_names_a_folder_without_results(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["merge", str(tmp_path / "empty"), "-o", str(tmp_path / "out")]) == EXIT_USAGE
    error = capsys.readouterr().err
    assert f"{tmp_path / 'empty' / 'results.json'}: no such file" in error
    assert "Traceback" not in error


def test_merge_refuses_to_write_into_a_folder_it_reads(tmp_path: Path) -> None:
    folder = shard_folder(tmp_path, "run", {"Browse": "passed"})
    with pytest.raises(MergeError, match="one of the folders being merged"):
        merge_report_folders([folder], folder)


def test_junit_files_without_suites_merge_into_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "junit.xml"
    empty.write_text("<testsuites/>", encoding="utf-8")
    assert merge_junit([empty], tmp_path / "out") is None
    broken = tmp_path / "broken.xml"
    broken.write_text("<testsuites>", encoding="utf-8")
    with pytest.raises(MergeError, match="not a readable JUnit XML file"):
        merge_junit([broken], tmp_path / "out")
