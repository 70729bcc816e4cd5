"""Renders the shop's HTML templates for one demo configuration."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

CLARITY_SNIPPET = """<script>
(function(c,l,a,r,i,t,y){
    c[a]=c[a]||function(){(c[a].q=c[a].q||[]).push(arguments)};
    t=l.createElement(r);t.async=1;t.src="https://www.clarity.ms/tag/"+i;
    y=l.getElementsByTagName(r)[0];y.parentNode.insertBefore(t,y);
})(window, document, "clarity", "script", "PROJECT_ID");
</script>"""

BARE_CLARITY_LOADER = '<script src="https://www.clarity.ms/tag/PROJECT_ID"></script>'
"""Clarity's loader without the snippet's queue stub: `window.clarity` exists only once the loader ran."""

DUPLICATE_CLARITY_TAG = '<script async src="https://scripts.clarity.ms/0.8.70/clarity.js"></script>'

_PROJECT_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True, slots=True)
class PageSettings:
    defect: str | None
    site_tag: bool
    project_id: str

    def __post_init__(self) -> None:
        if not _PROJECT_ID_PATTERN.fullmatch(self.project_id):
            raise ValueError(
                f"invalid Clarity project id {self.project_id!r}: use 1-64 letters, digits, '-' or '_'"
            )


def clarity_snippet(settings: PageSettings) -> str:
    if not settings.site_tag:
        return ""
    template = BARE_CLARITY_LOADER if settings.defect == "unguarded-clarity" else CLARITY_SNIPPET
    return template.replace("PROJECT_ID", settings.project_id)


def render_page(template: str, settings: PageSettings) -> str:
    replacements = {
        "{{defect}}": html.escape(settings.defect or ""),
        "{{clarity_snippet}}": clarity_snippet(settings),
        "{{duplicate_tag}}": DUPLICATE_CLARITY_TAG if settings.defect == "duplicate-tag" else "",
        "{{body_attributes}}": ' data-clarity-mask="true"' if settings.defect == "mask-all" else "",
    }
    page = template
    for placeholder, value in replacements.items():
        page = page.replace(placeholder, value)
    return page
