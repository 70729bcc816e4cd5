"""The decode-runtime bench names each way clarity-decode ran and how it compares with Playwright's Node."""

from __future__ import annotations

from bench.decode_runtimes import report


def test_each_way_is_printed_against_playwrights_node() -> None:
    lines = report(
        {
            "playwright_node_s": 0.5,
            "path_node_s": 0.55,
            "chromium_s": 1.5,
            "repeats": 5,
            "uploads": 550,
            "megabytes": 3.1,
        }
    )
    assert "550 uploads (3.1 MB), median of 5" in lines[0]
    assert "Playwright's Node.js (what tagprobe uses)" in lines[1]
    assert "500 ms" in lines[1]
    assert "x1.10" in lines[2]
    assert "browser build" in lines[3]
    assert "x3.00" in lines[3]


def test_a_machine_without_node_on_path_gets_no_such_line() -> None:
    lines = report(
        {"playwright_node_s": 0.5, "chromium_s": 1.0, "repeats": 1, "uploads": 1, "megabytes": 0.0}
    )
    assert len(lines) == 3
    assert not any("on PATH" in text for text in lines)
