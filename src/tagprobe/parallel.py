"""What a pytest-xdist worker hands to the controller, which alone writes the reports for the whole run.

A worker sends its results document as JSON text (execnet carries only plain values), with how to redact each
of its scenarios' raw uploads for the HTML replay (the secrets never enter results.json), the report's pictures
of its scenarios, drawn while it ran the next ones, and how many of its scenario documents were invalid (they
make the whole run a usage error)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from tagprobe.merge import combine_documents
from tagprobe.report.pictures import ScenarioPictures
from tagprobe.report.redaction import Redactor
from tagprobe.report.results_json import ResultsDocument

WORKER_OUTPUT_KEY = "tagprobe_results"


@dataclass(frozen=True, slots=True)
class WorkerResults:
    document: Mapping[str, Any] | None
    """The worker's results document; None when it ran no valid scenario."""
    redactors: Mapping[str, Redactor] = field(default_factory=dict)
    """By scenario id."""
    invalid: int = 0
    pictures: Mapping[str, ScenarioPictures] = field(default_factory=dict)
    """By scenario id: the report's pictures, drawn by the worker."""

    @staticmethod
    def from_document(
        document: ResultsDocument | None, invalid: int, pictures: Mapping[str, ScenarioPictures] | None = None
    ) -> WorkerResults:
        if document is None:
            return WorkerResults(None, {}, invalid)
        ids = [str(scenario.get("id")) for scenario in document["scenarios"]]
        drawn = {key: value for key, value in (pictures or {}).items() if key in ids}
        return WorkerResults(document, dict(zip(ids, document.redactors, strict=True)), invalid, drawn)

    def to_text(self) -> str:
        return json.dumps(
            {
                "document": self.document,
                "redactors": {key: _redactor_fields(value) for key, value in self.redactors.items()},
                "invalid": self.invalid,
                "pictures": {key: value.to_data() for key, value in self.pictures.items()},
            },
            ensure_ascii=False,
        )

    @staticmethod
    def from_text(text: str) -> WorkerResults:
        data = json.loads(text)
        redactors = {key: _redactor(value) for key, value in data.get("redactors", {}).items()}
        pictures = {key: ScenarioPictures.from_data(value) for key, value in data.get("pictures", {}).items()}
        return WorkerResults(data.get("document"), redactors, int(data.get("invalid", 0)), pictures)


def _redactor_fields(redactor: Redactor) -> dict[str, list[str]]:
    return {item.name: sorted(getattr(redactor, item.name)) for item in fields(redactor)}


def _redactor(values: Mapping[str, Sequence[str]]) -> Redactor:
    return Redactor(**{name: frozenset(items) for name, items in values.items()})


def combined_results(parts: Sequence[WorkerResults]) -> ResultsDocument | None:
    """Every part's scenarios in one document (as one run would list them), each with its own redactor."""
    documents = [part.document for part in parts if part.document is not None]
    if not documents:
        return None
    merged = combine_documents(documents)
    redactors = {key: value for part in parts for key, value in part.redactors.items()}
    ordered = [redactors.get(str(scenario.get("id"))) for scenario in merged["scenarios"]]
    complete = [redactor for redactor in ordered if redactor is not None]
    return ResultsDocument(merged, complete if len(complete) == len(ordered) else [])


def drawn_pictures(parts: Sequence[WorkerResults]) -> dict[str, ScenarioPictures]:
    """Every part's pictures, by scenario id."""
    return {key: value for part in parts for key, value in part.pictures.items()}
