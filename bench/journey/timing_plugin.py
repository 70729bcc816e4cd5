"""Loaded into the overhead bench's `tagprobe run` (b) with `-p bench.journey.timing_plugin`: notes, on the wall
clock, when each step starts and ends and when each phase of tagprobe's work runs, and writes them as JSON to
the file named by TAGPROBE_BENCH_TIMINGS when pytest ends.

It wraps functions by name and skips any it no longer finds, so the bench keeps running while the code moves.
Measurement only: nothing here changes what tagprobe does."""

from __future__ import annotations

import functools
import importlib
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest

TIMINGS_ENV = "TAGPROBE_BENCH_TIMINGS"
PHASES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    # (module, where the function may live (first found wins), phase name)
    ("tagprobe.run.steps", ("StepPlayer._picture",), "step picture"),
    ("tagprobe.run.runner", ("_ScenarioRun._picture", "ScenarioRunner._picture"), "step picture"),
    ("tagprobe.run.steps", ("StepPlayer._wait_for_page_start",), "wait for the tag on a new URL"),
    (
        "tagprobe.run.runner",
        ("_ScenarioRun._flush", "ScenarioRunner._flush"),
        "flush: close the page, wait for quiet",
    ),
    ("tagprobe.run.runner", ("_close_quietly",), "close the context"),
    ("tagprobe.capture.loopback", ("LoopbackServer.stop",), "stop a loopback server"),
    ("tagprobe.engine", ("save_uploads",), "save uploads"),
    ("tagprobe.engine", ("decode_session",), "decode (Node)"),
    ("tagprobe.engine", ("detect_signals",), "detect signals"),
    ("tagprobe.engine", ("run_checks",), "checks"),
    ("tagprobe.plugin", ("results_document",), "results document"),
    ("tagprobe.plugin", ("write_results",), "write results.json"),
    ("tagprobe.plugin", ("write_html",), "write index.html"),
    ("tagprobe.engine", ("Engine.start",), "start the engine (browser, demo site)"),
    ("tagprobe.engine", ("Engine.close",), "close the engine"),
)

_wrapped: list[str] = []
steps: list[tuple[str, float, float]] = []
phases: list[tuple[str, float, float]] = []


def _timed(
    function: Callable[..., Any], name: str, into: list[tuple[str, float, float]]
) -> Callable[..., Any]:
    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.time()
        try:
            return function(*args, **kwargs)
        finally:
            into.append((name, started, time.time()))

    return timed


def _wrap_phase(module_name: str, candidates: tuple[str, ...], name: str) -> None:
    """Wraps the first candidate found; a phase named twice (the code moved) is wrapped once."""
    if any(name == wrapped for wrapped in _wrapped):
        return
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return
    for attribute in candidates:
        owner: Any = module
        *parents, leaf = attribute.split(".")
        for parent in parents:
            owner = getattr(owner, parent, None)
        if owner is not None and callable(getattr(owner, leaf, None)):
            setattr(owner, leaf, _timed(getattr(owner, leaf), name, phases))
            _wrapped.append(name)
            return


def pytest_configure(config: pytest.Config) -> None:
    from tagprobe.run import actions

    table = cast(dict[str, Any], actions.ACTIONS)  # a dict at run time; the type says read-only on purpose
    for action, function in list(table.items()):
        table[action] = _timed(function, action, steps)
    for module_name, candidates, name in PHASES:
        _wrap_phase(module_name, candidates, name)


def pytest_unconfigure(config: pytest.Config) -> None:
    path = os.environ.get(TIMINGS_ENV)
    if path:
        Path(path).write_text(json.dumps({"steps": steps, "phases": phases}), encoding="utf-8")
