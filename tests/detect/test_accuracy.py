"""Precision and recall of every signal over the labelled corpus recorded from the real tag in real Chromium."""

from __future__ import annotations

import os

import pytest

from tagprobe.detect.signal import SignalType

from .corpus import ACCURACY_FILE, TIME_TOLERANCE_MS, CorpusSession, Score, load_corpus, render, score

REQUIRED = 0.95
UPDATE_ENV = "TAGPROBE_UPDATE_ACCURACY"


@pytest.fixture(scope="module")
def corpus() -> tuple[CorpusSession, ...]:
    return load_corpus()


@pytest.fixture(scope="module")
def scores(corpus: tuple[CorpusSession, ...]) -> dict[SignalType, Score]:
    return score(corpus)


def test_the_corpus_covers_every_signal_and_plenty_of_normal_clicks(
    corpus: tuple[CorpusSession, ...],
) -> None:
    labelled = {label.type for session in corpus for label in session.labels}
    assert labelled == set(SignalType)
    normal = [case for session in corpus for case in session.cases if not case["expect"]]
    assert len(normal) >= 40


@pytest.mark.parametrize("kind", [SignalType.RAGE_CLICK, SignalType.DEAD_CLICK])
def test_rage_and_dead_clicks_reach_the_required_precision_and_recall(
    scores: dict[SignalType, Score], kind: SignalType
) -> None:
    result = scores[kind]
    assert result.labelled >= 10, f"too few labelled {kind} cases to measure anything"
    assert result.precision is not None
    assert result.precision >= REQUIRED, result.unexpected
    assert result.recall is not None
    assert result.recall >= REQUIRED, result.missed


@pytest.mark.parametrize(
    "kind", [SignalType.ERROR_CLICK, SignalType.QUICK_BACK, SignalType.EXCESSIVE_SCROLL, SignalType.JS_ERROR]
)
def test_the_other_signals_reach_it_too(scores: dict[SignalType, Score], kind: SignalType) -> None:
    result = scores[kind]
    assert result.precision is not None
    assert result.precision >= REQUIRED, result.unexpected
    assert result.recall is not None
    assert result.recall >= REQUIRED, result.missed


def test_the_accuracy_table_is_current(
    corpus: tuple[CorpusSession, ...], scores: dict[SignalType, Score]
) -> None:
    rendered = render(corpus, scores)
    print("\n" + rendered)
    if os.environ.get(UPDATE_ENV):
        ACCURACY_FILE.write_text(rendered, encoding="utf-8")
    current = ACCURACY_FILE.read_text(encoding="utf-8") if ACCURACY_FILE.exists() else ""
    assert current == rendered, f"{ACCURACY_FILE.name} is out of date: rerun this test with {UPDATE_ENV}=1"


def test_clicks_labelled_not_judged_are_listed_as_not_judged(corpus: tuple[CorpusSession, ...]) -> None:
    labelled = [(session, case) for session in corpus for case in session.labelled_not_judged()]
    assert len(labelled) >= 5
    for session, case in labelled:
        listed = [
            click
            for click in session.unjudged
            if click.page_number == case["page"] and abs(click.time_ms - case["time_ms"]) <= TIME_TOLERANCE_MS
        ]
        assert listed, f"{session.name}: {case['element']} ({case['category']}) is not listed as not judged"
