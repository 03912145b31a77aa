"""Regenerate the reference values of erlang_published.json at 60 significant digits (mpmath).

    pip install -e '.[dev]'                          # mpmath
    python tests/data/erlang_reference.py --check    # recompute, compare, exit 1 on a mismatch
    python tests/data/erlang_reference.py --write    # recompute and rewrite the file's values

The file's case definitions (ids, notes, inputs, the published claims) are the input; every
computed figure is recomputed from them, in exact arithmetic wherever the maths allows, and
rounded to float64 once at the end. `--check` reports the largest relative difference per
section; the file states agreement "to better than 1e-9 relative", the tolerance checked here.

Methods (independent of vendorscore.erlang, which works in float64 log space):

* Erlang B: the direct Poisson sum B(N, A) = (A^N / N!) / sum_{k<=N} A^k / k!.
* Erlang C (N > A): C = N B / (N - A (1 - B)); SL = 1 - C exp(-(N - A) T / AHT);
  ASA = C AHT / (N - A); mean wait of delayed calls AHT / (N - A); occupancy A / N.
* Erlang A and X (M/M/N+M, and M/M/N/L+M with L lines): the birth-death chain with birth rate
  A and death rate min(k, N) + max(k - N, 0) theta (time in units of AHT, theta = AHT / mean
  patience), solved exactly by detailed balance (Erlang A: truncated where the terms fall below
  1e-90 of the largest). Blocking is pi_L; abandonment theta E[queue] / A. A caller arriving to
  find j others waiting waits, if patient, a sum of exponentials with rates N + i theta,
  i = 0..j, and e^(-theta V) of that sum is Beta(N / theta, j + 1) distributed; the caller is
  answered with probability N / (N + (j + 1) theta), after a wait with e^(-theta W) distributed
  Beta(N / theta + 1, j + 1). The incomplete beta function with an integer second parameter is
  a finite sum (Abramowitz & Stegun 26.5.6), so every service-level definition is a finite sum
  over positions: the Mandelbaum-Zeltyn incomplete-gamma forms, position by position.
* Redials (Erlang X): the effective load solves A = A0 + r A (P_block + P_abandon) by
  fixed-point iteration to 1e-50; a fresh caller is finally lost with p (1 - r) / (1 - p r).
* Staffing: the smallest N meeting the service level (Erlang A: answered within T of offered),
  the occupancy cap and the abandonment cap; scheduled heads ceil(N / (1 - shrinkage)).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mpmath as mp
from mpmath import mpf

mp.mp.dps = 60
FILE = Path(__file__).with_name("erlang_published.json")
TOLERANCE = 1e-9  # the file's stated agreement


# ------------------------------------------------------------------------------ Erlang B and C


def erlang_b(load: Any, lines: int) -> Any:
    """Blocking probability B(N, A) by the direct Poisson sum."""
    a = mpf(load)
    term, total = mpf(1), mpf(1)
    for k in range(1, lines + 1):
        term = term * a / k
        total += term
    return term / total


def erlang_c(load: Any, agents: int, threshold: Any, aht: Any) -> dict[str, Any]:
    """Erlang C figures; only for N > A."""
    a, n = mpf(load), mpf(agents)
    b = erlang_b(a, agents)
    c = n * b / (n - a * (1 - b))
    return {
        "prob_wait": c,
        "service_level": 1 - c * mp.exp(-(n - a) * mpf(threshold) / mpf(aht)),
        "asa_seconds": c * mpf(aht) / (n - a),
        "mean_wait_given_delay_seconds": mpf(aht) / (n - a),
        "occupancy": a / n,
    }


# ------------------------------------------------------------------------------ Erlang A and X


def _chain(load: Any, agents: int, theta: Any, lines: int | None) -> list[Any]:
    """Stationary probabilities of the birth-death chain (states 0..L, or until negligible)."""
    logs = [mpf(0)]
    peak = mpf(0)
    k = 0
    while True:
        k += 1
        if lines is not None and k > lines:
            break
        death = min(k, agents) + max(k - agents, 0) * theta
        logs.append(logs[-1] + mp.log(load / death))
        peak = max(peak, logs[-1])
        if lines is None and k > agents and logs[-1] < peak - 210:  # e^-210 ~ 1e-91
            break
    weights = [mp.exp(v - peak) for v in logs]
    norm = mp.fsum(weights)
    return [w / norm for w in weights]


def lossy(
    load: Any, agents: int, threshold: Any, aht: Any, patience: Any, lines: int | None = None
) -> dict[str, Any]:
    """Erlang A (lines None) or Erlang X figures per offered call, from the chain."""
    a, n = mpf(load), agents
    theta = mpf(aht) / mpf(patience)
    pi = _chain(a, n, theta, lines)
    blocked = pi[-1] if lines is not None else mpf(0)
    accepting = pi[:-1] if lines is not None else pi
    x = mp.exp(-theta * mpf(threshold) / mpf(aht))
    now = mp.fsum(accepting[:n])
    served_t = virtual_t = patient_or_short = wait_served = mpf(0)
    prob_wait = mpf(0)
    # Position by position, the finite sums of I_x(a, j + 1) and of the mean wait grow by one
    # term each: (a)_j / j! (1 - x)^j x^a and 1 / (N + (j + 1) theta).
    a_served, a_virtual = n / theta + 1, n / theta
    t_served, t_virtual = mp.power(x, a_served), mp.power(x, a_virtual)
    i_served, i_virtual, mean_wait = t_served, t_virtual, mpf(0)
    for k in range(n, len(accepting)):
        p, j = accepting[k], k - n
        if j > 0:
            t_served *= (a_served + j - 1) / j * (1 - x)
            t_virtual *= (a_virtual + j - 1) / j * (1 - x)
            i_served += t_served
            i_virtual += t_virtual
        mean_wait += 1 / (n + (j + 1) * theta)
        prob_wait += p
        served = n / (n + (j + 1) * theta)
        served_t += p * served * (1 - i_served)
        virtual_t += p * (1 - i_virtual)
        patient_or_short += p * (1 - x * i_virtual)
        wait_served += p * served * mean_wait
    queue = mp.fsum((k - n) * p for k, p in enumerate(pi) if k > n)
    abandoned = theta * queue / a
    answered = 1 - blocked - abandoned
    sl = now + served_t
    incl = now + patient_or_short
    return {
        "prob_wait": prob_wait,
        "prob_blocked": blocked,
        "prob_abandon": abandoned,
        "sl_answered_within_T_of_offered": sl,
        "sl_answered_within_T_of_answered": sl / answered,
        "sl_wait_le_T_incl_abandoned": incl,
        "p_offered_wait_le_T": now + virtual_t,
        "mean_wait_all_seconds": abandoned * mpf(patience),
        "asa_answered_seconds": wait_served * mpf(aht) / answered,
        "occupancy": a * answered / n,
        "sl_answered_within_T_excl_abandons_within_T": sl / (1 - (incl - sl)),
    }


def with_redials(
    fresh: Any, agents: int, threshold: Any, aht: Any, patience: Any, lines: int, redial: Any
) -> dict[str, Any]:
    """Erlang X with redials: the effective load's fixed point, then the figures there."""
    load, r = mpf(fresh), mpf(redial)
    for _ in range(10_000):
        f = lossy(load, agents, threshold, aht, patience, lines)
        following = mpf(fresh) + r * load * (f["prob_blocked"] + f["prob_abandon"])
        if abs(following - load) < mpf(10) ** -50:
            break
        load = following
    f = lossy(load, agents, threshold, aht, patience, lines)
    lost = f["prob_blocked"] + f["prob_abandon"]
    return {
        "effective_offered_load_erlangs": load,
        "prob_blocked_per_attempt": f["prob_blocked"],
        "prob_abandon_per_attempt": f["prob_abandon"],
        "sl_answered_within_T_of_attempts": f["sl_answered_within_T_of_offered"],
        "occupancy": f["occupancy"],
        "fresh_callers_finally_lost_fraction": lost * (1 - r) / (1 - lost * r),
    }


