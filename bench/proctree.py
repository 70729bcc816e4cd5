"""Memory of process trees, read from /proc (Linux), sampled while a command runs: each pytest-xdist worker
with its Playwright driver, its Chromium processes and its Node decoders.

PSS (proportional set size) splits each shared page between the processes sharing it, so the sum over a tree
is what that tree costs; RSS sums count shared pages again in every process and are an upper bound."""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PROC = Path("/proc")
SAMPLE_EVERY_S = 0.25
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
CHROMIUM_TYPE = re.compile(r"--type=(\S+)")


@dataclass(frozen=True, slots=True)
class TreeMemory:
    pss_mib: float
    rss_mib: float
    by_kind_mib: Mapping[str, float]
    """PSS per kind of process (Chromium renderer, Playwright driver, ...)."""


@dataclass(slots=True)
class SampledRun:
    wall_s: float = 0.0
    returncode: int = 0
    output: str = ""
    peaks: dict[int, TreeMemory] = field(default_factory=dict)
    """The largest PSS seen for each worker's tree (by the worker's pid)."""
    cpu_s: dict[int, tuple[str, float]] = field(default_factory=dict)
    """The CPU time (user + system) last seen for each process of the run, with its kind."""

    @property
    def cpu_by_kind_s(self) -> dict[str, float]:
        totals: dict[str, float] = defaultdict(float)
        for kind, seconds in self.cpu_s.values():
            totals[kind] += seconds
        return dict(totals)

    @property
    def cores_busy(self) -> float:
        """The CPU time of the whole run over its wall time: how many cores it kept busy on average."""
        return sum(seconds for _, seconds in self.cpu_s.values()) / self.wall_s if self.wall_s else 0.0

    @property
    def worst(self) -> TreeMemory | None:
        return max(self.peaks.values(), key=lambda memory: memory.pss_mib, default=None)


def parent_pids() -> dict[int, int]:
    """pid -> ppid for every process that still exists."""
    parents: dict[int, int] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        # The command name sits in parentheses and may hold spaces: the fields after it are fixed.
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
    return parents


def descendants(root: int, parents: Mapping[int, int]) -> list[int]:
    children: dict[int, list[int]] = defaultdict(list)
    for pid, ppid in parents.items():
        children[ppid].append(pid)
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, ()))
    return found


def _kib(path: Path, field_name: str) -> int:
    try:
        for row in path.read_text(encoding="utf-8").splitlines():
            if row.startswith(field_name):
                return int(row.split()[1])
    except (OSError, ValueError, IndexError):
        return 0
    return 0


def process_kind(pid: int) -> str:
    try:
        command = (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "gone"
    program = command.split(" ", 1)[0].rsplit("/", 1)[-1]
    chromium_type = CHROMIUM_TYPE.search(command)
    if chromium_type or "chrom" in program:
        return f"Chromium {chromium_type.group(1) if chromium_type else 'browser'}"
    if "run-driver" in command:
        return "Playwright driver (Node)"
    if "decode_worker" in command:
        return "clarity-decode (Node)"
    if not program:
        return "exited (not yet reaped)"
    return "Python" if "python" in program else program


def tree_memory(pids: list[int]) -> TreeMemory:
    by_kind: dict[str, float] = defaultdict(float)
    rss = 0
    for pid in pids:
        by_kind[process_kind(pid)] += _kib(PROC / str(pid) / "smaps_rollup", "Pss:") / 1024
        rss += _kib(PROC / str(pid) / "status", "VmRSS:")
    return TreeMemory(sum(by_kind.values()), rss / 1024, dict(by_kind))


def _is_python(pid: int) -> bool:
    try:
        return "python" in str((PROC / str(pid) / "exe").readlink())
    except OSError:
        return False


def worker_roots(main: int, parents: Mapping[int, int], xdist: bool) -> list[int]:
    """xdist workers are the Python children of the main process (none before they start, and the controller
    is not one); without xdist the main process does the work."""
    if not xdist:
        return [main]
    return [pid for pid, ppid in parents.items() if ppid == main and _is_python(pid)]


def run_sampled(
    command: list[str], cwd: Path, env: Mapping[str, str], timeout_s: float, xdist: bool = False
) -> SampledRun:
    """Runs `command`, sampling its workers' memory while waiting (bounded) for it to finish."""
    started = time.monotonic()
    process = subprocess.Popen(
        command, cwd=cwd, env=dict(env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    run = SampledRun()
    while True:
        try:
            run.output, _ = process.communicate(timeout=SAMPLE_EVERY_S)
            break
        except subprocess.TimeoutExpired:
            _sample(process.pid, run, xdist)
        if time.monotonic() - started > timeout_s:
            process.kill()
            process.communicate()
            raise RuntimeError(f"{' '.join(command)} took longer than {timeout_s} s")
    run.wall_s = time.monotonic() - started
    run.returncode = process.returncode
    return run


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of one process so far; 0 when it is gone."""
    try:
        fields = (PROC / str(pid) / "stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _sample(main: int, run: SampledRun, xdist: bool) -> None:
    parents = parent_pids()
    for pid in descendants(main, parents):
        seconds = cpu_seconds(pid)
        if seconds:
            run.cpu_s[pid] = (process_kind(pid), seconds)
    for worker in worker_roots(main, parents, xdist):
        memory = tree_memory(descendants(worker, parents))
        if worker not in run.peaks or memory.pss_mib > run.peaks[worker].pss_mib:
            run.peaks[worker] = memory
