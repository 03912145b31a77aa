"""Argument checks and the Erlang A and X kernels, service levels and the redial fixed point."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from vendorscore.erlang._special import (
    _LOG_RESCALE,
    _RESCALE,
    _TOL,
    _log_asa_sum,
    _log_dpois,
    _log_inv_erlang_b,
    _log_s,
    _logaddexp,
    _series_s,
    _series_w,
)
from vendorscore.erlang._types import SL_DEFINITIONS, SlDefinition, _ChainSums, _Parts

# Chains longer than this (positions) are summed in numpy blocks (vendorscore.erlang._chain).
_NUMPY_FROM_POSITIONS = 1000.0

# --------------------------------------------------------------------------- validation


def _finite(name: str, value: float, *, minimum: float = 0.0, strict: bool = False) -> float:
    if type(value) is float and minimum < value < math.inf:  # the common case, quickly
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number, got {value!r}")
    value = float(value)
    bad = value <= minimum if strict else value < minimum
    if not math.isfinite(value) or bad:
        op = ">" if strict else ">="
        raise ValueError(f"{name} must be a finite number {op} {minimum:g}, got {value!r}")
    return value


def _count(name: str, value: int, *, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    return value


def _fraction(name: str, value: float | None, *, upper_open: bool = False) -> float | None:
    if value is None:
        return None
    ok = not isinstance(value, bool) and isinstance(value, int | float)
    if not ok or not 0.0 < value <= 1.0 or (upper_open and value == 1.0):
        raise ValueError(f"{name} must be in (0, 1{')' if upper_open else ']'}, got {value!r}")
    return float(value)


def _redial(value: float) -> float:
    r = _finite("redial_probability", value)
    if r >= 1.0:
        raise ValueError(f"redial_probability must be in [0, 1), got {value!r}")
    return r


def _sl_definition(value: str) -> SlDefinition:
    for d in SL_DEFINITIONS:
        if value == d:
            return d
    raise ValueError(f"sl_definition must be one of {', '.join(SL_DEFINITIONS)}, got {value!r}")


def _erlang_c_from_log_inv_b(n: int, a: float, log_inv_b: float) -> float:
    # C = N B / (N - A (1 - B)) = N / ((N - A)/B + A), kept in logs because 1/B can overflow.
    return math.exp(math.log(n) - _logaddexp(math.log(n - a) + log_inv_b, math.log(a)))


# --------------------------------------------------------------------------- Erlang A and X kernels


def _erlang_a_parts(
    a: float,
    n: int,
    aht: float,
    patience: float,
    t: float,
    *,
    log_inv_b_prev: float | None = None,
    with_asa: bool = True,
) -> _Parts:
    """M/M/N+M by the incomplete-gamma forms; log_inv_b_prev is log 1/B(N-1, A) if known."""
    y = a * patience / aht  # lambda / theta
    c = n * patience / aht  # N mu / theta
    a1 = c + 1.0
    if log_inv_b_prev is None:
        log_inv_b_prev = _log_inv_erlang_b(n - 1, a)
    l_low = math.log(n / a) + log_inv_b_prev  # sum_{k<N} pi_k / pi_N
    log_x = -t / patience
    x = math.exp(log_x)
    growth = -y * math.expm1(log_x)  # y (1 - x)
    if y < a1 + 1.0 and l_low < 600.0:
        # Nothing can overflow here (N is at least about A): the same forms in plain floats.
        r_low = math.exp(l_low)
        s1 = _series_s(a1, y)
        rq = 1.0 + y / a1 * s1
        inv_z = 1.0 / (r_low + rq)
        z = y * x
        s1z = _series_s(a1, z)
        served = c / a1 * s1 * inv_z
        later = math.exp(a1 * log_x + growth) * s1z  # x^(c+1) e^(y(1-x)) S1(yx) <= S1(y)
        p_nowait = r_low * inv_z
        return _Parts(
            load=a,
            p_nowait=p_nowait,
            p_wait=rq * inv_z,
            p_block=0.0,
            p_abandon=_series_w(a1, y, s1) / a1 * inv_z,
            answered_t=p_nowait + served * max(0.0, 1.0 - later / s1),
            served_wait=served,
            waited_gt_t=math.exp(c * log_x + growth) * (1.0 + z / a1 * s1z) * inv_z,
            x=x,
            asa_numerator_seconds=(
                _erlang_a_asa(a, n, aht, patience, -math.log(inv_z)) if with_asa else None
            ),
            log_norm=-math.log(inv_z),
        )
    if y < a1 + 1.0:
        s1 = _series_s(a1, y)
        log_s1 = math.log(s1)
        log_ab = math.log(_series_w(a1, y, s1) / a1)  # positive series: no cancellation when N >> A
    else:
        log_s1 = _log_s(a1, y)
        log_ab = _logaddexp(0.0, math.log((y - c) / a1) + log_s1)
    log_rq = _logaddexp(0.0, math.log(y / a1) + log_s1)  # sum_{j>=0} pi_{N+j} / pi_N
    log_z = _logaddexp(l_low, log_rq)
    z = y * x
    if z > 0.0:
        log_s1z = _log_s(a1, z)
        log_s0z = _logaddexp(0.0, math.log(z / a1) + log_s1z)
    else:
        log_s1z = log_s0z = 0.0
    log_served = math.log(c / a1) + log_s1 - log_z
    # Answered after waiting, within T: (c/(c+1)) [S1(y) - x^(c+1) e^(y(1-x)) S1(yx)].
    d = min(0.0, a1 * log_x + growth + log_s1z - log_s1)
    p_nowait = math.exp(l_low - log_z)
    return _Parts(
        load=a,
        p_nowait=p_nowait,
        p_wait=math.exp(log_rq - log_z),
        p_block=0.0,
        p_abandon=math.exp(log_ab - log_z),
        answered_t=p_nowait + math.exp(log_served) * -math.expm1(d),
        served_wait=math.exp(log_served),
        waited_gt_t=math.exp(c * log_x + growth + log_s0z - log_z),
        x=x,
        asa_numerator_seconds=_erlang_a_asa(a, n, aht, patience, log_z) if with_asa else None,
        log_norm=log_z,
    )


def _erlang_a_asa(a: float, n: int, aht: float, patience: float, log_z: float) -> float:
    """E[wait; answered] per offered call: sum over positions of E[V e^(-theta V) | j ahead]."""
    c = n * patience / aht
    return math.exp(
        math.log(c * patience / (c + 1.0)) + _log_asa_sum(c, a * patience / aht) - log_z
    )


def _erlang_x_parts(
    a: float, n: int, lines: int | None, aht: float, patience: float, t: float
) -> _Parts:
    """M/M/N/L+M by summing the birth-death chain over queue positions (lines=None: no limit)."""
    y = a * patience / aht
    c = n * patience / aht
    m = -1 if lines is None else lines - n  # queue slots; -1: unlimited
    log_x = -t / patience
    one_minus_x = -math.expm1(log_x)
    # Long chains (hundreds of thousands of Erlangs, or far fewer agents than the load) are
    # summed in numpy blocks; the rest position by position, which is quicker for short ones
    # (and needs no numpy import, which alone costs more than a few evaluations).
    peak = max(0.0, y - c)  # the weights rise up to about j = y - c, then fall like a normal
    length = peak + 9.0 * math.sqrt(y) + 50.0  # where they are below 2^-54 of the peak
    if (length if m < 0 else min(length, m)) > _NUMPY_FROM_POSITIONS:
        from vendorscore.erlang._chain import _chain_sums_numpy, _log_inv_erlang_b_numpy

        chain = _chain_sums_numpy(y, c, m, log_x, one_minus_x)
        # Near the load, 1/B sums about 9 sqrt(A) terms: in numpy too when that is long.
        near = a > _NUMPY_FROM_POSITIONS**2 / 81.0 and abs(n - a) < 20.0 * math.sqrt(a)
        log_inv_b = (_log_inv_erlang_b_numpy if near else _log_inv_erlang_b)(n - 1, a)
    else:
        chain = _chain_sums(y, c, m, log_x, one_minus_x)
        log_inv_b = _log_inv_erlang_b(n - 1, a)
    l_low = math.log(n / a) + log_inv_b
    tot, acc_jt, acc_wait, acc_served, acc_served_t, acc_vgt, acc_asa, tw, t_log, truncated = chain
    log_rq = math.log(tot) + t_log
    log_z = _logaddexp(l_low, log_rq)
    if m < 0:
        p_block = 0.0
    elif truncated:
        p_block = math.exp(_log_dpois(c + m, y) - _log_dpois(c, y) - log_z)
    else:
        p_block = math.exp(math.log(tw) + t_log - log_z) if tw > 0.0 else 0.0
    scale = math.exp(t_log - log_z)
    p_nowait = math.exp(l_low - log_z)
    return _Parts(
        load=a,
        p_nowait=p_nowait,
        p_wait=acc_wait * scale,
        p_block=p_block,
        p_abandon=acc_jt * scale / y,  # theta E[queue] / lambda
        answered_t=p_nowait + acc_served_t * scale,
        served_wait=acc_served * scale,
        waited_gt_t=acc_vgt * scale,
        x=math.exp(log_x),
        asa_numerator_seconds=acc_asa * scale * patience,
    )


# The definitions that forgive short abandons: they read abandonment within a short threshold.
SHORT_ABANDON_DEFINITIONS = ("answered_excl_short_abandons", "short_abandons_as_met")


def _abandoned_within_t(p: _Parts) -> float:
    """Accepted callers who hang up within T: neither answered by T nor still waiting at T."""
    return max(0.0, p.p_nowait + p.p_wait - p.answered_t - p.x * p.waited_gt_t)


def _short_abandoned(p: _Parts) -> float:
    """Callers who hang up within the short-abandon threshold (T itself unless it was set)."""
    return _abandoned_within_t(p) if p.abandoned_short is None else p.abandoned_short


def _with_short(
    evaluate: Callable[[float, float], _Parts], t: float, short_t: float | None
) -> Callable[[float], _Parts]:
    """Parts at T as a function of the load, with abandonment within `short_t` added when it
    differs from T (a second evaluation at `short_t`: only its abandonment is read)."""
    if short_t is None or short_t == t:
        return lambda load: evaluate(load, t)

    def both(load: float) -> _Parts:
        p = evaluate(load, t)
        return replace(p, abandoned_short=_abandoned_within_t(evaluate(load, short_t)))

    return both


def _short_threshold(value: float | None, definition: SlDefinition, model: str) -> float | None:
    """The short-abandon threshold where it matters (a definition forgiving short abandons, under
    a model whose callers abandon); None elsewhere, so the other figures cost nothing more."""
    if value is None:
        return None
    ts = _finite("short_abandon_seconds", value)
    if definition not in SHORT_ABANDON_DEFINITIONS or model not in ("erlang_a", "erlang_x"):
        return None
    return ts


def _chain_sums(y: float, c: float, m: int, log_x: float, one_minus_x: float) -> _ChainSums:
    """Sums over queue positions j of the Erlang X chain weights t_j, one position at a time.

    t_j = y^j / ((c+1)...(c+j)) = pi_{N+j} / pi_N, for j = 0..m (m = -1: no limit), stopped
    where the neglected tail is below 2^-54 of the sum. Returns (sum t_j, sum j t_j, and over
    j < m: sum t_j, sum t_j f_j, sum t_j f_j (1 - P(V > T | j, c + 1)), sum t_j P(V > T | j, c),
    sum t_j f_j H_j; the last weight, its log scale, whether the tail was cut off), with
    f_j = c / (c + j + 1) and H_j = sum_{i=1..j+1} 1 / (c + i); every sum times exp(-log scale).
    """
    # Given j callers ahead, exp(-theta V) ~ Beta(c, j+1), so P(V > T | j) is a negative
    # binomial cdf: x^s sum_{k<=j} (s)_k/k! (1-x)^k with s = c (and s = c+1 for answered).
    # Per shape: the term, the cdf and the log of their scale (unrolled: this loop is hot).
    shape0, shape1 = c, c + 1.0
    log0 = shape0 * log_x
    e0, c0, g0 = (1.0, 1.0, log0) if log0 < -600.0 else (math.exp(log0), math.exp(log0), 0.0)
    log0 = shape1 * log_x
    e1, c1, g1 = (1.0, 1.0, log0) if log0 < -600.0 else (math.exp(log0), math.exp(log0), 0.0)
    f0, f1 = math.exp(g0), math.exp(g1)
    tw = 1.0  # t_j = y^j/((c+1)...(c+j)) = pi_{N+j}/pi_N, times exp(-t_log)
    t_log = 0.0
    tot = acc_wait = acc_jt = acc_served = acc_served_t = acc_vgt = acc_asa = 0.0
    h = 1.0 / (c + 1.0)
    j = 0
    truncated = False
    while True:
        tot += tw
        acc_jt += j * tw
        if j == m:
            break
        frac = c / (c + j + 1.0)
        acc_wait += tw
        acc_served += tw * frac
        v = c1 * f1
        acc_served_t += tw * frac * (1.0 - (v if v < 1.0 else 1.0))
        v = c0 * f0
        acc_vgt += tw * (v if v < 1.0 else 1.0)
        acc_asa += tw * frac * h
        r = y / (c + j + 1.0)
        tw *= r
        j += 1
        if tw > _RESCALE:
            tw /= _RESCALE
            tot /= _RESCALE
            acc_jt /= _RESCALE
            acc_wait /= _RESCALE
            acc_served /= _RESCALE
            acc_served_t /= _RESCALE
            acc_vgt /= _RESCALE
            acc_asa /= _RESCALE
            t_log += _LOG_RESCALE
        e0 *= (shape0 + j - 1.0) / j * one_minus_x
        c0 += e0
        if c0 > _RESCALE:
            g0 += math.log(c0)
            e0 /= c0
            c0 = 1.0
            f0 = math.exp(g0)
        e1 *= (shape1 + j - 1.0) / j * one_minus_x
        c1 += e1
        if c1 > _RESCALE:
            g1 += math.log(c1)
            e1 /= c1
            c1 = 1.0
            f1 = math.exp(g1)
        h += 1.0 / (c + j + 1.0)
        # Past the peak, positions whose weight is negligible change nothing.
        rn = y / (c + j + 1.0)
        if (
            tw < _TOL * tot
            and rn < 1.0
            and tw * (j + 2.0 + 1.0 / (1.0 - rn)) <= _TOL * (1.0 - rn) * tot
        ):
            truncated = True
            break
    return tot, acc_jt, acc_wait, acc_served, acc_served_t, acc_vgt, acc_asa, tw, t_log, truncated


def _service_level(p: _Parts, definition: SlDefinition) -> float:
    accepted = p.p_nowait + p.p_wait
    if definition == "answered_of_offered":
        value = p.answered_t
    elif definition == "answered_of_answered":
        value = p.answered_t / (p.p_nowait + p.served_wait)
    elif definition == "answered_excl_short_abandons":
        value = p.answered_t / (1.0 - _short_abandoned(p))
    elif definition == "short_abandons_as_met":
        short = p.abandoned_short
        value = accepted - p.x * p.waited_gt_t if short is None else p.answered_t + short
    else:
        value = accepted - p.waited_gt_t
    return min(1.0, max(0.0, value))


def _solve_redials(fresh: float, r: float, evaluate: Callable[[float], _Parts]) -> _Parts:
    """Parts at the effective load A = fresh + r A (P_block + P_abandon) (bracketed Illinois)."""
    if r == 0.0:
        return evaluate(fresh)

    def g(load: float) -> tuple[float, _Parts]:
        p = evaluate(load)
        return load * (1.0 - r * (p.p_block + p.p_abandon)) - fresh, p

    lo = fresh
    flo, plo = g(lo)
    if flo >= 0.0:
        return plo
    # g(A) = (1 - r) A + r carried(A) - fresh, and the carried load (answered Erlangs) never
    # falls as the offered load rises (the chain's states rise stochastically with it), so g
    # rises at least as fast as (1 - r) A: the root is at most this step, often far below
    # fresh / (1 - r), where a long queue would make every evaluation slow.
    hi = min(fresh / (1.0 - r), lo - flo / (1.0 - r))
    fhi, phi = g(hi)
    if fhi <= 1e-15 * hi:  # at the root to the loop's own tolerance (or past it by rounding)
        return phi
    side = 0
    best = plo if -flo < fhi else phi
    for _ in range(200):
        mid = (lo * fhi - hi * flo) / (fhi - flo)
        if not lo < mid < hi:
            mid = 0.5 * (lo + hi)
        fm, pm = g(mid)
        best = pm
        if abs(fm) <= 1e-15 * mid or hi - lo <= 1e-15 * hi:
            break
        if fm < 0.0:
            lo, flo = mid, fm
            if side == -1:
                fhi *= 0.5
            side = -1
        else:
            hi, fhi = mid, fm
            if side == 1:
                flo *= 0.5
            side = 1
    return best
