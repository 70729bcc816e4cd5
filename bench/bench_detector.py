"""How fast the detector runs over a large session: a synthetic 100k-event session (mouse moves, clicks,
DOM changes, scrolls, typing, script errors over ten pages), timed against a baseline that only walks the
events once.

    .venv/bin/python bench/bench_detector.py [--events N] [--repeat R]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from types import MappingProxyType

from tagprobe.capture.records import Transport
from tagprobe.decode.events import (
    Click,
    DomChange,
    DomNode,
    Event,
    Input,
    Metrics,
    Pointer,
    ScriptError,
    Scroll,
)
from tagprobe.decode.session import DecodedUpload, Envelope, RecordedPage, RecordedSession
from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.detector import detect_signals

PAGES = 10
DOM_NODES = 1500
EPOCH = 1_700_000_000_000
NO_ATTRIBUTES: MappingProxyType[str, str] = MappingProxyType({})


def discover(rng: random.Random) -> DomChange:
    tags = ("DIV", "P", "SPAN", "BUTTON", "A", "INPUT", "LI", "SECTION")
    nodes = [DomNode(1, None, "HTML", NO_ATTRIBUTES, None), DomNode(2, 1, "BODY", NO_ATTRIBUTES, None)]
    for node_id in range(3, DOM_NODES):
        attributes = MappingProxyType({"id": f"n{node_id}", "class": "item"} if node_id % 7 == 0 else {})
        nodes.append(DomNode(node_id, rng.randrange(2, node_id), rng.choice(tags), attributes, None))
    return DomChange(0, 5, tuple(nodes))


def page_events(rng: random.Random, count: int) -> list[Event]:
    events: list[Event] = [Metrics(0, 0, MappingProxyType({0: float(EPOCH)})), discover(rng)]
    now, x, y, scroll_y = 10, 400, 300, 0
    while len(events) < count:
        now += rng.randint(5, 40)
        roll = rng.random()
        if roll < 0.5:
            x, y = x + rng.randint(-30, 30), y + rng.randint(-30, 30)
            events.append(Pointer(now, 12, rng.randrange(3, DOM_NODES), x, y))
        elif roll < 0.6:
            target = rng.randrange(3, DOM_NODES)
            events.append(Pointer(now, 13, target, x, y))
            events.append(
                Click(now + 2, 9, target, x, y, 0, 1, 0, "Text", None, "h", True, "div", "item", "", 100, 40)
            )  # fmt: skip
        elif roll < 0.8:
            node = DomNode(DOM_NODES + len(events), rng.randrange(2, DOM_NODES), "*T", NO_ATTRIBUTES, "v")
            events.append(DomChange(now, 6, (node,)))
        elif roll < 0.95:
            scroll_y = max(0, scroll_y + rng.choice((-1, 1)) * rng.randint(20, 400))
            events.append(Scroll(now, 10, 1, 0, scroll_y))
        elif roll < 0.99:
            events.append(Input(now, 27, rng.randrange(3, DOM_NODES), "•••"))
        else:
            events.append(ScriptError(now, 31, f"Error {rng.randint(1, 5)}", 1, 1, "", "app.js"))
    return events


def build_session(total_events: int, seed: int = 7) -> RecordedSession:
    rng = random.Random(seed)
    pages = []
    for number in range(1, PAGES + 1):
        events = tuple(page_events(rng, total_events // PAGES))
        envelope = Envelope(
            "0.8.70",
            1,
            0,
            events[-1].time + 1000,
            "bench",
            "u",
            "s",
            number,
            Transport.XHR,
            True,
            f"https://b/{number}",
        )
        upload = DecodedUpload(number, envelope, events)
        pages.append(RecordedPage(number, "u", "s", number, envelope.url, (upload,), events))
    return RecordedSession(tuple(pages), ())


def baseline(session: RecordedSession) -> int:
    """One pass over every event that only looks at its type: the floor any detector pays."""
    clicks = 0
    for page in session.pages:
        for event in page.events:
            if isinstance(event, Click):
                clicks += 1
    return clicks


def best_of(repeat: int, work: Callable[[], object]) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    session = build_session(options.events)
    events = sum(len(page.events) for page in session.pages)
    nodes = sum(
        len(event.nodes) for page in session.pages for event in page.events if isinstance(event, DomChange)
    )
    config = DetectorConfig()
    signals = detect_signals(session, config)
    detector_s = best_of(options.repeat, lambda: detect_signals(session, config))
    baseline_s = best_of(options.repeat, lambda: baseline(session))
    print(
        f"session: {events} events on {len(session.pages)} pages ({nodes} DOM nodes), {len(signals)} signals"
    )
    print(
        f"detector: {detector_s * 1000:.0f} ms, {events / detector_s:,.0f} events/s (best of {options.repeat})"
    )
    print(
        f"baseline: {baseline_s * 1000:.0f} ms, {events / baseline_s:,.0f} events/s (one pass, type test only)"
    )
    print(f"detector / baseline: {detector_s / baseline_s:.1f}x")


if __name__ == "__main__":
    main()
