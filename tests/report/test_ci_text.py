"""Page text made harmless for a CI log and for GitHub's Markdown job summary."""

from __future__ import annotations

from tagprobe.report.ci_text import log_text, markdown_text, visible_controls

INJECTION = "Error: boom\r\n::error file=INJECTED.py,line=7::owned\n  ::stop-commands::abc\n##[error]old"


def test_no_line_of_page_text_starts_a_workflow_command() -> None:
    shown = log_text(INJECTION)
    assert not [line for line in shown.split("\n") if line.strip().startswith("::")]
    assert "##[" not in shown
    assert "» ::error file=INJECTED.py" in shown
    assert "\\r" in shown


def test_escape_sequences_and_invisible_characters_are_shown_not_sent() -> None:
    text = "a\x1b[31mred\x1b[0m\x07\x9b\u202eevil\u2028b\x00\tc"
    shown = visible_controls(text)
    assert shown == "a\\x1b[31mred\\x1b[0m\\x07\\x9b\\u202eevil\\u2028b\\x00\tc"
    assert log_text(text) == shown


def test_markdown_text_renders_as_written() -> None:
    text = "![x](https://evil.example/i.png) <b>*bold*</b> | `code` &amp; www.x.example\nnext"
    shown = markdown_text(text)
    assert shown == (
        "\\!\\[x\\]\\(https\\:\\/\\/evil\\.example\\/i\\.png\\) \\<b\\>\\*bold\\*\\<\\/b\\> \\| \\`code\\` "
        "\\&amp\\; www\\.x\\.example next"
    )
    assert markdown_text("tab\x1b[2J") == "tab\\\\x1b\\[2J"


def test_ordinary_text_is_left_alone() -> None:
    assert (
        log_text("health: the tag sent 3 uploads\nmasking: ok")
        == "health: the tag sent 3 uploads\nmasking: ok"
    )
