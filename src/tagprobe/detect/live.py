"""What a live run knows that Clarity's recording cannot show: when each scripted action began and when a
click opened a popup window. `tagprobe detect` on saved uploads has neither."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class LiveFacts:
    """Wall-clock times (epoch ms, the clock of the tag's Metric 0) seen by the run driving the browser."""

    action_starts_epoch_ms: tuple[float, ...] = ()
    """When each scripted step began: a click is judged only on the recording before the next one."""
    popups_epoch_ms: tuple[float, ...] = ()
    """When a page of the run opened another window (Playwright's popup event): a reaction the tag never sees."""
    page_starts_epoch_ms: Mapping[int, float] = field(default_factory=dict)
    """page number -> the wall-clock time of the page's time 0, as the run measured it from when each upload
    arrived. The tag's own Metric 0 is taken during its start-up, which lags by up to a few hundred ms on a
    loaded machine: too coarse to place a step against a 500 ms window."""

    def in_page_time(
        self, times: tuple[float, ...], page_number: int, page_started_epoch_ms: int | None
    ) -> tuple[int, ...]:
        """`times` on a page's own clock (ms since the tag started there); none when that start is unknown."""
        start = self.page_starts_epoch_ms.get(page_number, page_started_epoch_ms)
        if start is None:
            return ()
        return tuple(sorted(round(time - start) for time in times))


NO_LIVE_FACTS = LiveFacts()
