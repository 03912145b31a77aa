"""Staffing: offered load, heads to schedule and the smallest agent count meeting targets."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from vendorscore.erlang._kernels import (
    _count,
    _erlang_a_parts,
    _erlang_c_from_log_inv_b,
    _erlang_x_parts,
    _finite,
    _fraction,
    _redial,
    _service_level,
    _sl_definition,
    _solve_redials,
)
from vendorscore.erlang._metrics import _idle, queue_metrics
from vendorscore.erlang._special import _log_inv_erlang_b, _logaddexp
from vendorscore.erlang._types import Model, QueueMetrics, SlDefinition, StaffingResult, _Parts

# --------------------------------------------------------------------------- staffing


def offered_load_erlangs(calls_per_hour: float, aht_seconds: float) -> float:
    """Offered load in Erlangs: calls per hour x handle time in hours."""
    calls = _finite("calls_per_hour", calls_per_hour)
    return calls * _finite("aht_seconds", aht_seconds, strict=True) / 3600.0


def scheduled_agents(agents: int, *, shrinkage: float) -> int:
    """Heads to schedule so that `agents` are on the phones: ceil(agents / (1 - shrinkage))."""
    n = _count("agents", agents, minimum=0)
    s = _finite("shrinkage", shrinkage)
    if s >= 1.0:
        raise ValueError(f"shrinkage must be in [0, 1), got {shrinkage!r}")
    # The slack absorbs float rounding of decimal inputs: 14 / (1 - 0.3) is 20.000000000000004.
    return math.ceil(n / (1.0 - s) - 1e-9)


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


class _InvBCache:
    """log 1/B(n, A) for nearby n: one direct sum, then the O(1) upward recurrence."""

    def __init__(self, a: float, start: int) -> None:
        self.a = a
        self.start = max(0, start)
        self.logs = [_log_inv_erlang_b(self.start, a)]

    def __call__(self, n: int) -> float:
        i = n - self.start
        logs = self.logs
        if i < len(logs):
            return logs[i] if i >= 0 else _log_inv_erlang_b(n, self.a)
        a = self.a
        k = float(self.start + len(logs))
        prev = logs[-1]
        inv = math.exp(prev) if prev < 600.0 else math.inf
        while len(logs) <= i:
            if inv < 1e300:
                inv = 1.0 + k / a * inv  # 1/B(k) = 1 + (k/A)/B(k-1)
                prev = math.log(inv)
            else:
                prev = _logaddexp(0.0, math.log(k / a) + prev)
            logs.append(prev)
            k += 1.0
        return prev


_STAFFING_TARGETS: dict[str, tuple[str, ...]] = {
    "erlang_b": ("blocking", "occupancy"),
    "erlang_c": ("sl", "occupancy"),
    "erlang_a": ("sl", "abandon", "occupancy"),
    "erlang_x": ("sl", "abandon", "blocking", "occupancy"),
}


def agents_for_targets(
    offered_load_erlangs: float,
    *,
    aht_seconds: float,
    model: Model = "erlang_c",
    sl_target: float | None = None,
    threshold_seconds: float = 20.0,
    patience_seconds: float | None = None,
    max_abandon_rate: float | None = None,
    max_blocking: float | None = None,
    max_occupancy: float | None = None,
    lines: int | None = None,
    redial_probability: float = 0.0,
    shrinkage: float = 0.0,
    sl_definition: SlDefinition = "answered_of_offered",
) -> StaffingResult:
    """Smallest agent count (lines for Erlang B) meeting every target given, and heads to schedule.

    The search assumes each target gets easier with more agents, which holds for the service
    level, abandonment and occupancy; under Erlang X with fixed lines, blocking rises with agents
    when patience is shorter than the handle time, so the answer is then the smallest count
    meeting the other targets, or infeasible.
    """
    a = _finite("offered_load_erlangs", offered_load_erlangs)
    aht = _finite("aht_seconds", aht_seconds, strict=True)
    t = _finite("threshold_seconds", threshold_seconds)
    r = _redial(redial_probability)
    d = _sl_definition(sl_definition)
    targets = _Targets(
        _fraction("sl_target", sl_target, upper_open=True),
        _fraction("max_abandon_rate", max_abandon_rate),
        _fraction("max_blocking", max_blocking),
        _fraction("max_occupancy", max_occupancy),
    )
    scheduled_agents(0, shrinkage=shrinkage)  # validates shrinkage
    if targets == _Targets(None, None, None, None):
        raise ValueError("give at least one target: sl_target, max_abandon_rate, ...")
    if model not in _STAFFING_TARGETS:
        raise ValueError(f"model must be one of {', '.join(_STAFFING_TARGETS)}, got {model!r}")
    for name in ("sl", "abandon", "blocking", "occupancy"):
        if getattr(targets, name) is not None and name not in _STAFFING_TARGETS[model]:
            raise ValueError(f"{model} cannot staff for a {name} target")
    if model == "erlang_c" and r:
        raise ValueError("Erlang C loses no calls, so redial_probability must be 0")
    pat = 0.0
    if model in ("erlang_a", "erlang_x"):
        if patience_seconds is None:
            raise ValueError(f"patience_seconds is required for {model}")
        pat = _finite("patience_seconds", patience_seconds, strict=True)
    if model == "erlang_x":
        if lines is None:
            raise ValueError("lines is required for erlang_x")
        _count("lines", lines)
    t_or_none = None if model == "erlang_b" else t
    d_or_none = None if model == "erlang_b" else d
    if a == 0.0:
        m = _idle(model, 0, lines, t_or_none, r, d_or_none)
        return StaffingResult(0, 0, shrinkage, True, (), m)

    occ_cap = targets.occupancy or 1.0
    hi = lines if lines is not None and model == "erlang_x" else 4 * math.ceil(a / occ_cap) + 10_000
    guess = max(1, round(a + 0.5 * math.sqrt(a)))
    inv_b = _InvBCache(a, guess - 1)
    cache: dict[int, _Parts] = {}

    def evaluate(n: int, load: float) -> _Parts:
        if model == "erlang_a":
            prev = inv_b(n - 1) if load == a else None
            return _erlang_a_parts(load, n, aht, pat, t, log_inv_b_prev=prev, with_asa=False)
        if model == "erlang_x":
            return _erlang_x_parts(load, n, lines, aht, pat, t)
        b = math.exp(-(inv_b(n) if load == a else _log_inv_erlang_b(n, load)))
        return _Parts(load, 1.0 - b, 0.0, b, 0.0, 1.0 - b, 0.0, 0.0, 1.0, None)

    def parts(n: int) -> _Parts:
        if n in cache:
            return cache[n]
        if model != "erlang_c":
            p = evaluate(n, a) if r == 0.0 else _solve_redials(a, r, lambda x: evaluate(n, x))
        elif n <= a:
            p = _Parts(a, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, None)
        else:
            pw = _erlang_c_from_log_inv_b(n, a, inv_b(n))
            wait_gt = pw * math.exp(-(n - a) * t / aht)
            p = _Parts(a, 1.0 - pw, pw, 0.0, 0.0, 1.0 - wait_gt, pw, wait_gt, 1.0, None)
        cache[n] = p
        return p

    seen: dict[int, tuple[float | None, float | None, float | None, float]] = {}

    def figures(n: int) -> tuple[float | None, float | None, float | None, float]:
        if n in seen:
            return seen[n]
        seen[n] = out = _figures(n)
        return out

    def _figures(n: int) -> tuple[float | None, float | None, float | None, float]:
        p = parts(n)
        if model == "erlang_c" and n <= a:
            return None, None, None, 1.0
        sl = _service_level(p, d) if model != "erlang_b" else None
        blocking = p.p_block if model in ("erlang_b", "erlang_x") else None
        abandon = p.p_abandon if model in ("erlang_a", "erlang_x") else None
        return sl, abandon, blocking, p.load * (p.p_nowait + p.served_wait) / n

    def misses(n: int) -> tuple[str, ...]:
        return targets.misses(*figures(n))

    # Under Erlang X with impatient callers blocking rises with agents (fewer queue slots,
    # slower departures from them), so staff for the other targets and then check blocking.
    rising_blocking = model == "erlang_x" and pat < aht and targets.blocking is not None
    searched = replace(targets, blocking=None) if rising_blocking else targets

    def score(n: int) -> float:
        # log-scale slack of the tightest target: >= 0 iff every target is met; smooth in n.
        sl, abandon, blocking, occ = figures(n)
        miss = searched.misses(sl, abandon, blocking, occ)
        slack = math.inf
        if targets.sl is not None:
            if sl is None:
                return -50.0 - (a - n)
            # log distance of the misses, log-odds far below: close to linear in n either way
            if sl >= 0.5:
                slack = math.log1p(-targets.sl) - math.log(max(1.0 - sl, 1e-300))
            else:
                slack = math.log1p(-targets.sl) + math.log(2.0) + math.log(max(sl, 1e-300) * 2.0)
        for limit, value in (
            (targets.abandon, abandon),
            (searched.blocking, blocking),
            (targets.occupancy, occ),
        ):
            if limit is not None and value is not None:
                slack = min(slack, math.log(limit) - math.log(max(value, 1e-300)))
        if slack == 0.0 or (slack > 0.0) == bool(miss):
            # Rounding at the boundary: let the exact comparison decide.
            return -1e-300 if miss else 0.0
        return slack

    lo = math.floor(a) + 1 if model == "erlang_c" else 1
    found = _smallest(score, lo, hi, max(lo, guess))
    n = hi if found is None else found
    if found is not None and rising_blocking and misses(found):
        found = None  # report the fewest agents meeting the rest: blocking only worsens above

    def metrics_at(n: int) -> QueueMetrics:
        # The public evaluation (direct sums, not the search's recurrence), so a caller who
        # re-evaluates the answer gets the very same figures.
        return queue_metrics(
            a, model=model, agents=n, aht_seconds=aht, threshold_seconds=t,
            patience_seconds=pat if pat else None, lines=lines, redial_probability=r,
            sl_definition=d,
        )  # fmt: skip

    m = metrics_at(n)
    while found is not None and targets.misses_metrics(m) and n < hi:
        n = found = n + 1  # a last-digit disagreement at the boundary: the direct sum decides
        m = metrics_at(n)
    binding: tuple[str, ...] = ()
    if found is None:
        binding = targets.misses_metrics(m)
    elif n > 1:
        binding = misses(n - 1)
    return StaffingResult(
        n, scheduled_agents(n, shrinkage=shrinkage), shrinkage, found is not None, binding, m
    )
