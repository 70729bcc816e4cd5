"""The analysis bench's session: every BURST_EVERY clicks, a burst of BURST_CLICKS on one spot, so the rage
detector has work (it found none while each click of a burst hit another element)."""

from __future__ import annotations

from itertools import islice, pairwise

from bench.analysis import BURST_CLICKS, BURST_EVERY, BURST_GAP_MS, CLICK_GAP_MS, CLICK_TYPE, _clicks


def test_each_burst_clicks_one_spot_quickly_and_other_clicks_move_on() -> None:
    sequences = [[[0, CLICK_TYPE, 0, 100 * n, 10 * n]] for n in range(1, 8)]
    clicks = [sequence[-1] for sequence in islice(_clicks(sequences), 2 * BURST_EVERY)]
    for start in (0, BURST_EVERY):
        burst = clicks[start : start + BURST_CLICKS]
        assert len({(click[3], click[4]) for click in burst}) == 1, "one spot"
        assert [later[0] - earlier[0] for earlier, later in pairwise(burst)] == [BURST_GAP_MS] * 3
        after = clicks[start + BURST_CLICKS]
        assert (after[3], after[4]) != (burst[0][3], burst[0][4])
        assert after[0] - burst[-1][0] == CLICK_GAP_MS
