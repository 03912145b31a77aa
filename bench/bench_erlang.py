"""Staffing speed of `vendorscore.erlang` against pyworkforce's ErlangC, in the same run.

Run from the project root: `PYTHONPATH=src python bench/bench_erlang.py [--repeats N]`
(pyworkforce is the `bench` extra: `pip install pyworkforce`; without it only ours is timed).

1. Erlang C staffing (80% in 20 s, AHT 300 s) at 100 and 2,000 Erlangs: ours against
   `pyworkforce.queuing.ErlangC.required_positions` (target at 2,000 Erlangs: >= 10x faster).
   On Python 3.11 pip installs pyworkforce 0.5.x, which has no Erlang A, so Erlang C is the
   only like-for-like comparison.
2. Erlang A staffing at 2,000 Erlangs (patience 180 s, abandonment <= 5%): ours only.
3. A week of 336 half-hour intervals x 20 vendors under Erlang A (each vendor its own handle
   time and patience; every load distinct): ours only (target: under 1 s in total).
Each figure is the best of several runs; the machine is shared and noisy, so read the ratios.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from vendorscore.erlang import agents_for_targets

AHT_SECONDS = 300.0
THRESHOLD_SECONDS = 20.0
SL_TARGET = 0.8


def best_of(fn: Callable[[], object], repeats: int, inner: int = 1) -> float:
    """Smallest mean wall time of `inner` calls, over `repeats` runs (seconds per call)."""
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(inner):
            fn()
        best = min(best, (time.perf_counter() - start) / inner)
    return best


def ours_erlang_c(load: float) -> int:
    return agents_for_targets(
        load, aht_seconds=AHT_SECONDS, sl_target=SL_TARGET, threshold_seconds=THRESHOLD_SECONDS
    ).agents


def pyworkforce_erlang_c(load: float) -> Callable[[], int] | None:
    try:
        from pyworkforce.queuing import ErlangC
    except ImportError:
        return None
    # pyworkforce counts transactions per interval and times in minutes.
    interval_minutes = 30
    transactions = load * interval_minutes / (AHT_SECONDS / 60.0)

    def run() -> int:
        erlang = ErlangC(
            transactions=transactions,
            aht=AHT_SECONDS / 60.0,
            asa=THRESHOLD_SECONDS / 60.0,
            interval=interval_minutes,
        )
        return int(erlang.required_positions(service_level=SL_TARGET)["raw_positions"])

    return run


def week_of_vendors(seed: int = 2027) -> list[tuple[float, float, float]]:
    """(load Erlangs, AHT s, patience s) for 20 vendors x 336 half-hour intervals."""
    rng = random.Random(seed)
    vendors = [(360.0 * rng.uniform(0.85, 1.3), rng.uniform(60.0, 240.0)) for _ in range(20)]
    rows = []
    for aht, patience in vendors:
        for interval in range(336):
            day, half_hour = divmod(interval, 48)
            peak = 420.0 if day < 5 else 150.0
            shape = 0.12 + 0.88 * math.exp(-(((half_hour - 26) / 9.0) ** 2))
            calls_per_hour = peak * shape * rng.uniform(0.95, 1.05)
            rows.append((calls_per_hour * aht / 3600.0, aht, patience))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure (best is kept)")
    args = parser.parse_args()
    repeats = max(1, args.repeats)
    print(f"Python {sys.version.split()[0]}; best of {repeats} runs per figure\n")

    print("1. Erlang C staffing, 80% in 20 s, AHT 300 s")
    have_baseline = True
    for load in (100.0, 2000.0):
        ours_n = ours_erlang_c(load)
        ours_s = best_of(lambda load=load: ours_erlang_c(load), repeats, inner=20)
        baseline = pyworkforce_erlang_c(load)
        line = f"   {load:7,.0f} Erlangs: ours {ours_n} agents in {ours_s * 1e3:8.3f} ms"
        if baseline is None:
            have_baseline = False
            print(line + "; pyworkforce not importable (pip install pyworkforce): not compared")
            continue
        base_n = baseline()
        base_s = best_of(baseline, repeats, inner=1 if load > 500 else 10)
        print(
            f"{line}; pyworkforce ErlangC {base_n} agents in {base_s * 1e3:8.3f} ms"
            f" -> ours is {base_s / ours_s:6.1f}x faster"
            + ("" if base_n == ours_n else "  (ANSWERS DIFFER)")
        )
    if have_baseline:
        print("   (pyworkforce 0.5.x on Python 3.11 has no Erlang A: Erlang C is the comparison)")

    print("\n2. Erlang A staffing, 2,000 Erlangs, patience 180 s, abandonment <= 5%")
    result = agents_for_targets(
        2000.0, aht_seconds=AHT_SECONDS, model="erlang_a", patience_seconds=180.0,
        sl_target=SL_TARGET, threshold_seconds=THRESHOLD_SECONDS, max_abandon_rate=0.05,
    )  # fmt: skip
    seconds = best_of(
        lambda: agents_for_targets(
            2000.0, aht_seconds=AHT_SECONDS, model="erlang_a", patience_seconds=180.0,
            sl_target=SL_TARGET, threshold_seconds=THRESHOLD_SECONDS, max_abandon_rate=0.05,
        ),
        repeats,
        inner=10,
    )  # fmt: skip
    print(
        f"   ours {result.agents} agents (Erlang C needs {ours_erlang_c(2000.0)}) "
        f"in {seconds * 1e3:.3f} ms"
    )

    print(
        "\n3. Erlang A week: 336 half-hour intervals x 20 vendors (80/20, aband. <= 5%, occ <= 88%)"
    )
    rows = week_of_vendors()

    def week() -> int:
        total = 0
        for load, aht, patience in rows:
            total += agents_for_targets(
                load, aht_seconds=aht, model="erlang_a", patience_seconds=patience,
                sl_target=SL_TARGET, threshold_seconds=THRESHOLD_SECONDS,
                max_abandon_rate=0.05, max_occupancy=0.88,
            ).agents  # fmt: skip
        return total

    agent_intervals = week()
    seconds = best_of(week, repeats)
    print(
        f"   {len(rows):,} staffing searches ({agent_intervals:,} agent-intervals) in "
        f"{seconds:.3f} s = {seconds / len(rows) * 1e6:.0f} us each; target < 1 s: "
        f"{'met' if seconds < 1.0 else 'MISSED'} ({1.0 / seconds:.1f}x under)"
    )


if __name__ == "__main__":
    main()
