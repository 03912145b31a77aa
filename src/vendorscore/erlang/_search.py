"""The staffing searches: targets, a smooth slack, secant + bisection, and a certified scan."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from vendorscore.erlang._types import QueueMetrics

_Figures = tuple[float | None, float | None, float | None, float]  # sl, abandon, blocking, occ


@dataclass(frozen=True, slots=True)
class _Targets:
    sl: float | None
    abandon: float | None
    blocking: float | None
    occupancy: float | None

    def misses(
        self, sl: float | None, abandon: float | None, blocking: float | None, occ: float | None
    ) -> tuple[str, ...]:
        out: list[str] = []
        if self.sl is not None and (sl is None or sl < self.sl):
            out.append("service_level")
        if self.abandon is not None and (abandon is None or abandon > self.abandon):
            out.append("abandon_rate")
        if self.blocking is not None and (blocking is None or blocking > self.blocking):
            out.append("blocking")
        if self.occupancy is not None and (occ is None or occ > self.occupancy):
            out.append("occupancy")
        return tuple(out)

    def misses_metrics(self, m: QueueMetrics) -> tuple[str, ...]:
        return self.misses(m.service_level, m.prob_abandon, m.blocking_probability, m.occupancy)


def _slack(tg: _Targets, figures: _Figures, below: float) -> float:
    """Log-scale slack of the tightest target: >= 0 iff every target is met; smooth in n."""
    sl, abandon, blocking, occ = figures
    miss = tg.misses(sl, abandon, blocking, occ)
    slack = math.inf
    if tg.sl is not None:
        if sl is None:
            return -50.0 - below  # Erlang C at or below the load: `below` is load - agents
        # log distance of the misses, log-odds far below: close to linear in n either way
        if sl >= 0.5:
            slack = math.log1p(-tg.sl) - math.log(max(1.0 - sl, 1e-300))
        else:
            slack = math.log1p(-tg.sl) + math.log(2.0) + math.log(max(sl, 1e-300) * 2.0)
    for limit, value in ((tg.abandon, abandon), (tg.blocking, blocking), (tg.occupancy, occ)):
        if limit is not None and value is not None:
            slack = min(slack, math.log(limit) - math.log(max(value, 1e-300)))
    if slack == 0.0 or (slack > 0.0) == bool(miss):
        # Rounding at the boundary: let the exact comparison decide.
        return -1e-300 if miss else 0.0
    return slack


def _smallest(score: Callable[[int], float], lo: int, hi: int, guess: int) -> int | None:
    """Smallest n in [lo, hi] with score(n) >= 0 for a rising score: secant, then bisection."""
    bad, good = lo - 1, hi + 1  # bad: known to fail (or below range); good: known to pass
    seen: set[int] = set()
    last: tuple[int, float] | None = None
    f_bad = f_good = math.nan
    n = min(max(guess, lo), hi)
    step = 1
    for rounds in range(10_000):
        f = score(n)
        seen.add(n)
        if f >= 0.0:
            if n < good:
                good, f_good = n, f
        elif n > bad:
            bad, f_bad = n, f
        if good - bad <= 1:
            return good if good <= hi else None
        cand = None
        if bad >= lo and good <= hi and math.isfinite(f_bad) and math.isfinite(f_good):
            last, n, f = (bad, f_bad), good, f_good  # interpolate inside the bracket
        if rounds < 8 and last is not None and math.isfinite(f) and last[1] != f:
            root = n - f * (n - last[0]) / (f - last[1])
            if math.isfinite(root) and abs(root) < 1e15:
                cand = math.ceil(root - 1e-9)
                if cand == n:  # the root is just below n: confirm the neighbour
                    cand = n + 1 if f < 0.0 else n - 1
        if cand is None or not bad < cand < good or cand in seen:
            if bad >= lo and good <= hi:
                cand = (bad + good) // 2
            elif good <= hi:
                cand = max(lo, good - step)
            else:
                cand = min(hi, max(n, bad) + step)
            step *= 2
        last = (n, f)
        n = cand
    raise AssertionError("staffing search did not converge")  # pragma: no cover


def _walk(
    meets: Callable[[int], bool],
    relax: Callable[[int, int], Callable[[int], float] | None],
    window: Callable[[int, int], int],
    start: int,
    hi: int,
    guess: int,
) -> int | None:
    """Smallest n in [start, hi] with meets(n), where meets need not be monotone in n.

    relax(n, end) gives a score over [n, end] that rises with the count and is >= 0 wherever
    meets holds (a relaxation built from bounds valid on that window), or None when no count
    there can qualify; window(n, size) picks the window's end (size 0: as far as it likes).
    Each round takes the smallest count the relaxation admits (secant + bisection) and checks
    it exactly; the next starts just above a miss. After two misses in a row the windows start
    small and double, so that bounds which tighten on narrower windows skip ahead quickly.
    """
    n, size, missed = start, 0, False
    while n <= hi:
        end = window(n, size)
        admits = relax(n, end)
        found = None if admits is None else _smallest(admits, n, end, guess if n == start else n)
        if found is None:
            n, size, missed = end + 1, 2 * size, False
        elif meets(found):
            return found
        else:
            n, size, missed = found + 1, 1 if missed else 0, True
    return None
