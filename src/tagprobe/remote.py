"""`--connect ws://...`: how tagprobe asks a Playwright browser server (`playwright run-server`, a grid) to launch
its browser the way tagprobe would launch it locally.

Playwright's server reads launch options as JSON from the `launch-options` query parameter of the WebSocket
URL (or the `x-playwright-launch-options` header). It applies `headless`, `channel` and `slowMo` always, and
`executablePath` and `args` only when started with `--unsafe`; tagprobe names an executable only when told
to (`--browser-path` or TAGPROBE_BROWSER), because its own path means nothing on another machine."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tagprobe.browser.launch import BrowserSettings

LAUNCH_OPTIONS_PARAM = "launch-options"


def _camel_case(name: str) -> str:
    return re.sub(r"_([a-z])", lambda match: match.group(1).upper(), name)


def server_launch_options(settings: BrowserSettings) -> dict[str, Any]:
    """The local launch options under the names Playwright's server expects (`slow_mo` -> `slowMo`)."""
    return {_camel_case(key): value for key, value in settings.launch_options().items()}


def connect_url(url: str, settings: BrowserSettings) -> str:
    """`url` with tagprobe's launch options; launch options already in the URL are the user's and win."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(key == LAUNCH_OPTIONS_PARAM for key, _ in query):
        return url
    options = json.dumps(server_launch_options(settings), separators=(",", ":"))
    return urlunsplit(parts._replace(query=urlencode([*query, (LAUNCH_OPTIONS_PARAM, options)])))