# ------------------------------------------------------------------------------ staffing


def smallest(ok: Callable[[int], bool], low: int, high: int) -> int:
    """The smallest n in [low, high] with ok(n), for a condition that stays true once true."""
    assert ok(high)
    while low < high:
        mid = (low + high) // 2
        if ok(mid):
            high = mid
        else:
            low = mid + 1
    return low


def staffing(i: dict[str, Any]) -> dict[str, Any]:
    """One staffing case: Erlang C and Erlang A agents, figures there and heads."""
    load = mpf(i["calls_per_interval"]) * i["aht_seconds"] / i["interval_seconds"]
    t, aht, patience = i["sl_threshold_seconds"], i["aht_seconds"], i["mean_patience_seconds"]
    target, occ, ab = mpf(i["sl_target"]), mpf(i["max_occupancy"]), mpf(i["max_abandon_rate"])
    high = int(load + 10 * math.sqrt(float(load)) + 20)
    first = int(load) + 1

    def c_ok(n: int) -> bool:
        c = erlang_c(load, n, t, aht)
        return bool(c["service_level"] >= target and c["occupancy"] <= occ)

    def a_ok(n: int) -> bool:
        f = lossy(load, n, t, aht, patience)
        return bool(
            f["sl_answered_within_T_of_offered"] >= target
            and f["occupancy"] <= occ
            and f["prob_abandon"] <= ab
        )

    nc = smallest(c_ok, first, high)
    na = smallest(a_ok, 1, high)
    c, a = erlang_c(load, nc, t, aht), lossy(load, na, t, aht, patience)
    heads = 1 - mpf(i["shrinkage"])
    return {
        "agents_erlang_c": nc,
        "erlang_c_sl_at_agents": c["service_level"],
        "erlang_c_occupancy": c["occupancy"],
        "scheduled_agents_erlang_c": int(mp.ceil(nc / heads)),
        "agents_erlang_a": na,
        "erlang_a_sl_answered_within_T_of_offered_at_agents": a["sl_answered_within_T_of_offered"],
        "erlang_a_abandon_at_agents": a["prob_abandon"],
        "erlang_a_occupancy": a["occupancy"],
        "scheduled_agents_erlang_a": int(mp.ceil(na / heads)),
    }


