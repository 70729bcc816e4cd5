"""What an xdist worker hands to the controller survives the channel's plain values."""

from __future__ import annotations

from tagprobe.parallel import WorkerResults, drawn_pictures
from tagprobe.report.pictures import PagePicture, ScenarioPictures
from tagprobe.report.redaction import Redactor
from tagprobe.report.results_json import ResultsDocument


def test_a_workers_results_redactors_and_pictures_cross_the_channel() -> None:
    document = ResultsDocument({"scenarios": [{"id": "a"}, {"id": "b"}]}, [Redactor(), Redactor()])
    pictures = {
        "a": ScenarioPictures(
            {1: PagePicture("data:image/jpeg;base64,AA", "scenarios/a/heatmap-page-1.jpg")}
        ),
        "b": ScenarioPictures({}, {"scenarios/b/steps/01.jpg": "data:image/jpeg;base64,BB"}),
        "elsewhere": ScenarioPictures(),
    }
    sent = WorkerResults.from_document(document, invalid=1, pictures=pictures)
    received = WorkerResults.from_text(sent.to_text())

    assert received.document == dict(document)
    assert received.invalid == 1
    assert set(received.redactors) == {"a", "b"}
    assert received.pictures == {"a": pictures["a"], "b": pictures["b"]}, "only the worker's own scenarios"
    assert drawn_pictures([received, WorkerResults(None)]) == received.pictures
