"""Page text made harmless where CI reads it: a terminal or CI log, and GitHub's Markdown job summary.

A page under test controls the error messages, titles and texts tagprobe quotes. Written raw, they could move
the terminal's cursor (ANSI escapes), start a GitHub workflow command (`::error ...`, `::stop-commands::...`
at the start of a line, `##[...]` anywhere), or put live Markdown (images from other hosts, links, HTML)
into the job summary. Control characters are shown as escapes, never emitted."""

from __future__ import annotations

import re
import string

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
"""C0 and C1 controls (keeping tab and newline, which the log callers handle), DEL, zero-width and
direction marks, and Unicode line separators: none of them belongs in a CI log as is."""
_COMMAND_AT_LINE_START = re.compile(r"^(\s*)(::)", re.MULTILINE)
_LEGACY_COMMAND = "##["
_DEFUSED_PREFIX = "\u00bb "
_MARKDOWN_SPECIAL = frozenset(string.punctuation)


def visible_controls(text: str) -> str:
    """Every control character as a visible escape (`\\x1b`, `\\r`, `\\u202e`); tab and newline kept."""

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if char == "\r":
            return "\\r"
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _CONTROL.sub(escape, text)


def log_text(text: str) -> str:
    """Text safe to print to a terminal or a CI log: no escape sequences, no line that GitHub would read as a
    workflow command (such a line is prefixed with `» `), no legacy `##[` command."""
    shown = visible_controls(text).replace(_LEGACY_COMMAND, "# #[")
    return _COMMAND_AT_LINE_START.sub(lambda match: f"{match.group(1)}{_DEFUSED_PREFIX}::", shown)


def markdown_text(text: object) -> str:
    """Text shown literally in GitHub Markdown, on one line and inside a table cell: every ASCII punctuation
    character backslash-escaped (no image, link, autolink, emphasis, HTML, entity or `|`), controls visible."""
    one_line = visible_controls(str(text)).replace("\t", " ").replace("\n", " ")
    return "".join(f"\\{char}" if char in _MARKDOWN_SPECIAL else char for char in one_line)