def capacity(lines: int, blocking: float) -> Any:
    """The load that `lines` lines carry at this blocking: B(N, A) = blocking, solved for A."""
    return mp.findroot(lambda a: erlang_b(a, lines) - mpf(blocking), lines / 2)


# ------------------------------------------------------------------------------ the whole file


def regenerate(doc: dict[str, Any]) -> dict[str, Any]:
    """The document with every computed value recomputed from its inputs."""
    out = json.loads(json.dumps(doc))
    for case in out["cases"]:
        i = case["inputs"]
        load, n = i["offered_load_erlangs"], i["agents"]
        t, aht, patience = i["sl_threshold_seconds"], i["aht_seconds"], i["mean_patience_seconds"]
        i["arrival_rate_per_hour"] = float(mpf(load) * 3600 / aht)
        b = erlang_b(load, n)
        case["erlang_b"] = {"blocking_probability": b, "log10_blocking": mp.log10(b)}
        stable = n > load
        c: dict[str, Any] = {"stable": stable}
        if stable:
            c |= erlang_c(load, n, t, aht)
        else:
            c |= {"prob_wait": 1.0, "service_level": None, "asa_seconds": None}
            c["comment"] = case["erlang_c"].get("comment")
        case["erlang_c"] = c
        a = lossy(load, n, t, aht, patience)
        case["erlang_a"] = {k: a[k] for k in case["erlang_a"]}
    for case in out["erlang_x_cases"]:
        i = case["inputs"]
        args = (i["agents"], i["sl_threshold_seconds"], i["aht_seconds"])
        if i["redial_probability"]:
            f = with_redials(
                i["fresh_offered_load_erlangs"], *args, i["mean_patience_seconds"], i["lines"],
                i["redial_probability"],
            )  # fmt: skip
        else:
            f = lossy(i["offered_load_erlangs"], *args, i["mean_patience_seconds"], i["lines"])
        case["results"] = {k: f[k] for k in case["results"]}
    for case in out["staffing_cases"]:
        i = case["inputs"]
        i["offered_load_erlangs"] = float(
            mpf(i["calls_per_interval"]) * i["aht_seconds"] / i["interval_seconds"]
        )
        case["results"] = staffing(i)
    checks = {p["source"].split(" ")[0]: p for p in out["published_checks"]}
    checks["pyworkforce"]["ours"] = erlang_c(10, 14, 20, 180)["service_level"]
    b_staff = smallest(lambda n: bool(erlang_b(10, n) <= mpf("0.02")), 1, 40)
    for p in out["published_checks"]:
        if p["source"] == "pyworkforce ErlangB docstring":
            p["ours"] = f"raw {b_staff}, scheduled {int(mp.ceil(b_staff / mpf('0.7')))}"
        if p["source"] == "pyworkforce ErlangC docstring":
            n = smallest(
                lambda n: bool(
                    erlang_c(10, n, 20, 180)["service_level"] >= mpf("0.8") and 10 / mpf(n) <= mpf("0.85")
                ),
                11,
                40,
            )  # fmt: skip
            p["ours"] = f"raw {n}, scheduled ceil({n}/0.7)={int(mp.ceil(n / mpf('0.7')))}"
    checks["erlang.com"]["ours"] = capacity(15, 0.01)
    checks["standard"]["ours"] = [capacity(10, 0.01), erlang_b(10, 10)]
    checks["Wolfram"]["ours"] = erlang_b(25, 30)
    voip = checks["voip-calculator.com"]["ours"]
    load = mpf(1500)
    for _ in range(10_000):
        following = 1500 + mpf("0.2") * load * erlang_b(load, 1000)
        if abs(following - load) < mpf(10) ** -45:
            break
        load = following
    voip["blocking"] = erlang_b(load, 1000)
    voip["effective_load_erlangs"] = load
    return out


