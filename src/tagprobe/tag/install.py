"""Puts the pinned tag on every page of a browser context and answers Clarity's URLs locally."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Route

from tagprobe.assets import PinnedBuilds
from tagprobe.scenario.model import DEFAULT_PROJECT_ID, TagMode, TagSetup
from tagprobe.tag.scripts import (
    LOADER_URL_PREFIX,
    SCRIPT_URL_TEMPLATE,
    emulated_loader,
    injection_init_script,
)

TagRequestListener = Callable[[str, str], None]
"""Called with (kind, url) for each request to Clarity's hosts that tagprobe answered."""

SCRIPT_HOST_PATTERN = "https://scripts.clarity.ms/**"
JAVASCRIPT = "application/javascript; charset=utf-8"


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
    ) -> None:
        self._setup = setup
        self._builds = builds
        self._upload_url = upload_url
        self._on_request = on_request or (lambda kind, url: None)

    def install(self, context: BrowserContext) -> None:
        if self._setup.mode is not TagMode.SITE:
            project_id = self._setup.project_id or DEFAULT_PROJECT_ID
            context.add_init_script(injection_init_script(project_id, self._setup.mode))
        context.route(LOADER_URL_PREFIX + "**", self._answer_loader)
        context.route(SCRIPT_HOST_PATTERN, self._answer_script)

    def _answer_loader(self, route: Route) -> None:
        url = route.request.url
        self._on_request("loader", url)
        project_id = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] or DEFAULT_PROJECT_ID
        script_url = SCRIPT_URL_TEMPLATE.format(version=self._builds.version)
        options = self._setup.start_options(project_id, self._upload_url)
        route.fulfill(status=200, content_type=JAVASCRIPT, body=emulated_loader(options, script_url))

    def _answer_script(self, route: Route) -> None:
        url = route.request.url
        self._on_request("script", url)
        file_name = urlsplit(url).path.rsplit("/", 1)[-1]
        if file_name == "clarity.js":
            route.fulfill(status=200, content_type=JAVASCRIPT, body=_read_build(self._builds.tag_script))
            return
        local = self._builds.tag_script.parent / file_name
        if file_name.endswith(".js") and local.is_file():
            route.fulfill(status=200, content_type=JAVASCRIPT, body=_read_build(local))
            return
        route.fulfill(status=404, content_type="text/plain", body="not in the pinned clarity-js build")
