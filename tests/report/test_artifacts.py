"""Artifact folder names: one per scenario, never shared by two scenarios of a suite."""

from __future__ import annotations

from pathlib import Path

from tagprobe.report.artifacts import MAX_SLUG_CHARS, file_label, scenario_slug


def test_same_named_files_in_different_folders_get_different_folders(tmp_path: Path) -> None:
    checkout = file_label(tmp_path / "checkout" / "smoke.scenario.yaml", tmp_path)
    login = file_label(tmp_path / "login" / "smoke.scenario.yaml", tmp_path)
    assert (checkout, login) == ("checkout/smoke", "login/smoke")
    assert scenario_slug(checkout, "Home page", 0) == "checkout-smoke-1-home-page"
    assert scenario_slug(checkout, "Home page", 0) != scenario_slug(login, "Home page", 0)


def test_a_file_outside_the_root_is_named_by_its_own_name(tmp_path: Path) -> None:
    assert file_label(Path("/elsewhere/shop.scenario.yml"), tmp_path / "project") == "shop"


def test_long_names_stay_short_and_distinct() -> None:
    long = "Checkout with a saved card and a coupon and gift wrapping for a returning customer"
    first = scenario_slug("suite/checkout", long + " in euros", 0)
    second = scenario_slug("suite/checkout", long + " in pounds", 0)
    assert len(first) <= MAX_SLUG_CHARS
    assert len(second) <= MAX_SLUG_CHARS
    assert first != second


def test_a_name_with_nothing_usable_still_gets_a_folder() -> None:
    assert scenario_slug("", "???", 2) == "3"


def test_a_name_never_carries_a_hidden_value_in_any_case() -> None:
    slug = scenario_slug("secret", "Secret login TR0UB4DOR&3 for jane@example.com", 0, ["Tr0ub4dor&3"])
    assert slug == "secret-1-secret-login-for-ja-om"
    assert "tr0ub4dor" not in slug
