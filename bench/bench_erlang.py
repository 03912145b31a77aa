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
4. `vendorscore staffing` on that kind of week: `plan_vendors` for 20 vendor profiles x 336
   half-hour intervals with real times, Erlang X on programme lines, short abandons within 5 s,
   absenteeism, schedule efficiency, night and daytime shares (target: under 1 s in total).
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
from typing import Any

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

    print(
        "\n4. staffing: plan_vendors, 20 profiles x 336 half-hour intervals, Erlang X, time zones"
    )
    from vendorscore.staffing import planner

    for definition in ("answered_of_offered", "answered_excl_short_abandons"):
        vendors, demand, criteria = staffing_inputs(definition)

        def plan(vendors: Any = vendors, demand: Any = demand, criteria: Any = criteria) -> int:
            planner._staff.cache_clear()  # each run staffs from scratch (the cache spans vendors)
            staffed = planner.plan_vendors(vendors, demand, criteria)
            return sum(v.peak_agents for v in staffed.vendors)

        plan()
        took = best_of(plan, repeats)
        print(
            f"   {definition}: {len(vendors)} vendors x {len(demand.spec.intervals)} intervals "
            f"in {took:.3f} s ({took / seconds:.2f}x part 3's Erlang A week); target < 1 s: "
            f"{'met' if took < 1.0 else 'MISSED'}"
        )


def staffing_inputs(definition: str) -> tuple[list[Any], Any, Any]:
    """20 vendor profiles and a 336-interval demand week with real times (Erlang X)."""
    from vendorscore.inputs.loading import criteria_from_text, vendor_from_text
    from vendorscore.model.demand import Demand, DemandProfile

    zones = ["Asia/Manila", "America/Bogota", "America/Chicago", "Asia/Kolkata", "Europe/Dublin"]
    vendors = []
    for k in range(20):
        vendors.append(
            vendor_from_text(
                f"name: V{k}\ndelivery_model: offshore\n"
                f"sites: [{{timezone: {zones[k % 5]}, seats: 800}},"
                f" {{timezone: {zones[(k + 2) % 5]}, seats: {200 + 10 * k}}}]\n"
                f"pricing: {{currency: USD, model: per_paid_hour, rate: {9 + k}}}\n"
                f"workforce: {{shrinkage: {0.25 + k / 200:.3f}, absenteeism: {0.04 + k / 400:.4f},"
                f" aht_factor: {0.85 + 0.45 * k / 19:.4f}, max_occupancy: 0.88}}\n"
                f"technology: {{programme_lines: {80 + k}}}\n",
                f"v{k}.yaml",
            )
        )
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    intervals = []
    for interval in range(336):
        day, half_hour = divmod(interval, 48)
        peak = 420.0 if day < 5 else 150.0
        shape = 0.12 + 0.88 * math.exp(-(((half_hour - 26) / 9.0) ** 2))
        start = f"{half_hour // 2:02d}:{30 * (half_hour % 2):02d}"
        end = (
            "24:00"
            if half_hour == 47
            else f"{(half_hour + 1) // 2:02d}:{30 * ((half_hour + 1) % 2):02d}"
        )
        intervals.append(
            {
                "label": f"{days[day]} {start}",
                "calls_per_hour": round(peak * shape, 1),
                "hours_per_week": 0.5,
                "when": [{"days": [days[day]], "from": start, "to": end}],
            }
        )
    spec = {
        "name": "Bench week",
        "aht_seconds": 360,
        "patience_seconds": 120,
        "model": "erlang_x",
        "service_level": {
            "target": 0.8, "threshold_seconds": 20, "definition": definition
        },
        "max_abandon_rate": 0.05,
        "max_blocking": 0.01,
        "max_occupancy": 0.88,
        "schedule_efficiency": 0.85,
        "timezone": "America/New_York",
        "intervals": intervals,
    }  # fmt: skip
    demand = Demand(DemandProfile.model_validate(spec), "bench.yaml")
    criteria = criteria_from_text(
        "name: B\ncriteria:\n  - {id: c, weight: 1, field: derived.monthly_cost,"
        " scale: {linear: {worst: 1e7, best: 0}}}\n",
        "b.yaml",
    )
    return vendors, demand, criteria


if __name__ == "__main__":
    main()
