"""Analysis at scale: a recorded session of 50 pages and 10,000 clicks, decoded by the pinned clarity-decode,
run through the detector and checked, as the engine does after a run.

The session is made of real uploads (tests/fixtures/uploads/browsing.jsonl, recorded from clarity-js 0.8.70):
each page is the shop's home page as first recorded (its DOM), then 10 uploads of 20 clicks each, copied from
real click sequences (pointer down, up, click) on elements of that DOM, moved in time and place; every 25th
click starts a burst of four on one element, so the rage detector has work. Envelopes are rewritten for each
page (page number, sequence, URL, last upload a beacon that ends the page)."""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.figures import line, median, verdict
from tagprobe.assets import pinned_builds
from tagprobe.capture.capture import Capture
from tagprobe.capture.records import EnvelopePeek, TagRequest, Upload
from tagprobe.checks.observation import Observation
from tagprobe.checks.registry import run_checks
from tagprobe.decode.events import Click
from tagprobe.decode.session import decode_session
from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.detector import detect_signals
from tagprobe.run.results import RunRecord
from tagprobe.scenario.load import load_file
from tagprobe.scenario.model import Scenario

REPO = Path(__file__).resolve().parents[1]
RECORDED = REPO / "tests" / "fixtures" / "uploads" / "browsing.jsonl"
PAGES = 50
UPLOADS_PER_PAGE = 10
CLICKS_PER_UPLOAD = 20
CLICK_GAP_MS = 300
BURST_EVERY = 25
BURST_GAP_MS = 80
BURST_CLICKS = 4
POINTER_TYPES = (12, 13, 14)
CLICK_TYPE = 9
TARGET_S = 1.0
SCENARIO = """\
name: Analysis bench session
url: /
steps:
  - click: "#consent-accept"
expect:
  spa: {routes: [ROUTES]}
  masking: {sensitive: ["4242 4242 4242 4242"]}
  errors: {}
"""

Envelope = list[Any]
Event = list[Any]


def _recorded() -> tuple[dict[str, Any], list[list[Event]]]:
    """The first upload of page 1 (its DOM) and the click sequences recorded on page 1."""
    uploads = [json.loads(text) for text in RECORDED.read_text(encoding="utf-8").splitlines() if text.strip()]
    first = next(upload for upload in uploads if upload["e"][7] == 1 and upload["e"][1] == 1)
    sequences: list[list[Event]] = []
    for upload in (upload for upload in uploads if upload["e"][7] == 1 and upload["e"][1] > 1):
        pending: list[Event] = []
        for event in upload["a"]:
            if event[1] in POINTER_TYPES:
                pending.append(event)
            elif event[1] == CLICK_TYPE:
                sequences.append([*pending, event])
                pending = []
    if not sequences:
        raise RuntimeError(f"{RECORDED} has no click on its first page")
    return first, sequences


def _moved(sequence: list[Event], at_ms: int, dx: int, dy: int) -> list[Event]:
    """The sequence starting at `at_ms`, shifted by (dx, dy) in page coordinates."""
    offset = at_ms - sequence[0][0]
    moved = []
    for event in sequence:
        copy = list(event)
        copy[0] = event[0] + offset
        if event[1] == CLICK_TYPE or event[1] in POINTER_TYPES:
            copy[3], copy[4] = event[3] + dx, event[4] + dy
        moved.append(copy)
    return moved


def _clicks(sequences: list[list[Event]]) -> Iterator[list[Event]]:
    """Click sequences forever, in time order, with a burst of four on one element every BURST_EVERY clicks."""
    at, number = 1000, 0
    while True:
        in_burst = number % BURST_EVERY < BURST_CLICKS
        # Every click of a burst repeats the burst's first click: same element, same spot.
        source = number - number % BURST_EVERY if in_burst else number
        yield _moved(sequences[source % len(sequences)], at, source % 7, source % 5)
        at += BURST_GAP_MS if number % BURST_EVERY < BURST_CLICKS - 1 else CLICK_GAP_MS
        number += 1


def _envelope(
    template: Envelope, page: int, sequence: int, start: int, duration: int, last: bool
) -> Envelope:
    envelope = list(template)
    envelope[1], envelope[2], envelope[3], envelope[7] = sequence, start, duration, page
    envelope[8] = 1 if last else 0
    envelope[9] = 1 if last else 0
    envelope[11] = _page_url(page)
    return envelope


def _page_url(page: int) -> str:
    return f"http://127.0.0.1:8000/page/{page}"


def _first_upload(first: dict[str, Any], page: int) -> str:
    """The recorded first upload, as page `page`: its envelope, and the URL in its metadata."""
    recorded_url = json.dumps([first["e"][11]])
    text = json.dumps({**first, "e": _envelope(first["e"], page, 1, 0, 150, False)})
    return text.replace(recorded_url, json.dumps([_page_url(page)]))


