"""Memory bench: a page that mutates and logs non-stop for N seconds, and what tagprobe's Python process holds.

    python -m bench.bench_memory [--seconds 60] [--cap-mib 4] [--json FILE]

Every `--route-every` seconds the page moves to a new SPA route, so the tag starts a new page with fresh
limits of its own (128 uploads and 10 MB of playback a page); the capture's own limits (CaptureLimits: 32 MiB
of payload, 20,000 uploads, 5,000 console lines) are what bound it then. Each configuration runs in a child
process of its own, so that its peak RSS (ru_maxrss: the most the process ever held, decoding and checks
included) is its own. The browser and Node are other processes and are not counted."""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tagprobe.capture.limits import MIB, CaptureLimits
from tagprobe.capture.loopback import LoopbackServer, QuietHandler

CHILD_TIMEOUT_S = 900
PAGE = """<!doctype html><html><head><title>never still</title></head><body>
<button id="go">Go</button><div id="slots"></div><script>
document.getElementById("slots").innerHTML = Array.from({length: 2000}, (_, i) => `<div id="slot${i}"></div>`).join("");
const seconds = Number(new URLSearchParams(location.search).get("seconds") || 60);
const routeEvery = Number(new URLSearchParams(location.search).get("route_every") || 10);
const started = Date.now();
let tick = 0, route = 0;
const timer = setInterval(() => {
  // A different target each tick: Clarity suspends a mutation it has seen 10 times (same target, same kind
  // of nodes) until the visitor interacts, so only ever-new targets keep its uploads growing.
  const slots = document.getElementById("slots").children;
  const slot = slots[tick % slots.length];
  const old = slots[(tick + slots.length / 2) % slots.length];
  old.textContent = "";
  for (let i = 0; i < 50; i++) {
    const item = document.createElement("p");
    item.textContent = "tick " + tick + " item " + i + " " + "lorem ipsum dolor sit amet ".repeat(8);
    slot.append(item);
  }
  console.log("tick " + tick++ + " " + "x".repeat(1000));
  const elapsed = (Date.now() - started) / 1000;
  if (Math.floor(elapsed / routeEvery) > route) {
    route += 1;
    history.pushState({}, "", "/route/" + route + location.search);
  }
  if (elapsed >= seconds) {
    clearInterval(timer);
    const done = document.createElement("p");
    done.id = "done";
    done.textContent = "done";
    document.body.append(done);
  }
}, 50);
</script></body></html>"""


