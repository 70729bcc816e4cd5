"""Puts the pinned tag on every page of a browser context and answers Clarity's URLs locally."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Route
from playwright.sync_api import Error as PlaywrightError

from tagprobe.assets import PinnedBuilds
from tagprobe.scenario.model import BLOCKED_BY_CLIENT, DEFAULT_PROJECT_ID, TagMode, TagSetup
from tagprobe.tag.scripts import (
    LOADER_URL_PREFIX,
    SCRIPT_URL_TEMPLATE,
    emulated_loader,
    injection_init_script,
)

TagRequestListener = Callable[[str, str, int], None]
"""Called with (kind, url, answered status) for each request to Clarity's hosts that tagprobe answered."""

SCRIPT_HOST_PATTERN = "https://scripts.clarity.ms/**"
CLARITY_HOSTS_PATTERN = re.compile(r"^https?://([^/]+\.)?clarity\.ms(:\d+)?/")
JAVASCRIPT = "application/javascript; charset=utf-8"
TEXT = "text/plain"
OK = 200


@dataclass(frozen=True, slots=True)
class TagFaults:
    """Test and diagnostic setting: answer Clarity's loader or script with an error status instead of the
    pinned build, to see how a run reports a tag that cannot load (a wrong project id, a CDN outage)."""

    loader_status: int = OK
    script_status: int = OK


@cache
def _read_build(path: Path) -> str:
    return path.read_text(encoding="utf-8")


class TagInstaller:
    """Wires one browser context so that the tag on its pages is the pinned build, uploading to `upload_url`."""

    def __init__(
        self,
        setup: TagSetup,
        builds: PinnedBuilds,
        upload_url: str,
        on_request: TagRequestListener | None = None,
        faults: TagFaults | None = None,
    ) -> None:
        self._setup = setup
        self._builds = builds
        self._upload_url = upload_url
        self._on_request = on_request or (lambda kind, url, status: None)
        self._faults = faults or TagFaults()

    def install(self, context: BrowserContext) -> None:
        if self._setup.mode is TagMode.BLOCKED:
            context.route(CLARITY_HOSTS_PATTERN, self._refuse)
            return
        if self._setup.mode is not TagMode.SITE:
            project_id = self._setup.project_id or DEFAULT_PROJECT_ID
            context.add_init_script(injection_init_script(project_id, self._setup.mode))
        context.route(LOADER_URL_PREFIX + "**", self._answer_loader)
        context.route(SCRIPT_HOST_PATTERN, self._answer_script)

    def _answer_loader(self, route: Route) -> None:
        url = route.request.url
        if self._faults.loader_status != OK:
            self._answer_fault(route, "loader", self._faults.loader_status)
            return
        self._on_request("loader", url, OK)
        project_id = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] or DEFAULT_PROJECT_ID
        script_url = SCRIPT_URL_TEMPLATE.format(version=self._builds.version)
        options = self._setup.start_options(project_id, self._upload_url)
        _fulfill(route, OK, JAVASCRIPT, emulated_loader(options, script_url))

    def _answer_script(self, route: Route) -> None:
        url = route.request.url
        if self._faults.script_status != OK:
            self._answer_fault(route, "script", self._faults.script_status)
            return
        file_name = urlsplit(url).path.rsplit("/", 1)[-1]
        local = self._builds.tag_script.parent / file_name
        if file_name == "clarity.js":
            local = self._builds.tag_script
        elif not (file_name.endswith(".js") and local.is_file()):
            self._on_request("script", url, 404)
            _fulfill(route, 404, TEXT, "not in the pinned clarity-js build")
            return
        self._on_request("script", url, OK)
        _fulfill(route, OK, JAVASCRIPT, _read_build(local))

    def _refuse(self, route: Route) -> None:
        url = route.request.url
        self._on_request(_kind_of(url), url, BLOCKED_BY_CLIENT)
        try:
            route.abort("blockedbyclient")
        except PlaywrightError:
            return

    def _answer_fault(self, route: Route, kind: str, status: int) -> None:
        self._on_request(kind, route.request.url, status)
        _fulfill(route, status, TEXT, f"tagprobe fault: {kind} answered {status}")


def _kind_of(url: str) -> str:
    if url.startswith(LOADER_URL_PREFIX):
        return "loader"
    if urlsplit(url).hostname == "scripts.clarity.ms":
        return "script"
    return "upload"


def _fulfill(route: Route, status: int, content_type: str, body: str) -> None:
    """The page may have crashed or closed since it asked; there is nobody left to answer then."""
    try:
        route.fulfill(status=status, content_type=content_type, body=body)
    except PlaywrightError:
        return
