"""Run the CLI in a child process and read back its own CPU time and peak memory.

Hostile-input tests use this so that a hang, a crash or a runaway allocation in a parser fails
the test instead of taking pytest with it. The budget is CPU seconds used by the child itself,
not wall time: other processes on a busy machine (CI runners, parallel jobs) slow the wall clock
by several times, but barely change the CPU time a program needs. Speed proper is measured in
bench/bench_hostile.py, never here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Writes "<peak resident KB> <user+system CPU seconds>" to the file named by $BOUNDED_OUT.
_WRAPPER = """
import os, resource, runpy, sys
sys.argv = ["vendorscore", *sys.argv[1:]]
try:
    runpy.run_module("vendorscore", run_name="__main__")
finally:
    # VmHWM is this program's own peak. ru_maxrss is not: Linux carries it over fork and exec, so
    # it would report the (large) pytest process that started this one.
    usage = resource.getrusage(resource.RUSAGE_SELF)
    try:
        with open("/proc/self/status") as status:
            peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
    except (OSError, StopIteration):
        peak = usage.ru_maxrss
    with open(os.environ["BOUNDED_OUT"], "w") as f:
        f.write(f"{peak} {usage.ru_utime + usage.ru_stime}")
"""


@dataclass(frozen=True)
class Bounded:
    """A finished child run: its process result, CPU seconds and peak memory (KB)."""

    proc: subprocess.CompletedProcess[str]
    cpu_seconds: float
    peak_kb: int


def run_cli(tmp_path: Path, *args: object) -> Bounded:
    """`vendorscore ARGS` in a child process; a wall-clock timeout of 120 s catches a true hang."""
    out_file = tmp_path / "bounded.txt"
    out_file.unlink(missing_ok=True)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "BOUNDED_OUT": str(out_file),
        "NO_COLOR": "1",
    }
    proc = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    if out_file.exists():
        peak, cpu = out_file.read_text().split()
        return Bounded(proc, float(cpu), int(peak))
    return Bounded(proc, -1.0, -1)
