"""error_click: a script error within `error_click_window_ms` after a click, charged to the latest click before
it; one signal per attempt (clicks on one element in a row), counting its errors."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from tagprobe.decode.events import ScriptError
from tagprobe.detect.clicks import attempts
from tagprobe.detect.config import DetectorConfig
from tagprobe.detect.signal import Signal, SignalType
from tagprobe.detect.timeline import PageTimeline, SessionTimeline


def detect_page(page: PageTimeline, config: DetectorConfig) -> Iterator[Signal]:
    runs = list(attempts(page.clicks, config))
    run_of_click = [index for index, run in enumerate(runs) for _ in run]
    click_times = [clicked.time for run in runs for clicked in run]
    errors_by_run: dict[int, list[ScriptError]] = {}
    for error in page.errors:
        latest = bisect_right(click_times, error.time) - 1
        if latest >= 0 and error.time - click_times[latest] <= config.error_click_window_ms:
            errors_by_run.setdefault(run_of_click[latest], []).append(error)
    for index, errors in sorted(errors_by_run.items()):
        run = runs[index]
        first = errors[0]
        delay = first.time - max(clicked.time for clicked in run if clicked.time <= first.time)
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        yield Signal(
            SignalType.ERROR_CLICK, page.number, page.url, run[0].time, len(errors),
            f"{first.message}{more}, {delay} ms after the click (within {config.error_click_window_ms} ms)",
            run[0].element, run[-1].time - run[0].time,
        )  # fmt: skip


def detect(session: SessionTimeline, config: DetectorConfig) -> Iterator[Signal]:
    for page in session.pages:
        yield from detect_page(page, config)
