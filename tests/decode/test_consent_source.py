"""Consent sources: Clarity's numbers named as scenarios name them, and the schema offers exactly those."""

from __future__ import annotations

import json

from tagprobe.decode.consent_source import SCENARIO_SOURCES, source_label, source_name
from tagprobe.scenario.schema import schema_text


def test_every_source_of_clarity_0_8_70_has_a_name() -> None:
    names = [source_name(code) for code in range(8)]
    assert names == ["implicit", "api", "gcm", "tcf", "api-v1", "api-v2", "cookie", "default"]
    assert source_name(152) == "cmp"
    assert source_label(152) == "cmp 152 (Cookiebot)"
    assert source_label(2) == "gcm (Google Consent Mode)"
    assert source_name(255) == "unknown"


def test_the_schema_offers_the_scenario_sources() -> None:
    schema = json.loads(schema_text())
    consent = schema["$defs"]["expect"]["properties"]["consent"]["properties"]
    assert tuple(consent["source"]["enum"]) == SCENARIO_SOURCES