def _floats(value: Any) -> Any:
    """mpmath numbers rounded to float64, everything else as it is."""
    if isinstance(value, dict):
        return {k: _floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_floats(v) for v in value]
    if isinstance(value, mp.mpf):
        return float(value)
    return value


def _compare(old: Any, new: Any, path: str, diffs: dict[str, list[float]]) -> list[str]:
    """Relative differences per top-level section, and every structural mismatch."""
    section = path.split(".", maxsplit=1)[0].split("[", maxsplit=1)[0]
    if isinstance(old, dict) and isinstance(new, dict):
        if old.keys() != new.keys():
            return [f"{path}: keys {sorted(old)} != {sorted(new)}"]
        return [e for k in old for e in _compare(old[k], new[k], f"{path}.{k}".lstrip("."), diffs)]
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [e for i, (a, b) in enumerate(zip(old, new, strict=True)) for e in _compare(a, b, f"{path}[{i}]", diffs)]  # fmt: skip
    if isinstance(old, float | int) and isinstance(new, float | int) and not isinstance(old, bool):
        rel = abs(old - new) / max(abs(old), abs(new)) if old != new else 0.0
        diffs.setdefault(section, []).append(rel)
        return (
            []
            if rel < TOLERANCE
            else [f"{path}: file {old!r}, regenerated {new!r} (rel {rel:.1e})"]
        )
    return [] if old == new else [f"{path}: file {old!r}, regenerated {new!r}"]


def main() -> int:
    """Check (default) or rewrite erlang_published.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only (the default)")
    parser.add_argument("--write", action="store_true", help="rewrite the file's values")
    parser.add_argument("--file", type=Path, default=FILE)
    args = parser.parse_args()
    doc = json.loads(args.file.read_text(encoding="utf-8"))
    new = _floats(regenerate(doc))
    diffs: dict[str, list[float]] = {}
    errors = _compare(doc, new, "", diffs)
    for section, rels in diffs.items():
        same = sum(r == 0.0 for r in rels)
        print(
            f"{section:<18} {len(rels):>4} numbers, {same:>4} bit-identical, largest relative difference {max(rels):.1e}"
        )
    if args.write:
        args.file.write_text(json.dumps(new, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"wrote {args.file}")
        return 0
    for e in errors:
        print(e)
    print("ok: every value agrees to 1e-9 relative" if not errors else f"{len(errors)} mismatches")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
