"""Staffing: offered load, heads to schedule and the smallest agent count meeting targets."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from vendorscore.erlang._kernels import (
    _count,
    _erlang_a_parts,
    _erlang_c_from_log_inv_b,
    _erlang_x_parts,
    _finite,
    _fraction,
    _redial,
    _service_level,
    _short_abandoned,
    _short_threshold,
    _sl_definition,
    _solve_redials,
    _with_short,
)
from vendorscore.erlang._metrics import _idle, queue_metrics
from vendorscore.erlang._search import _Figures, _slack, _smallest, _Targets, _walk
from vendorscore.erlang._special import _log_inv_erlang_b, _logaddexp
from vendorscore.erlang._types import Model, QueueMetrics, SlDefinition, StaffingResult, _Parts

# --------------------------------------------------------------------------- staffing

# Service levels that count blocked calls as failures and are at most 1 - blocking - q, with q
# falling in the agent count: they rise and fall again when blocking rises with agents.
_BLOCKING_BOUND_SL = ("virtual_wait", "short_abandons_as_met", "answered_excl_short_abandons")


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


def _sl_ceiling(p: _Parts, definition: SlDefinition, floor: float) -> float:
    """The service level of p with its blocking lowered to `floor`, an upper bound that rises.

    The three _BLOCKING_BOUND_SL levels are 1 - (blocking + q) / den with q = waited_gt_t
    (virtual_wait) or x waited_gt_t, and den = 1 - abandoned within T (answered_excl_...) or 1.
    q falls and den rises with agents, so with blocking held at the floor this ceiling rises;
    at any count whose blocking is at least `floor` it bounds the service level from above.
    """
    den = 1.0
    if definition == "answered_excl_short_abandons":
        den -= _short_abandoned(p)
    lift = (p.p_block - floor) / den if den > 0.0 else math.inf
    return min(1.0, _service_level(p, definition) + lift + 1e-9)  # the margin covers rounding


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
    short_abandon_seconds: float | None = None,
) -> StaffingResult:
    """Smallest agent count (lines for Erlang B) meeting every target given, and heads to schedule.

    Guaranteed: `agents` is the smallest count from 1 (Erlang C: above the load) up to the limit
    (`lines` for Erlang X) whose metrics, as `queue_metrics` reports them (`metrics`), meet
    every target; `binding` lists the targets one agent fewer misses. If no count qualifies,
    `feasible` is False and `binding` lists the targets missed at the count reported: the
    limit, or under Erlang X with blocking rising with agents (patience shorter than the
    handle time) the fewest agents meeting the other targets, above which blocking only worsens.

    Where every figure improves with agents (Erlang B, C and A; Erlang X without redials for the
    answered_of_offered and answered_of_answered levels, or with patience >= AHT) a secant +
    bisection search finds it. Under Erlang X some figures are not monotone: with patience
    below AHT, virtual_wait, short_abandons_as_met and answered_excl_short_abandons rise and
    fall again as agents replace queue slots (and may start high); with redials, abandonment
    and blocking per attempt can fall and rise again in an overloaded centre. There every count
    is either checked or ruled out by bounds; these rest on blocking rising with agents
    (patience < AHT) and with the load, and on properties checked numerically over wide grids
    (the redialled load falls with agents; at a fixed load the service level and occupancy
    move monotonically with agents and the load). The answer matches a brute-force scan.

    `short_abandon_seconds` (None: the service-level threshold) is how soon a hang-up counts as
    a short abandon for the definitions that forgive them.
    """
    a = _finite("offered_load_erlangs", offered_load_erlangs)
    aht = _finite("aht_seconds", aht_seconds, strict=True)
    t = _finite("threshold_seconds", threshold_seconds)
    r = _redial(redial_probability)
    d = _sl_definition(sl_definition)
    ts = _short_threshold(short_abandon_seconds, d, model)
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

    def x_parts(load: float, k: int) -> _Parts:
        return _with_short(lambda x, at: _erlang_x_parts(x, k, lines, aht, pat, at), t, ts)(load)

    def evaluate(n: int, load: float) -> _Parts:
        if model == "erlang_a":
            prev = inv_b(n - 1) if load == a else None
            return _with_short(
                lambda x, at: _erlang_a_parts(
                    x, n, aht, pat, at, log_inv_b_prev=prev, with_asa=False
                ),
                t,
                ts,
            )(load)
        if model == "erlang_x":
            return x_parts(load, n)
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

    seen: dict[int, _Figures] = {}

    def figures(n: int) -> _Figures:
        if n in seen:
            return seen[n]
        seen[n] = out = _figures(n)
        return out

    def _figures(n: int) -> _Figures:
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
    lo = math.floor(a) + 1 if model == "erlang_c" else 1

    def score(n: int) -> float:
        return _slack(searched, figures(n), a - n)

    # Erlang X figures that need not be monotone in the agent count: the service levels that
    # blocking lowers when it rises with agents, and with redials (the load falls as agents are
    # added) abandonment and blocking per attempt. For these a certified scan.
    rising_sl = model == "erlang_x" and pat < aht and d in _BLOCKING_BOUND_SL
    rising_sl = rising_sl and targets.sl is not None
    redialled = model == "erlang_x" and r > 0.0
    if not (rising_sl or (redialled and (targets.abandon is not None or rising_blocking))):
        found = _smallest(score, lo, hi, max(lo, guess))
        n = hi if found is None else found
        if found is not None and rising_blocking and misses(found):
            found = None  # report the fewest agents meeting the rest: blocking only worsens above
    else:
        at_load: dict[tuple[int, float], _Parts] = {}

        def fixed(k: int, load: float) -> _Parts:
            if not r:
                return parts(k)
            if (k, load) not in at_load:
                at_load[k, load] = x_parts(load, k)
            return at_load[k, load]

        def relaxed(stop: float) -> Callable[[int, int], Callable[[int], float] | None]:
            def relax(n: int, end: int) -> Callable[[int], float] | None:
                # Bounds for counts k in [n, end]. Redials: the effective load falls as agents
                # are added, so it lies between that at `end` and that at any count evaluated
                # at or below n. At a fixed load blocking rises with k (patience < AHT); the
                # service level falls with the load, blocking and E[queue] rise with it.
                if r and _slack(exact, figures(end), a - end) < -1e-9:
                    return None  # monotone in k: missed at `end`, missed below it
                low = parts(end).load if r else a
                floor = 0.0
                if (rising_sl or stop < math.inf) and n > lo:
                    floor = fixed(n, low).p_block
                    if floor > stop:
                        return None  # blocking from n to end is at least `floor`: too much
                high = low
                if r:
                    high = min((cache[k].load for k in cache if k <= n), default=a / (1.0 - r))
                give = 1e-9 if r else 0.0  # margin for rounding: r = 0 gives the exact figures

                def admits(k: int) -> float:
                    # Figures at the fixed load `low`: each at most as demanding as at k's own.
                    p = fixed(k, low)
                    sl = _sl_ceiling(p, d, floor) if rising_sl else _service_level(p, d) + give
                    cut = 1.0 - give
                    abandon = p.p_abandon * low / high * cut  # theta E[queue] / lambda: bounded
                    occ = low * (p.p_nowait + p.served_wait) / k * cut
                    return _slack(searched, (sl, abandon, p.p_block * cut, occ), a - k)

                return admits

            return relax

        def window(n: int, size: int) -> int:
            # Redials: end at a count evaluated already, or `size` counts on (r = 0: one window).
            end = min((k for k in cache if k >= n), default=hi) if r else hi
            return end if size == 0 else min(end, n + size - 1)

        # Targets whose exact figures are monotone: one missed at `end` is missed below it too.
        exact = replace(searched, sl=None if rising_sl else searched.sl)
        exact = replace(exact, abandon=None if r else searched.abandon)
        stop = (1.0 - targets.sl) * (1.0 + 1e-9) if rising_sl and targets.sl else math.inf
        if r:  # a first answer assuming monotone figures: its probes end the first windows
            _smallest(score, lo, hi, max(lo, guess))

        def meets_rest(k: int) -> bool:
            return not searched.misses(*figures(k))

        found = _walk(meets_rest, relaxed(stop), window, lo, hi, guess)
        n = hi if found is None else found
        if found is not None and rising_blocking and misses(found):
            found = None  # r = 0: blocking only worsens above
            if r and targets.blocking is not None:  # with redials it first falls with the load
                stop = min(stop, targets.blocking * (1.0 + 1e-9))
                found = _walk(lambda k: not misses(k), relaxed(stop), window, n + 1, hi, n + 1)
        if found is not None:
            n = found

    def metrics_at(n: int) -> QueueMetrics:
        # The public evaluation (direct sums, not the search's recurrence), so a caller who
        # re-evaluates the answer gets the very same figures.
        return queue_metrics(
            a, model=model, agents=n, aht_seconds=aht, threshold_seconds=t,
            patience_seconds=pat if pat else None, lines=lines, redial_probability=r,
            sl_definition=d, short_abandon_seconds=ts,
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
