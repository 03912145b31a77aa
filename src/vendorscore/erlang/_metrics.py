"""The public per-model metrics: Erlang B and C figures and full queue metrics per model."""

from __future__ import annotations

import math
from typing import get_args

from vendorscore.erlang._kernels import (
    _count,
    _erlang_a_parts,
    _erlang_c_from_log_inv_b,
    _erlang_x_parts,
    _finite,
    _fraction,
    _redial,
    _service_level,
    _short_threshold,
    _sl_definition,
    _solve_redials,
    _with_short,
)
from vendorscore.erlang._special import _log_inv_erlang_b
from vendorscore.erlang._types import Model, QueueMetrics, SlDefinition, _Parts

# --------------------------------------------------------------------------- Erlang B and C


def log_erlang_b(offered_load_erlangs: float, lines: int) -> float:
    """Natural log of the Erlang B blocking probability (finite even where B underflows)."""
    a = _finite("offered_load_erlangs", offered_load_erlangs, strict=True)
    return -_log_inv_erlang_b(_count("lines", lines, minimum=0), a)


def erlang_b(offered_load_erlangs: float, lines: int) -> float:
    """Erlang B: probability that a call finds all `lines` busy (no queue, blocked calls lost)."""
    if _finite("offered_load_erlangs", offered_load_erlangs) == 0.0:
        _count("lines", lines, minimum=0)
        return 0.0
    return math.exp(log_erlang_b(offered_load_erlangs, lines))


def erlang_b_capacity(lines: int, *, blocking: float) -> float:
    """The offered load (Erlangs) that `lines` carry at the given Erlang B blocking probability."""
    n = _count("lines", lines)
    target = _fraction("blocking", blocking, upper_open=True)
    assert target is not None
    log_target = math.log(target)
    lo, hi = 0.0, float(n)
    while -_log_inv_erlang_b(n, hi) < log_target:  # B grows with the load
        lo, hi = hi, 2.0 * hi
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        if -_log_inv_erlang_b(n, mid) < log_target:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def erlang_c(offered_load_erlangs: float, agents: int) -> float:
    """Erlang C probability of waiting; 1.0 when agents <= load (the queue grows without bound)."""
    a = _finite("offered_load_erlangs", offered_load_erlangs)
    n = _count("agents", agents)
    if a == 0.0:
        return 0.0
    if n <= a:
        return 1.0
    return _erlang_c_from_log_inv_b(n, a, _log_inv_erlang_b(n, a))


# --------------------------------------------------------------------------- public metrics


def _metrics(
    model: Model,
    p: _Parts,
    *,
    fresh: float,
    n: int,
    lines: int | None,
    t: float | None,
    r: float,
    definition: SlDefinition | None,
) -> QueueMetrics:
    answered = p.p_nowait + p.served_wait
    lost = p.p_block + p.p_abandon
    queued = model in ("erlang_a", "erlang_x")
    return QueueMetrics(
        model=model,
        offered_load_erlangs=p.load,
        agents=n,
        lines=lines,
        stable=True,
        # Sums of many float terms can land a few ulps past 1; a probability never does.
        blocking_probability=_unit(p.p_block) if model in ("erlang_b", "erlang_x") else None,
        prob_wait=_unit(p.p_wait) if model != "erlang_b" else None,
        prob_abandon=_unit(p.p_abandon) if queued else None,
        service_level=_unit(_service_level(p, definition)) if definition is not None else None,
        service_level_definition=definition,
        threshold_seconds=t,
        asa_seconds=(
            p.asa_numerator_seconds / answered
            if p.asa_numerator_seconds is not None and answered > 0.0
            else None
        ),
        occupancy=min(1.0, p.load * answered / n),
        fresh_offered_load_erlangs=fresh,
        redial_probability=r,
        lost_fraction_of_fresh_callers=(1.0 - r) * lost / (1.0 - r * lost),
    )


def _unit(x: float) -> float:
    return 0.0 if x < 0.0 else 1.0 if x > 1.0 else x


