"""The shipped schema and the parsers behind it accept the same things: detector keys and their kinds, element
specs, and the selectors matched against a recording. The schema is what `tagprobe validate` checks at load
time; the parsers are what runs. A new detector setting must be added to both."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import jsonschema
import pytest

from tagprobe.decode.simple_selector import SimpleSelector
from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.element import ElementSpec, ElementSpecError
from tagprobe.errors import TagprobeError
from tagprobe.scenario.schema import scenario_schema

SCHEMA = scenario_schema()
DEFS = SCHEMA["$defs"]
DETECTOR = DEFS["expect"]["properties"]["signals"]["properties"]["detector"]


def _valid(definition: str, value: Any) -> bool:
    validator = jsonschema.Draft202012Validator({"$defs": DEFS, "$ref": f"#/$defs/{definition}"})
    return validator.is_valid(value)


def test_the_schema_names_every_detector_setting_with_its_kind() -> None:
    kinds = {"bool": "boolean", "int": "integer"}
    declared = {name: schema.get("type", "element specs") for name, schema in DETECTOR["properties"].items()}
    wanted = {field.name: kinds.get(str(field.type), "element specs") for field in fields(DetectorConfig)}
    assert declared == wanted, (
        "schema.json $defs.expect.signals.detector must list every DetectorConfig field"
    )
    assert DETECTOR["additionalProperties"] is False


@pytest.mark.parametrize(
    "spec",
    ["#buy", ".cta", "button", "button#buy", "a.nav", " #buy ", "#buy now", "div > p", "", " ", "#", "1a",
     "a.b.c", "[href]", "#a#b", {"id": "buy"}, {"text": "Buy"}, {"id": ""}, {}, {"role": "x"}],
)  # fmt: skip
def test_element_specs_valid_in_the_schema_are_exactly_those_the_detector_parses(spec: Any) -> None:
    try:
        ElementSpec.parse(spec)
        parses = True
    except ElementSpecError:
        parses = False
    assert _valid("element", spec) == parses


@pytest.mark.parametrize(
    "selector",
    ["#saved-card", "p#saved-card", ".masked.card", "[data-secret]", "input[type=password]",
     "input[type='password']", 'a[href="/x"]', "div > p", "p:first-child", "", "  ", "#a b", "*"],
)  # fmt: skip
def test_masked_selectors_valid_in_the_schema_are_exactly_those_matched_against_a_recording(
    selector: str,
) -> None:
    try:
        SimpleSelector.parse(selector)
        parses = True
    except TagprobeError:
        parses = False
    assert _valid("recorded_selector", selector) == parses
