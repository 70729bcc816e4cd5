"""Where clarity-decode runs, compared on the analysis bench's session (50 pages, 10,000 clicks): the Node.js
that Playwright ships (what tagprobe uses, so `pip install tagprobe` needs no Node), the Node.js on PATH, and
clarity-decode's browser build in Chromium (each payload handed in and each result handed back as JSON over
the DevTools protocol). Each way decodes the whole session `repeats` times in turn; medians are printed."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from typing import Any

from playwright.sync_api import sync_playwright

from bench.analysis import session_payloads
from bench.figures import line, median
from tagprobe.assets import pinned_builds
from tagprobe.browser.locate import choose_browser
from tagprobe.decode.node_bridge import DecoderProcess, decode_payloads, playwright_node
from tagprobe.report.replay import decoder_script

DECODE_ALL = """(payloads) => JSON.stringify(payloads.map((payload) => {
  try { return {ok: true, decoded: window.clarity.decode.decode(payload)}; }
  catch (error) { return {ok: false, error: String(error)}; }
}))"""
# The bench page loads nothing: any request Chromium makes goes to a closed port, and no name resolves.
SEALED = ["--proxy-server=http://127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND"]


def _in_node(node: str, payloads: list[str]) -> float:
    builds = pinned_builds()
    started = time.monotonic()
    answers = decode_payloads(payloads, builds, DecoderProcess(builds, node))
    elapsed = time.monotonic() - started
    assert all(answer.error is None for answer in answers)
    return elapsed


def _chromium_timings(payloads: list[str], repeats: int) -> list[float]:
    source = decoder_script(pinned_builds().node_modules).read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        choice = choose_browser(playwright)
        executable = str(choice.executable) if choice.executable else None
        browser = playwright.chromium.launch(executable_path=executable, args=SEALED)
        try:
            page = browser.new_page()
            page.add_script_tag(content=source)
            timings = []
            for _ in range(repeats):
                started = time.monotonic()
                answers = json.loads(page.evaluate(DECODE_ALL, payloads))
                timings.append(time.monotonic() - started)
                assert all(answer["ok"] for answer in answers)
        finally:
            browser.close()
    return timings


def measure(repeats: int = 5) -> dict[str, Any]:
    payloads = session_payloads()
    ways: dict[str, Callable[[], float]] = {}
    bundled = playwright_node()
    if bundled is not None:
        ways["playwright_node_s"] = lambda: _in_node(str(bundled), payloads)
    on_path = shutil.which("node")
    if on_path is not None:
        ways["path_node_s"] = lambda: _in_node(on_path, payloads)
    timings: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(repeats):
        for name, way in ways.items():
            timings[name].append(way())
    timings["chromium_s"] = _chromium_timings(payloads, repeats)
    return {
        **{name: median(values) for name, values in timings.items()},
        "repeats": repeats,
        "uploads": len(payloads),
        "megabytes": sum(map(len, payloads)) / 1e6,
    }


def report(figures: dict[str, Any]) -> list[str]:
    labels = {
        "playwright_node_s": "decode in Playwright's Node.js (what tagprobe uses)",
        "path_node_s": "decode in the Node.js on PATH",
        "chromium_s": "decode in Chromium (clarity-decode's browser build)",
    }
    base = figures.get("playwright_node_s")
    lines = [
        f"Where clarity-decode runs: {figures['uploads']} uploads ({figures['megabytes']:.1f} MB), "
        f"median of {figures['repeats']}"
    ]
    for key, label in labels.items():
        if key in figures:
            ratio = f"x{figures[key] / base:.2f} of Playwright's Node" if base else ""
            lines.append(line(label, f"{figures[key] * 1000:.0f} ms", ratio))
    return lines