def _idle(
    model: Model, n: int, lines: int | None, t: float | None, r: float, d: SlDefinition | None
) -> QueueMetrics:
    p = _Parts(0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0 if d is not None else None)
    return _metrics(model, p, fresh=0.0, n=max(n, 1), lines=lines, t=t, r=r, definition=d)


def erlang_b_metrics(
    offered_load_erlangs: float, *, lines: int, redial_probability: float = 0.0
) -> QueueMetrics:
    """Erlang B (no queue): blocking and carried load per line, optionally with redials."""
    fresh = _finite("offered_load_erlangs", offered_load_erlangs)
    n = _count("lines", lines)
    r = _redial(redial_probability)
    if fresh == 0.0:
        return _idle("erlang_b", n, n, None, r, None)

    def evaluate(a: float) -> _Parts:
        b = math.exp(-_log_inv_erlang_b(n, a))
        return _Parts(a, 1.0 - b, 0.0, b, 0.0, 1.0 - b, 0.0, 0.0, 1.0, None)

    return _metrics(
        "erlang_b",
        _solve_redials(fresh, r, evaluate),
        fresh=fresh,
        n=n,
        lines=n,
        t=None,
        r=r,
        definition=None,
    )


def erlang_c_metrics(
    offered_load_erlangs: float,
    *,
    agents: int,
    aht_seconds: float,
    threshold_seconds: float = 20.0,
    sl_definition: SlDefinition = "answered_of_offered",
) -> QueueMetrics:
    """Erlang C (infinitely patient callers): wait probability, service level, ASA, occupancy."""
    a = _finite("offered_load_erlangs", offered_load_erlangs)
    n = _count("agents", agents)
    aht = _finite("aht_seconds", aht_seconds, strict=True)
    t = _finite("threshold_seconds", threshold_seconds)
    d = _sl_definition(sl_definition)  # every definition agrees when nobody abandons
    if a == 0.0:
        return _idle("erlang_c", n, None, t, 0.0, d)
    if n <= a:
        return QueueMetrics(
            "erlang_c", a, n, None, False, None, 1.0, None, None, d, t, None, 1.0, a, 0.0, None
        )
    pw = _erlang_c_from_log_inv_b(n, a, _log_inv_erlang_b(n, a))
    return QueueMetrics(
        "erlang_c", a, n, None, True, None, pw, None,
        1.0 - pw * math.exp(-(n - a) * t / aht), d, t, pw * aht / (n - a), a / n, a, 0.0, 0.0,
    )  # fmt: skip


def _queue_args(
    offered: float, agents: int, aht: float, patience: float, t: float, r: float, sl: str
) -> tuple[float, int, float, float, float, float, SlDefinition]:
    return (
        _finite("offered_load_erlangs", offered),
        _count("agents", agents),
        _finite("aht_seconds", aht, strict=True),
        _finite("patience_seconds", patience, strict=True),
        _finite("threshold_seconds", t),
        _redial(r),
        _sl_definition(sl),
    )


def erlang_a_metrics(
    offered_load_erlangs: float,
    *,
    agents: int,
    aht_seconds: float,
    patience_seconds: float,
    threshold_seconds: float = 20.0,
    sl_definition: SlDefinition = "answered_of_offered",
    redial_probability: float = 0.0,
    short_abandon_seconds: float | None = None,
) -> QueueMetrics:
    """Erlang A (M/M/N+M, exponential patience): defined for any N, including N below the load."""
    a, n, aht, pat, t, r, d = _queue_args(
        offered_load_erlangs, agents, aht_seconds, patience_seconds, threshold_seconds,
        redial_probability, sl_definition,
    )  # fmt: skip
    if a == 0.0:
        return _idle("erlang_a", n, None, t, r, d)
    ts = _short_threshold(short_abandon_seconds, d, "erlang_a")
    p = _solve_redials(
        a,
        r,
        _with_short(
            lambda load, at: _erlang_a_parts(load, n, aht, pat, at, with_asa=r == 0.0), t, ts
        ),
    )
    if r > 0.0:
        p = _with_short(lambda load, at: _erlang_a_parts(load, n, aht, pat, at), t, ts)(p.load)
    return _metrics("erlang_a", p, fresh=a, n=n, lines=None, t=t, r=r, definition=d)


