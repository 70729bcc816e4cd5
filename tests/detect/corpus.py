"""The labelled corpus (tests/fixtures/corpus/sessions, recorded by record_corpus.py from the real tag in real
Chromium): replays each session's uploads through the detector and scores the signals against the labels."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tagprobe.assets import pinned_builds
from tagprobe.capture.uploads_file import read_uploads
from tagprobe.decode.session import RecordedSession, decode_session
from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.dead import UnjudgedClick
from tagprobe.detect.detector import detect
from tagprobe.detect.element import ElementSpec
from tagprobe.detect.live import NO_LIVE_FACTS, LiveFacts
from tagprobe.detect.signal import Signal, SignalType
from tagprobe.detect.timeline import SessionTimeline, build_timeline, same_document_joins

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
SESSIONS = CORPUS / "sessions"
ACCURACY_FILE = CORPUS / "accuracy.md"
PAGE_LEVEL = frozenset({"js_error", "excessive_scroll"})
"""Signals about the page, not an element: a label's element and click time do not apply (its reason does)."""
UNTIMED = PAGE_LEVEL | {"form_abandonment"}
"""Signals not tied to one click: a label's click time does not apply."""
WITH_REASON = frozenset({"js_error", "error_click", "form_abandonment"})
TIME_TOLERANCE_MS = 1000
"""A labelled time is the case's first click; a signal must start within this of it."""
ABLATIONS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("tagprobe's defaults", {}),
    ("without the answered-burst rule (steppers, carousels)", {"rage_click_ignore_responsive": False}),
    ("without the text-selection rule", {"rage_click_selection_max_clicks": 0}),
    ("without both (close to PostHog's rule: 3 clicks, 1 s, 30 px)", {
        "rage_click_ignore_responsive": False, "rage_click_selection_max_clicks": 0}),
    ("Datadog's 100 ms dead-click window", {"dead_click_window_ms": 100}),
    ("PostHog's 2.5 s dead-click window", {"dead_click_window_ms": 2500}),
    ("Amplitude's and Sentry's 3 s dead-click window", {"dead_click_window_ms": 3000}),
)  # fmt: skip
"""One rule changed at a time, to show what it is worth on the same corpus."""


@dataclass(frozen=True)
class Label:
    session: str
    page: int
    type: SignalType
    category: str
    element: str | None = None
    time_ms: int | None = None
    reason: str | None = None

    def accepts(self, signal: Signal) -> bool:
        if signal.type is not self.type or signal.page_number != self.page:
            return False
        if self.element is not None:
            spec = ElementSpec.parse(self.element.split()[0])
            if signal.element is None or not spec.matches(signal.element):
                return False
        if self.reason is not None and self.reason not in signal.reason:
            return False
        return self.time_ms is None or abs(signal.time_ms - self.time_ms) <= TIME_TOLERANCE_MS

    def describe(self) -> str:
        return f"{self.session} page {self.page}: {self.type} on {self.element or '-'} ({self.category})"


@dataclass(frozen=True)
class CorpusSession:
    name: str
    description: str
    cases: tuple[dict[str, Any], ...]
    labels: tuple[Label, ...]
    recorded: RecordedSession
    config: DetectorConfig
    signals: tuple[Signal, ...]
    unjudged: tuple[UnjudgedClick, ...] = ()
    live: LiveFacts = NO_LIVE_FACTS

    @property
    def pages(self) -> int:
        return len(self.recorded.pages)

    def detect_with(self, settings: dict[str, Any]) -> CorpusSession:
        config = self.config.merged(settings, "ablation")
        found = detect(self.recorded, config, self.live)
        return replace(self, config=config, signals=found.signals, unjudged=found.unjudged)

    def labelled_not_judged(self) -> list[dict[str, Any]]:
        return [case for case in self.cases if case.get("not_judged")]


@dataclass
class Score:
    type: SignalType
    labelled: int = 0
    sessions: int = 0
    """Sessions with at least one label of this signal."""
    detected: int = 0
    missed: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    @property
    def found(self) -> int:
        return self.labelled - len(self.missed)

    @property
    def precision(self) -> float | None:
        return (self.detected - len(self.unexpected)) / self.detected if self.detected else None

    @property
    def recall(self) -> float | None:
        return self.found / self.labelled if self.labelled else None


def load_session(directory: Path) -> CorpusSession:
    document = json.loads((directory / "labels.json").read_text(encoding="utf-8"))
    config = DetectorConfig().merged(document["detector"], f"{directory.name}/labels.json")
    payloads = [line.payload for line in read_uploads(directory / "uploads.jsonl")]
    recorded = decode_session(payloads, pinned_builds())
    assert not recorded.failures, f"{directory.name}: uploads that do not decode: {recorded.failures}"
    # A page the tag restarted in the same document ("#") is the page before it going on, for the detector too.
    joins = same_document_joins(
        SessionTimeline.of(tuple(build_timeline(page, config) for page in recorded.pages))
    )
    for case in document["cases"]:
        if case["page"] in joins:
            case["page"], shift = joins[case["page"]]
            case["time_ms"] = None if case["time_ms"] is None else case["time_ms"] + shift
    labels = tuple(
        Label(
            directory.name, case["page"], SignalType(kind), case["category"],
            None if kind in PAGE_LEVEL else case["element"],
            None if kind in UNTIMED else case["time_ms"],
            case.get("reason") if kind in WITH_REASON else None,
        )
        for case in document["cases"]
        for kind in case["expect"]
    )  # fmt: skip
    live = LiveFacts(popups_epoch_ms=tuple(document.get("live", {}).get("popups_epoch_ms", ())))
    found = detect(recorded, config, live)
    return CorpusSession(
        directory.name, document["description"], tuple(document["cases"]), labels, recorded, config,
        found.signals, found.unjudged, live,
    )  # fmt: skip