def session_payloads() -> list[str]:
    """PAGES pages x UPLOADS_PER_PAGE x CLICKS_PER_UPLOAD clicks, as the tag would have uploaded them."""
    first, sequences = _recorded()
    payloads = []
    for page in range(1, PAGES + 1):
        payloads.append(_first_upload(first, page))
        clicks = _clicks(sequences)
        start = 150
        for sequence in range(2, UPLOADS_PER_PAGE + 2):
            events = [event for _ in range(CLICKS_PER_UPLOAD) for event in next(clicks)]
            end = int(events[-1][0]) + 50
            last = sequence == UPLOADS_PER_PAGE + 1
            envelope = _envelope(first["e"], page, sequence, start, end - start, last)
            payloads.append(json.dumps({"e": envelope, "a": events, "p": []}))
            start = end
    return payloads


def _scenario(folder: Path) -> Scenario:
    routes = ", ".join(f"/page/{page}" for page in range(1, PAGES + 1))
    path = folder / "analysis.scenario.yaml"
    path.write_text(SCENARIO.replace("ROUTES", routes), encoding="utf-8")
    scenario = load_file(path)[0].scenario
    assert scenario is not None
    return scenario


def _record(scenario: Scenario, payloads: list[str]) -> RunRecord:
    uploads = tuple(
        Upload(
            index, 1000.0 + index, text, False, len(text), "text/plain", 204, EnvelopePeek.from_payload(text)
        )
        for index, text in enumerate(payloads)
    )
    requests = (
        TagRequest(10.0, "loader", "https://www.clarity.ms/tag/tpdemo0001"),
        TagRequest(20.0, "script", "https://scripts.clarity.ms/0.8.70/clarity.js"),
    )
    capture = Capture(uploads, (), (), (), (), requests, (), True)
    return RunRecord(scenario, "http://127.0.0.1:8000", (), capture, 0.0, "bench")


def analyse(record: RunRecord, payloads: list[str], scenario: Scenario) -> dict[str, Any]:
    """What the engine does after a run, timed: decode, detect, check."""
    started = time.monotonic()
    session = decode_session(payloads, pinned_builds())
    decoded = time.monotonic()
    signals = detect_signals(session, DetectorConfig.load())
    detected = time.monotonic()
    verdicts = run_checks(Observation(record, session, signals, scenario.expect), scenario.expect)
    checked = time.monotonic()
    return {
        "pages": len(session.pages),
        "clicks": sum(1 for page in session.pages for event in page.events if isinstance(event, Click)),
        "decode_s": decoded - started,
        "detect_s": detected - decoded,
        "checks_s": checked - detected,
        "total_s": checked - started,
        "signals": len(signals),
        "verdicts": {verdict.check: verdict.status.value for verdict in verdicts},
    }


def measure(repeats: int = 3) -> dict[str, Any]:
    payloads = session_payloads()
    with tempfile.TemporaryDirectory(prefix="tagprobe-bench-") as folder:
        scenario = _scenario(Path(folder))
    record = _record(scenario, payloads)
    runs = [analyse(record, payloads, scenario) for _ in range(repeats)]
    return {
        **runs[0],
        **{
            key: median([run[key] for run in runs]) for key in ("decode_s", "detect_s", "checks_s", "total_s")
        },
        "repeats": repeats,
        "first_total_s": runs[0]["total_s"],
        "worst_total_s": max(run["total_s"] for run in runs),
        "uploads": len(payloads),
        "megabytes": sum(map(len, payloads)) / 1e6,
    }


def report(figures: dict[str, Any]) -> list[str]:
    total = figures["total_s"]
    return [
        f"Analysis at scale: {figures['pages']} pages, {figures['clicks']} clicks, {figures['uploads']} uploads "
        f"({figures['megabytes']:.1f} MB), {figures['signals']} signals found",
        f"  median of {figures['repeats']} analyses in one process (the first: {figures['first_total_s']:.2f} s, "
        f"the slowest: {figures['worst_total_s']:.2f} s)",
        line("decode (clarity-decode in Node, then typed events)", f"{figures['decode_s'] * 1000:.0f} ms"),
        line("detect signals", f"{figures['detect_s'] * 1000:.0f} ms"),
        line("checks", f"{figures['checks_s'] * 1000:.0f} ms", str(figures["verdicts"])),
        line(
            "decode + detect + checks",
            f"{total:.2f} s",
            f"target < {TARGET_S:.0f} s: {verdict(total, TARGET_S)}",
        ),
    ]


if __name__ == "__main__":
    print("\n".join(report(measure())))
    sys.exit(0)
