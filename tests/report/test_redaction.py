"""What reports show of sensitive text: secrets never, sensitive values and PII only masked."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tagprobe.report.redaction import Redactor, mask_pii, mask_value
from tagprobe.scenario.hidden import hidden_values, redacted_values

from .factories import load_scenario


def test_a_masked_value_keeps_only_its_ends() -> None:
    assert mask_value("4242 4242 4242 4242") == "42•••••••••••••••42"
    assert mask_value("hunter2") == "h•••••2"
    assert mask_value("abc") == "•••"


def test_emails_and_valid_card_numbers_are_masked_wherever_they_appear() -> None:
    text = "mail jane.doe@example.com, card 4242-4242-4242-4242, order 1234567890123, id 1700000000001"
    masked = mask_pii(text)
    assert "jane.doe@example.com" not in masked
    assert "4242-4242-4242-4242" not in masked
    assert "ja" in masked
    assert "1234567890123" in masked, "not a Luhn-valid number: left alone"


def test_secrets_vanish_and_sensitive_values_are_masked() -> None:
    redactor = Redactor(secrets=frozenset({"s3cr3t-token"}), sensitive=frozenset({"Jane Q. Public"}))
    assert redactor.text("token=s3cr3t-token for Jane Q. Public") == "token=*** for Ja••••••••••ic"
    nested = redactor.value({"steps": [{"step": "fill(value='s3cr3t-token')"}], "count": 3})
    assert nested == {"steps": [{"step": "fill(value='***')"}], "count": 3}


def test_an_upload_is_redacted_inside_its_strings_and_still_parses() -> None:
    redactor = Redactor(secrets=frozenset({'pa"ss'}), sensitive=frozenset({"4242 4242 4242 4242"}))
    payload = json.dumps({"e": [1, 2], "p": [[10, 6, {"value": 'pa"ss and 4242 4242 4242 4242'}]]})
    redacted = redactor.payload(payload)
    assert json.loads(redacted)["p"][0][2]["value"] == "*** and 42•••••••••••••••42"
    assert 'pa\\"ss' not in redacted


def test_declared_values_are_redacted_and_typed_ones_only_blacked_out_in_pictures(tmp_path: Path) -> None:
    scenario = load_scenario(
        tmp_path,
        """
        name: Checkout
        url: /
        steps:
          - fill: {selector: "#card", value: "4000 0566 5566 5556"}
          - fill: {selector: "#qty", value: "2"}
          - type: {selector: "#name", text: "Jane Public"}
        expect:
          masking:
            sensitive: ["Jane's secret"]
        """,
    )
    assert redacted_values(scenario) == ("Jane's secret",)
    assert hidden_values(scenario) == ("Jane's secret", "4000 0566 5566 5556", "Jane Public")


def test_nothing_is_hidden_without_a_masking_expectation(tmp_path: Path) -> None:
    scenario = load_scenario(
        tmp_path, 'name: Plain\nurl: /\nsteps:\n  - fill: {selector: "#q", value: "shoes"}\n'
    )
    assert hidden_values(scenario) == ()


def test_a_leak_excerpt_shows_where_the_value_sat_without_showing_it() -> None:
    redactor = Redactor(secrets=frozenset({"tok-123"}), sensitive=frozenset({"Jane Public"}))
    payload = '{"p":[[5,6,[{"value":"' + "x" * 100 + ' Jane Public, card 4111 1111 1111 1111, tok-123"}]]]}'
    excerpt = redactor.leak_excerpt(payload, context=60)
    assert excerpt == "…" + "x" * 59 + ' Ja•••••••ic, card 41•••••••••••••••11, ***"}]]]}'
    assert redactor.leak_excerpt('{"p": []}') is None


def test_numbers_outside_json_strings_are_never_card_numbers() -> None:
    payload = '{"e":[4222222222222],"p":[[1,2,"card 4222222222222 here"]]}'
    assert Redactor().leak_excerpt(payload) == '{"e":[4222222222222],"p":[[1,2,"card 42•••••••••22 here"]]}'
    assert Redactor().leak_excerpt('{"e":[4222222222222]}') is None


def test_a_secret_is_redacted_in_every_form_the_masking_check_searches_for() -> None:
    redactor = Redactor(secrets=frozenset({"Tr0ub4dor&3"}))
    for form in (
        "TR0UB4DOR&3",
        "tr0ub4dor&3",
        "VHIwdWI0ZG9yJjM",
        "Tr0ub4dor%263",
    ):
        assert redactor.text(f"x {form} y") == "x *** y", form
    assert redactor.text("digest " + hashlib.sha256(b"Tr0ub4dor&3").hexdigest().upper()) == "digest ***"


def test_a_secret_is_shown_without_any_part_or_length() -> None:
    redactor = Redactor(secrets=frozenset({"Tr0ub4dor&3", "s3"}))
    assert redactor.text("Tr0ub4dor&3") == "***"
    assert redactor.text("a much longer secret-free text") == "a much longer secret-free text"


def test_a_secret_split_across_two_elements_is_redacted_in_the_replay_data() -> None:
    redactor = Redactor(secrets=frozenset({"Tr0ub4dor&3"}), sensitive=frozenset({"4242 4242 4242 4242"}))
    payload = json.dumps(
        {"p": [[5, 6, ["Password: Tr0ub", "b", "4dor&3 (keep it safe)", "card 4242 4242", "4242 4242"]]]}
    )
    strings = json.loads(redactor.payload(payload))["p"][0][2]
    assert strings == ["Password: ***", "b", "*** (keep it safe)", "card •••••••••", "•••••••••"]
    assert "Tr0ub" not in redactor.payload(payload)


def test_a_value_typed_literally_is_no_secret_so_the_name_shows_it(tmp_path: Path) -> None:
    scenario = load_scenario(
        tmp_path,
        """
        name: search for 'plans'
        url: /
        steps:
          - type: {selector: "#q", text: "plans"}
        expect:
          masking: {}
        """,
    )
    redactor = Redactor.for_scenario(scenario)
    assert redactor.text(scenario.name) == "search for 'plans'"
    assert not redactor.hides_values
