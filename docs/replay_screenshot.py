"""Takes docs/replay.png, the README's picture of a styled replay: runs the bundled frustration scenario on the
demo shop, opens its report in headless Chromium (the one tagprobe finds) and follows the rage click's link
into the replay. Run it with `make replay-screenshot`."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tagprobe.browser.locate import choose_browser

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "frustration.scenario.yaml"
PICTURE = ROOT / "docs" / "replay.png"


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        reports = Path(folder)
        tagprobe = Path(sys.executable).with_name("tagprobe")
        run = [str(tagprobe), "run", str(SCENARIO), f"--tagprobe-reports={reports}", "-q"]
        if subprocess.run(run, cwd=ROOT, check=False).returncode != 0:
            print("the frustration scenario did not pass: no picture taken", file=sys.stderr)
            return 1
        with sync_playwright() as playwright:
            executable = choose_browser(playwright).executable
            browser = playwright.chromium.launch(executable_path=str(executable) if executable else None)
            page = browser.new_page(viewport={"width": 1180, "height": 1000}, device_scale_factor=1)
            page.goto((reports / "index.html").as_uri())
            scenario = page.locator("details.scenario").first
            scenario.evaluate("details => { details.open = true; }")
            scenario.locator("table.signals tr:has(.chip.rage_click) a.replay-moment").first.click()
            replay = scenario.locator("[data-replay]")
            page.wait_for_function(
                "replay => replay.dataset.state === 'ready' && replay.dataset.page === '2'",
                arg=replay.element_handle(),
            )
            replay.locator(".player").screenshot(path=str(PICTURE))
            browser.close()
    print(f"wrote {PICTURE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