def erlang_x_metrics(
    offered_load_erlangs: float,
    *,
    agents: int,
    lines: int,
    aht_seconds: float,
    patience_seconds: float,
    threshold_seconds: float = 20.0,
    sl_definition: SlDefinition = "answered_of_offered",
    redial_probability: float = 0.0,
    short_abandon_seconds: float | None = None,
) -> QueueMetrics:
    """Erlang X: `lines` >= agents (callers beyond them are blocked), abandonment and redials."""
    a, n, aht, pat, t, r, d = _queue_args(
        offered_load_erlangs, agents, aht_seconds, patience_seconds, threshold_seconds,
        redial_probability, sl_definition,
    )  # fmt: skip
    if _count("lines", lines) < n:
        raise ValueError(f"lines must be >= agents ({n}), got {lines}")
    if a == 0.0:
        return _idle("erlang_x", n, lines, t, r, d)
    ts = _short_threshold(short_abandon_seconds, d, "erlang_x")
    evaluate = _with_short(lambda load, at: _erlang_x_parts(load, n, lines, aht, pat, at), t, ts)
    p = _solve_redials(a, r, evaluate)
    return _metrics("erlang_x", p, fresh=a, n=n, lines=lines, t=t, r=r, definition=d)


def queue_metrics(
    offered_load_erlangs: float,
    *,
    model: Model,
    agents: int,
    aht_seconds: float,
    threshold_seconds: float = 20.0,
    patience_seconds: float | None = None,
    lines: int | None = None,
    redial_probability: float = 0.0,
    sl_definition: SlDefinition = "answered_of_offered",
    short_abandon_seconds: float | None = None,
) -> QueueMetrics:
    """Metrics of one interval under any model (Erlang B treats `agents` as lines).

    `short_abandon_seconds` (None: the threshold) applies to the definitions that forgive short
    abandons (answered_excl_short_abandons, short_abandons_as_met) under Erlang A and X.
    """
    if model == "erlang_b":
        return erlang_b_metrics(
            offered_load_erlangs, lines=agents, redial_probability=redial_probability
        )
    if model == "erlang_c":
        if redial_probability:
            raise ValueError("Erlang C loses no calls, so redial_probability must be 0")
        return erlang_c_metrics(
            offered_load_erlangs, agents=agents, aht_seconds=aht_seconds,
            threshold_seconds=threshold_seconds, sl_definition=sl_definition,
        )  # fmt: skip
    if model in ("erlang_a", "erlang_x") and patience_seconds is None:
        raise ValueError(f"patience_seconds is required for {model}")
    if model == "erlang_a":
        assert patience_seconds is not None
        return erlang_a_metrics(
            offered_load_erlangs, agents=agents, aht_seconds=aht_seconds,
            patience_seconds=patience_seconds,
            threshold_seconds=threshold_seconds, sl_definition=sl_definition,
            redial_probability=redial_probability, short_abandon_seconds=short_abandon_seconds,
        )  # fmt: skip
    if model == "erlang_x":
        if lines is None:
            raise ValueError("lines is required for erlang_x")
        assert patience_seconds is not None
        return erlang_x_metrics(
            offered_load_erlangs, agents=agents, lines=lines, aht_seconds=aht_seconds,
            patience_seconds=patience_seconds,
            threshold_seconds=threshold_seconds, sl_definition=sl_definition,
            redial_probability=redial_probability, short_abandon_seconds=short_abandon_seconds,
        )  # fmt: skip
    raise ValueError(f"model must be one of {', '.join(get_args(Model))}, got {model!r}")
