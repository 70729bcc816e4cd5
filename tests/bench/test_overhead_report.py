"""The overhead bench's summary of a, b and c, and the floors it prints for the targets a run misses."""

from __future__ import annotations

from bench.overhead import NEW_PAGE_WAIT, BareRun, TagprobeRun, report, summarise


def _tagprobe(wall_s: float) -> TagprobeRun:
    return TagprobeRun(
        wall_s=wall_s,
        journey_s=3.0,
        peak_mib=650.0,
        failure=None,
        verdict_ms=520.0,
        report_ms=900.0,
        recorded_verdict_ms=250.0,
        after_steps_ms={"write index.html": 400.0},
        during_steps_ms={NEW_PAGE_WAIT: 865.0, "step picture": 553.0},
    )


def test_ratios_are_medians_of_rounds_against_bare_and_hand_written() -> None:
    bare = [BareRun(2.0, 1.0, 570.0, None), BareRun(2.0, 1.0, 560.0, None), BareRun(1.0, 1.0, 560.0, None)]
    handwritten = [BareRun(4.0, 2.0, 575.0, None)] * 3
    figures = summarise(bare, handwritten, [_tagprobe(3.0), _tagprobe(5.0), _tagprobe(3.0)])
    assert figures["wall_ratio_bare"] == 2.5
    assert figures["walls_ratio_bare"] == [1.5, 2.5, 3.0]
    assert figures["wall_ratio_handwritten"] == 0.75
    assert (figures["peak_a_mib"], figures["peak_b_mib"], figures["peak_c_mib"]) == (570.0, 575.0, 650.0)


def test_a_missed_target_prints_its_measured_floor() -> None:
    figures = summarise(
        [BareRun(2.0, 1.0, 570.0, None)], [BareRun(4.0, 2.0, 575.0, "E assert")], [_tagprobe(5.0)]
    )
    lines = "\n".join(report(figures))
    assert "ratio c/a, whole run (median of rounds)" in lines
    assert "target <= 1.5: MISSES target" in lines
    assert "target < 1.0: MISSES target" in lines
    assert "floor of c/a" in lines
    assert "waits 865 ms for the tag on each new URL" in lines
    assert "floor of c/b" in lines
    assert "553 ms of step pictures and 400 ms writing index.html" in lines
    assert "floor of time-to-verdict" in lines
    assert "target c <= a + 80 = 650: meets target" in lines
    assert "a measured run failed its test: (b) E assert" in lines