def load_corpus() -> tuple[CorpusSession, ...]:
    return tuple(load_session(directory) for directory in sorted(SESSIONS.iterdir()) if directory.is_dir())


def _match(labels: Sequence[Label], signals: Sequence[Signal]) -> tuple[list[Label], list[Signal]]:
    """Pairs each label with the closest signal it accepts; returns the labels and signals left unpaired."""
    left = list(signals)
    missed = []
    for label in sorted(labels, key=lambda label: (label.page, label.time_ms or 0)):
        candidates = [signal for signal in left if label.accepts(signal)]
        if not candidates:
            missed.append(label)
            continue
        left.remove(
            min(candidates, key=lambda signal: abs(signal.time_ms - (label.time_ms or signal.time_ms)))
        )
    return missed, left


def score(sessions: Iterable[CorpusSession]) -> dict[SignalType, Score]:
    scores = {kind: Score(kind) for kind in SignalType}
    for session in sessions:
        for kind, result in scores.items():
            labels = [label for label in session.labels if label.type is kind]
            signals = [signal for signal in session.signals if signal.type is kind]
            missed, unexpected = _match(labels, signals)
            result.labelled += len(labels)
            result.sessions += bool(labels)
            result.detected += len(signals)
            result.missed += [label.describe() for label in missed]
            result.unexpected += [f"{session.name}: {signal.describe()}" for signal in unexpected]
    return scores


def _ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def render(sessions: Sequence[CorpusSession], scores: dict[SignalType, Score]) -> str:
    cases = sum(len(session.cases) for session in sessions)
    normal = sum(1 for session in sessions for case in session.cases if not case["expect"])
    not_judged = sum(len(session.labelled_not_judged()) for session in sessions)
    lines = [
        "# Detector accuracy on the labelled corpus",
        "",
        "Generated by `tests/detect/test_accuracy.py` (run it with `TAGPROBE_UPDATE_ACCURACY=1` to rewrite this file)",
        f"from {len(sessions)} sessions ({sum(session.pages for session in sessions)} pages, {cases} scripted "
        f"interactions of which {normal} should raise no signal) recorded by `record_corpus.py`: the real",
        "clarity-js 0.8.70 in Chromium, captured by tagprobe's collector, decoded by clarity-decode 0.8.70.",
        "Default thresholds, except where a session's labels set detector settings (as a scenario would).",
        f'{not_judged} clicks are labelled "not judged" (their window was cut short) and are listed as such.',
        "",
        "| Signal | Sessions | Labelled | Detected | Found | False positives | Missed | Precision | Recall |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in scores.values():
        lines.append(
            f"| {result.type.value} | {result.sessions} | {result.labelled} | {result.detected} | {result.found} | "
            f"{len(result.unexpected)} | {len(result.missed)} | {_ratio(result.precision)} | {_ratio(result.recall)} |"
        )
    lines += ["", "## Sessions", "", "| Session | Pages | Interactions | Labelled signals | What it covers |"]
    lines.append("|---|---:|---:|---:|---|")
    for session in sessions:
        lines.append(
            f"| {session.name} | {session.pages} | {len(session.cases)} | {len(session.labels)} | "
            f"{session.description} |"
        )
    lines += [
        "",
        "## One rule at a time",
        "",
        "The same corpus with one setting changed. The labels follow the product definition (a reaction within",
        "500 ms), so other vendors' windows disagree with it by design: the rows show what each choice flags.",
        "With a window of 2.5 s or more, most clicks of the corpus are followed by the next one within it, so",
        "they are not judged (never dead): that, not a miss, is why dead-click recall falls there.",
        "",
        "| Rule | Rage precision | Rage recall | Dead precision | Dead recall |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, settings in ABLATIONS:
        changed = score(session.detect_with(settings) for session in sessions)
        rage, dead = changed[SignalType.RAGE_CLICK], changed[SignalType.DEAD_CLICK]
        lines.append(
            f"| {name} | {_ratio(rage.precision)} | {_ratio(rage.recall)} | "
            f"{_ratio(dead.precision)} | {_ratio(dead.recall)} |"
        )
    problems = [item for result in scores.values() for item in (*result.unexpected, *result.missed)]
    lines += ["", "## Disagreements with the labels", ""]
    lines += [f"- {item}" for item in problems] or ["None."]
    return "\n".join(lines) + "\n"
