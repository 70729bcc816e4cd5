"""What a page sees of automation: `navigator.webdriver`, and whether the page looked at it.

tagprobe's browser hides Chromium's automation flag (browser/launch.py), as a person's browser would: consent
managers (`hideFromBots`) and bot checks stay away from a browser that says it is automated, and the page
would not be the one people get. A scenario may ask for the flag (`automation_flag: true`); every context
also notes whether the page read `navigator.webdriver`, so that a step waiting for an element that never
appeared can say that the page checked it."""

from __future__ import annotations

import json

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

READ_MARK = "tagprobe.webdriver.read"
"""A `Symbol.for` key on window, set once the page has read navigator.webdriver."""


def webdriver_init_script(automation_flag: bool) -> str:
    """Keeps Chromium's own getter (so `navigator.webdriver` stays what the browser says), notes each read
    by the site's code (not the tag's), and answers true when the scenario asks for the automation flag."""
    answer = "true" if automation_flag else "original.call(this)"
    return f"""(() => {{
  const proto = Navigator.prototype;
  const descriptor = Object.getOwnPropertyDescriptor(proto, "webdriver");
  if (!descriptor || typeof descriptor.get !== "function") return;
  const original = descriptor.get;
  const mark = Symbol.for({json.dumps(READ_MARK)});
  Object.defineProperty(proto, "webdriver", {{
    configurable: true,
    enumerable: descriptor.enumerable,
    get: {{ webdriver() {{
      // The Clarity tag reads it too (its Automation metric): only the site's own reads count.
      if (!/clarity\\.ms\\//.test(String(new Error().stack))) window[mark] = true;
      return {answer};
    }} }}.webdriver,
  }});
}})();"""


PROBE = f"""() => ({{read: window[Symbol.for({json.dumps(READ_MARK)})] === true,
  value: Object.getOwnPropertyDescriptor(Navigator.prototype, "webdriver").get.call(navigator)}})"""


def webdriver_note(page: Page) -> str:
    """A sentence for a step that timed out on an element: said only when the page read navigator.webdriver."""
    try:
        seen = page.evaluate(PROBE)
    except PlaywrightError:
        return ""
    if not isinstance(seen, dict) or not seen.get("read"):
        return ""
    if seen.get("value") is True:
        return (
            ". The page read navigator.webdriver, which is true here because the automation flag is on "
            "(`automation_flag: true` in the scenario, or --automation-flag): consent managers and bot "
            "checks hide from a browser that says it is automated, so the element may never show. Run "
            "without the flag to see the page people get"
        )
    return (
        ". The page read navigator.webdriver (false here, as in a person's browser): if it hides content "
        "from automation by other signs too, the element may never show"
    )
