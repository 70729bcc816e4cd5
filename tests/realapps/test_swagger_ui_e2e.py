"""An API explorer: swagger-ui-dist (npm) over a small OpenAPI document, with a live API on the same loopback
server. The journey expands an operation, tries it out, types a parameter and executes the request."""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.realapps.conftest import RunApp, failed_steps, serve, verdicts_of

pytestmark = [pytest.mark.e2e, pytest.mark.realapps]

SWAGGER_UI = Path(__file__).parents[2] / "node_modules" / "swagger-ui-dist"
FILES = (
    "index.html",
    "index.css",
    "swagger-ui.css",
    "swagger-ui-bundle.js",
    "swagger-ui-standalone-preset.js",
)
INITIALIZER = """window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true, validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout",
  });
};
"""


def _operation(operation_id: str, summary: str) -> dict[str, Any]:
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "tags": ["pets"],
            "parameters": [{"name": "name", "in": "query", "schema": {"type": "string"}}],
            "responses": {"200": {"description": "the pets found"}},
        }
    }


OPENAPI = {
    "openapi": "3.0.3",
    "info": {"title": "Pet Store", "version": "1.0.0"},
    "servers": [{"url": "/api"}],
    "paths": {
        "/pets": _operation("listPets", "List the pets (the name filters privately)"),
        "/pets/search": _operation("searchPets", "Search pets by name (answers with the name searched)"),
    },
}


def _api(path: str) -> Mapping[str, Any] | None:
    parts = urlsplit(path)
    if parts.path == "/openapi.json":
        return OPENAPI
    if parts.path == "/api/pets":
        return {"pets": [{"id": 1, "kind": "dog"}]}
    if parts.path == "/api/pets/search":
        return {"searched": parse_qs(parts.query).get("name", [""])[0], "pets": []}
    return None


@pytest.fixture(scope="module")
def explorer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("swagger")
    for name in FILES:
        shutil.copy(SWAGGER_UI / name, site / name)
    (site / "swagger-initializer.js").write_text(INITIALIZER, encoding="utf-8")
    with serve(site, _api) as url:
        yield url


JOURNEY = """
name: try an API call
url: /
steps:
  - click: "#operations-pets-OPERATION .opblock-summary-control"
  - click: "#operations-pets-OPERATION .try-out__btn"
  - type: {selector: "#operations-pets-OPERATION input[placeholder='name']", text: "biscuit"}
  - click: "#operations-pets-OPERATION .execute"
  - wait_for: {selector: "#operations-pets-OPERATION .live-responses-table .response-col_status"}
expect:
  errors: {}
"""


def test_a_clean_call_passes(run_app: RunApp, explorer: str) -> None:
    outcome = run_app(JOURNEY.replace("OPERATION", "listPets"), explorer)
    assert failed_steps(outcome) == []
    assert verdicts_of(outcome) == {
        "consent": "skipped",
        "masking": "passed",
        "spa": "skipped",
        "tags": "skipped",
        "errors": "passed",
        "signals": "skipped",
        "health": "passed",
        "usage": "passed",
    }


def test_an_api_answer_that_echoes_the_typed_name_fails_masking(run_app: RunApp, explorer: str) -> None:
    outcome = run_app(JOURNEY.replace("OPERATION", "searchPets"), explorer)
    assert failed_steps(outcome) == []
    verdicts = verdicts_of(outcome)
    assert {check for check, status in verdicts.items() if status.startswith("failed")} == {"masking"}, (
        verdicts
    )
    assert any("biscuit" in upload.payload for upload in outcome.record.capture.uploads)