class NeverStillSite(LoopbackServer):
    def __init__(self) -> None:
        body = PAGE.encode("utf-8")

        class Handler(QuietHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        super().__init__(Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass(frozen=True, slots=True)
class MemoryFigures:
    seconds: float
    cap_mib: float
    uploads_arrived: int
    uploads_kept: int
    payload_mib_kept: float
    console_lines_kept: int
    notes: tuple[str, ...]
    baseline_rss_mib: float
    """The process with Playwright and the browser started, before the scenario."""
    peak_rss_mib: float
    scenario_s: float


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_once(seconds: float, route_every: float, cap_mib: float) -> MemoryFigures:
    """One run in this process: start everything, note the RSS, run the scenario, note the peak."""
    from playwright.sync_api import sync_playwright

    from tagprobe.assets import pinned_builds
    from tagprobe.browser.launch import BrowserSettings, open_browser
    from tagprobe.browser.locate import choose_browser
    from tagprobe.engine import ScenarioPipeline
    from tagprobe.run.runner import RunSettings
    from tagprobe.run.settings import StepPictures
    from tagprobe.scenario.load import load_file

    scenario_text = f"""
        name: never still
        url: /start?seconds={seconds:g}&route_every={route_every:g}
        tag: {{config: {{delay: 100}}}}
        steps:
          - click: "#go"
          - wait_for: {{selector: "#done", timeout_ms: {(seconds + 60) * 1000:.0f}}}
        """
    limits = CaptureLimits() if cap_mib <= 0 else CaptureLimits(upload_bytes=int(cap_mib * MIB))
    with tempfile.TemporaryDirectory() as folder, NeverStillSite() as site, sync_playwright() as playwright:
        path = Path(folder) / "never-still.scenario.yaml"
        path.write_text(textwrap.dedent(scenario_text), encoding="utf-8")
        scenario = load_file(path)[0].scenario
        assert scenario is not None
        browser = open_browser(playwright, BrowserSettings(choose_browser(playwright)))
        settings = RunSettings(
            base_url=site.url,
            output_dir=Path(folder),
            builds=pinned_builds(),
            capture_limits=limits,
            step_pictures=StepPictures.OFF,
        )
        baseline = _rss_mib()
        started = time.monotonic()
        outcome = ScenarioPipeline(browser, settings).run(scenario, "never-still")
        elapsed = time.monotonic() - started
        browser.close()
    capture = outcome.record.capture
    kept = sum(len(upload.payload) for upload in capture.uploads)
    return MemoryFigures(
        seconds=seconds,
        cap_mib=limits.upload_bytes / MIB,
        uploads_arrived=len(capture.uploads) + capture.uploads_left_out,
        uploads_kept=len(capture.uploads),
        payload_mib_kept=round(kept / MIB, 2),
        console_lines_kept=len(capture.console),
        notes=capture.notes,
        baseline_rss_mib=round(baseline, 1),
        peak_rss_mib=round(_rss_mib(), 1),
        scenario_s=round(elapsed, 1),
    )


def measure_in_child(seconds: float, route_every: float, cap_mib: float) -> MemoryFigures:
    command = [sys.executable, "-m", "bench.bench_memory", "--child"]
    command += ["--seconds", str(seconds), "--route-every", str(route_every), "--cap-mib", str(cap_mib)]
    completed = subprocess.run(
        command,
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_S + seconds,
        check=True,
    )
    figures: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    figures["notes"] = tuple(figures["notes"])
    return MemoryFigures(**figures)


def report(figures: MemoryFigures) -> list[str]:
    cap = f"{figures.cap_mib:g} MiB cap"
    lines = [
        f"{figures.seconds:g} s of a page mutating and logging non-stop ({cap}): "
        f"{figures.uploads_arrived} uploads arrived, {figures.uploads_kept} kept "
        f"({figures.payload_mib_kept} MiB), {figures.console_lines_kept} console lines kept",
        f"  Python process RSS: {figures.baseline_rss_mib} MiB before the scenario, "
        f"peak {figures.peak_rss_mib} MiB (+{figures.peak_rss_mib - figures.baseline_rss_mib:.1f} MiB) "
        f"over {figures.scenario_s} s",
    ]
    lines.extend(f"  note: {note}" for note in figures.notes)
    return lines


def measure(seconds: float, route_every: float = 10, cap_mib: float = 2) -> dict[str, Any]:
    """For `make bench`: the run with tagprobe's own limits, then one with a tight payload cap."""
    runs = [measure_in_child(seconds, route_every, 0)]
    if cap_mib > 0:
        runs.append(measure_in_child(seconds, route_every, cap_mib))
    return {"runs": [asdict(figures) for figures in runs]}


def report_all(figures: dict[str, Any]) -> list[str]:
    lines = ["Memory: what tagprobe's Python process holds while a page mutates and logs non-stop"]
    for run in figures["runs"]:
        lines.extend(report(MemoryFigures(**{**run, "notes": tuple(run["notes"])})))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_memory", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long the page mutates (default 60)")
    parser.add_argument(
        "--route-every", type=float, default=10, help="seconds between SPA routes (default 10)"
    )
    parser.add_argument(
        "--cap-mib",
        type=float,
        default=2,
        help="a tight payload cap for a second run (default 2; 0: no second run)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        figures = measure_once(options.seconds, options.route_every, options.cap_mib)
        print(json.dumps(asdict(figures)))
        return
    runs = [measure_in_child(options.seconds, options.route_every, 0)]
    if options.cap_mib > 0:
        runs.append(measure_in_child(options.seconds, options.route_every, options.cap_mib))
    for figures in runs:
        print("\n".join(report(figures)))
    if options.json:
        options.json.write_text(json.dumps([asdict(figures) for figures in runs], indent=2) + "\n")


if __name__ == "__main__":
    main()
