"""Before a page closes, lets the tag record what the last step changed: the page goes quiet, the tag's
look-ahead windows pass, and a task queued behind the tag's own work has run.

Closing a page stops the tag, and stopping drops whatever it has not encoded yet (clarity-js 0.8.70,
tests/tag/test_recording_end_e2e.py): DOM changes whose processing yielded to `requestIdleCallback` (a busy
page, a loaded machine), typed values it keeps 750 ms for more keystrokes, scrolls and mouse moves it keeps
500 ms. A scenario ending with `wait_for` right after the step that leaked would then pass masking.

The tag runs its work as tasks, one after the other (`clarity("schedule", task)` queues one more). So once
the page has been quiet and the look-ahead windows have passed, a task queued now runs only after the tag has
encoded everything it had seen; what it encoded goes out in the last beacon when the page closes."""

from __future__ import annotations

import json
from enum import StrEnum

from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from tagprobe.capture.tag_calls import INTERNAL_CALL

ACTIVITY_EVENT = "tagprobe:activity"
DOM_QUIET_MS = 100
"""No DOM change for this long: what the last step set off has been drawn (a render spread over frames)."""
INPUT_LOOK_AHEAD_MS = 750
"""clarity-js `Setting.InputLookAhead`: how long the tag keeps a typed value before it encodes it."""
MOTION_LOOK_AHEAD_MS = 500
"""clarity-js `Setting.LookAhead` (interaction): the same for scrolls, mouse moves and selections."""
TIMER_MARGIN_MS = 50
"""The tag arms its timer a moment after this page noted the event."""
QUIET_CAP_MS = INPUT_LOOK_AHEAD_MS + TIMER_MARGIN_MS + DOM_QUIET_MS + 250
"""A page that never stops changing is not waited for past this: the tag's task still has to run."""

ACTIVITY_SCRIPT = f"""(() => {{
  if (window.top !== window) return;
  const seen = {{mutation: -Infinity, input: -Infinity, motion: -Infinity}};
  const stamp = (kind) => () => {{ seen[kind] = performance.now(); }};
  new MutationObserver(stamp("mutation")).observe(document,
    {{attributes: true, childList: true, characterData: true, subtree: true}});
  const options = {{capture: true, passive: true}};
  for (const type of ["input", "change"]) addEventListener(type, stamp("input"), options);
  for (const type of ["scroll", "mousemove", "wheel", "touchmove", "selectionchange", "resize"]) {{
    addEventListener(type, stamp("motion"), options);
  }}
  const timer = window.setTimeout.bind(window);
  const clearTimer = window.clearTimeout.bind(window);
  document.addEventListener({json.dumps(ACTIVITY_EVENT)}, (event) => {{
    if (!event.detail || typeof event.detail !== "object") return;
    Object.assign(event.detail, {{read: () => ({{...seen}}), timer, clearTimer}});
  }});
}})();"""
"""Notes, in every top document from its start, when the DOM last changed and when the visitor last typed or
moved, and keeps the page's own timer functions (a site may replace them later): the drain reads these through
an event only it sends, so the page sees no new global."""

DRAIN = """async ({event, quietMs, inputMs, motionMs, marginMs, capMs, taskBoundMs, mark}) => {
  const probe = {};
  document.dispatchEvent(new CustomEvent(event, {detail: probe}));
  const read = probe.read || (() => ({mutation: -Infinity, input: -Infinity, motion: -Infinity}));
  const timer = probe.timer || setTimeout, clearTimer = probe.clearTimer || clearTimeout;
  const began = performance.now();
  await new Promise((resolve) => {
    // Checked from a timer only: on a busy page the tag's own look-ahead timer may be overdue and not yet
    // run, and a timer armed now runs after every timer due before it.
    const check = () => {
      const seen = read();
      const due = Math.min(began + capMs, Math.max(
        seen.mutation + quietMs, seen.input + inputMs + marginMs, seen.motion + motionMs + marginMs));
      const now = performance.now();
      if (now >= due) resolve(); else timer(check, Math.max(due - now, 1));
    };
    timer(check, 1);
  });
  const tag = window.clarity;
  if (typeof tag !== "function" || !("v" in tag)) return "no live tag";
  return await new Promise((resolve) => {
    const bound = timer(() => resolve("busy"), taskBoundMs);
    const task = async () => { clearTimer(bound); resolve("recorded"); };
    task[Symbol.for(mark)] = true;
    try { tag("schedule", task); } catch (error) { clearTimer(bound); resolve("refused"); }
  });
}"""


class Drained(StrEnum):
    RECORDED = "recorded"
    """The tag encoded everything it had seen: the last beacon will carry it."""
    BUSY = "busy"
    """The tag was still working when the bound passed."""
    NO_LIVE_TAG = "no live tag"
    """No running tag on the page (blocked, stopped, replaced): nothing to wait for."""
    REFUSED = "refused"
    """The page's `window.clarity` threw."""
    GONE = "gone"
    """The page navigated or closed meanwhile: its last beacon has gone out already."""


def drain_note(drained: Drained, task_bound_ms: float) -> str | None:
    """What the capture lacks when the tag had not caught up by the bound (a note makes `health` say so)."""
    if drained is not Drained.BUSY:
        return None
    return (
        f"the tag was still busy recording when the page closed, {task_bound_ms / 1000:.0f} s after the last "
        "step (its step timeout): what that step changed may be missing from the recording"
    )


def watch_activity(context: BrowserContext) -> None:
    """Before any page of the context loads: what `drain` needs to know when the page was last active."""
    context.add_init_script(ACTIVITY_SCRIPT)


def drain_budget_ms(task_bound_ms: float) -> float:
    """The longest `drain` takes on a page that still answers."""
    return QUIET_CAP_MS + task_bound_ms


def drain(page: Page, task_bound_ms: float) -> Drained:
    """Waits, in the page, until it has been quiet and the tag has encoded what it saw, for at most
    `drain_budget_ms(task_bound_ms)` on the page's clock. No Playwright timeout: arm the watchdog around it."""
    try:
        answer = page.evaluate(
            DRAIN,
            {
                "event": ACTIVITY_EVENT,
                "quietMs": DOM_QUIET_MS,
                "inputMs": INPUT_LOOK_AHEAD_MS,
                "motionMs": MOTION_LOOK_AHEAD_MS,
                "marginMs": TIMER_MARGIN_MS,
                "capMs": QUIET_CAP_MS,
                "taskBoundMs": task_bound_ms,
                "mark": INTERNAL_CALL,
            },
        )
    except PlaywrightError:
        return Drained.GONE
    try:
        return Drained(answer)
    except ValueError:
        return Drained.REFUSED
