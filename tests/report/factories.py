"""Small, hand-built outcomes for report tests that need no browser."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PIL import Image

from tagprobe.capture.capture import Capture
from tagprobe.capture.records import Cookie, CookieSnapshot, EnvelopePeek, Transport, Upload
from tagprobe.checks.outcome import ScenarioOutcome
from tagprobe.checks.verdict import Evidence, Verdict
from tagprobe.decode.events import Click, Event, Viewport
from tagprobe.decode.session import DecodedUpload, Envelope, build_session
from tagprobe.detect.signal import Signal
from tagprobe.run.results import RunRecord, StepResult, StepStatus
from tagprobe.scenario.load import load_file
from tagprobe.scenario.model import Scenario

BASE = "http://127.0.0.1:8000"


def load_scenario(directory: Path, text: str, secrets: frozenset[str] = frozenset()) -> Scenario:
    path = directory / "unit.scenario.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    document = load_file(path)[0]
    assert document.scenario is not None, [str(problem) for problem in document.problems]
    return replace(document.scenario, secrets=secrets) if secrets else document.scenario


def payload(page_num: int, sequence: int = 1, url: str = BASE + "/", extra: str = "") -> str:
    envelope = ["0.8.70", sequence, 0, 100, "tagprobe00", "user1", "session1", page_num, 0, 0, 0, url]
    return json.dumps({"e": envelope, "a": [[10, 24, "note", extra]] if extra else [], "p": []})


def upload(index: int, received_ms: float, page_num: int = 1, text: str | None = None) -> Upload:
    body = text if text is not None else payload(page_num)
    peek = EnvelopePeek("session1", "user1", page_num, 1, Transport.XHR, False, BASE + "/")
    return Upload(index, received_ms, body, True, len(body), "", 204, peek)


def cookies(taken_ms: float, step_index: int, *names: str) -> CookieSnapshot:
    return CookieSnapshot(
        taken_ms, step_index, tuple(Cookie(name, "v", "127.0.0.1", "/", -1) for name in names)
    )


def click(time: int, x: int, y: int, element_id: str = "", tag: str = "button", text: str = "") -> Click:
    return Click(time, 9, 1, x, y, 0, 0, 0, text, None, f"h-{element_id}", True, tag, "", element_id, 10, 10)


def page_events(
    *events: Event, document: tuple[int, int] = (400, 600), viewport: tuple[int, int] = (400, 300)
) -> list[Event]:
    return [Viewport(0, 8, *document), Viewport(0, 11, *viewport), *events]


def decoded(index: int, page_num: int, url: str, events: Sequence[Event]) -> DecodedUpload:
    envelope = Envelope(
        "0.8.70", 1, 0, 100, "tagprobe00", "user1", "session1", page_num, Transport.XHR, False, url
    )
    return DecodedUpload(index, envelope, tuple(events))


def picture(
    path: Path, size: tuple[int, int] = (400, 600), color: tuple[int, int, int] = (255, 255, 255)
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path, format="JPEG", quality=95)
    return path


def outcome(
    scenario: Scenario,
    reports: Path,
    *,
    urls: Sequence[str] = (),
    pages: Sequence[tuple[str, Sequence[Event]]] = (),
    verdicts: Sequence[Verdict] = (Verdict.passed("health", "ok"),),
    signals: Sequence[Signal] = (),
    uploads: Sequence[Upload] | None = None,
    snapshots: Sequence[CookieSnapshot] = (),
    failed_step: int | None = None,
) -> ScenarioOutcome:
    """Steps take 100 ms each from 1 s; step N shows urls[N-1] and has a picture; page N arrives at upload N."""
    artifacts = reports / "scenarios" / "unit"
    results = []
    for number, step in enumerate(scenario.steps, start=1):
        failed = number == failed_step
        results.append(
            StepResult(
                step,
                StepStatus.FAILED if failed else StepStatus.PASSED,
                1000 + 100 * number,
                50,
                error="Timeout: #buy never became visible" if failed else None,
                screenshot=picture(artifacts / "steps" / f"{number:02d}.jpg"),
                url=urls[number - 1] if number <= len(urls) else BASE + "/",
            )
        )
    sent = (
        list(uploads)
        if uploads is not None
        else [upload(i, 1150 + 200 * i, i + 1) for i in range(len(pages))]
    )
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / "uploads.jsonl").write_text("".join(item.payload + "\n" for item in sent), encoding="utf-8")
    capture = Capture(tuple(sent), tuple(snapshots), (), (), (), (), (), True)
    record = RunRecord(scenario, BASE, tuple(results), capture, 1234.5, "156.0")
    session = build_session([decoded(i, i + 1, url, events) for i, (url, events) in enumerate(pages)])
    return ScenarioOutcome(record, session, tuple(verdicts), str(artifacts), tuple(signals))


def failed_verdict(message: str, *evidence: Evidence) -> Verdict:
    return Verdict.failed("masking", message, *evidence)
