"""The site's stylesheets as a replay embeds them: redacted like the replay data, each `@import` and `url()`
made self-contained, so the replayed page is styled and still requests nothing from any network."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote, urldefrag, urljoin

from tagprobe.report.redaction import Redactor

EMPTY_RESOURCE = "data:,"
"""What a reference to anything not kept (an image, a font, a sheet past the cap) points to in the replay."""
_REFERENCE = re.compile(
    r"""url\(\s*(?P<quote>['"]?)(?P<url>.*?)(?P=quote)\s*\)|@import\s+(?P<iquote>['"])(?P<import>.*?)(?P=iquote)""",
    re.IGNORECASE | re.DOTALL,
)


def css_data_url(text: str) -> str:
    return "data:text/css;charset=utf-8," + quote(text, safe="")


def kept_stylesheets(path: Path) -> dict[str, str]:
    """url -> text of the sheets in a scenario's stylesheets.json; none when the file is missing or unreadable."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return {str(sheet["url"]): str(sheet["text"]) for sheet in document.get("kept", [])}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def replay_stylesheets(sheets: dict[str, str], redactor: Redactor) -> dict[str, str]:
    """url -> the sheet's text, redacted, with every reference it makes swapped for a data: URL: a kept sheet
    (itself made self-contained) or an empty resource."""
    redacted = {urldefrag(url).url: redactor.text(text) for url, text in sheets.items()}
    done: dict[str, str] = {}

    def self_contained(url: str, chain: tuple[str, ...]) -> str:
        if url in done:
            return done[url]

        def swap(match: re.Match[str]) -> str:
            reference = match.group("url") if match.group("url") is not None else match.group("import")
            if reference.strip().lower().startswith("data:"):
                return match.group(0)
            target = urldefrag(urljoin(url, reference.strip())).url
            if target in redacted and target not in chain:
                replacement = css_data_url(self_contained(target, (*chain, target)))
            else:
                replacement = EMPTY_RESOURCE
            return (
                f'url("{replacement}")' if match.group("url") is not None else f'@import url("{replacement}")'
            )

        done[url] = _REFERENCE.sub(swap, redacted[url])
        return done[url]

    return {url: self_contained(url, (url,)) for url in redacted}
