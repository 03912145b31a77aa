"""Erlang B, C, A and X queue metrics and staffing searches in floats that never overflow.

Every kernel works with ratios to the probability of the state "all N agents busy, nobody
queued", summed only over terms that matter and combined in log space, so 100,000 agents are as
safe as 10. Erlang A uses the Garnett-Mandelbaum-Reiman / Mandelbaum-Zeltyn incomplete-gamma
forms; Erlang X (finite lines) sums the birth-death chain position by position. Assumptions:
Poisson arrivals, exponential handle time and (Erlang A/X) exponential patience.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal, get_args

__all__ = [
    "SL_DEFINITIONS",
    "Model",
    "QueueMetrics",
    "SlDefinition",
    "StaffingResult",
    "agents_for_targets",
    "erlang_a_metrics",
    "erlang_b",
    "erlang_b_capacity",
    "erlang_b_metrics",
    "erlang_c",
    "erlang_c_metrics",
    "erlang_x_metrics",
    "log_erlang_b",
    "offered_load_erlangs",
    "queue_metrics",
    "scheduled_agents",
]

Model = Literal["erlang_b", "erlang_c", "erlang_a", "erlang_x"]
SlDefinition = Literal[
    "answered_of_offered",  # P(answered and waited <= T); abandoned and blocked calls fail
    "answered_of_answered",  # P(waited <= T | answered); abandoned calls ignored
    "answered_excl_short_abandons",  # answered within T / (offered - abandoned within T)
    "short_abandons_as_met",  # P(answered or abandoned within T)
    "virtual_wait",  # P(an infinitely patient caller would wait <= T)
]
SL_DEFINITIONS: tuple[SlDefinition, ...] = get_args(SlDefinition)

_TOL = 2.0**-54  # relative size of the neglected tail of every series (half an ulp)
_LN_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)
_RESCALE = 1e250
_LOG_RESCALE = math.log(_RESCALE)
# Coefficients of the Stirling-series remainder (Loader 2000, as in R's dpois).
_S0, _S1, _S2, _S3, _S4 = 1 / 12, 1 / 360, 1 / 1260, 1 / 1680, 1 / 1188


@dataclass(frozen=True, slots=True)
class QueueMetrics:
    """What one interval delivers with a given agent count (None: the model has no such figure).

    With redials, offered_load_erlangs is the effective load (fresh calls plus redials) and the
    probabilities and service level count per attempt. An unstable Erlang C queue (agents <=
    load) reports prob_wait 1 and occupancy 1 (the limits) and no service level or ASA (None).
    """

    model: Model
    offered_load_erlangs: float
    agents: int
    lines: int | None
    stable: bool
    blocking_probability: float | None
    prob_wait: float | None
    prob_abandon: float | None
    service_level: float | None
    service_level_definition: SlDefinition | None
    threshold_seconds: float | None
    asa_seconds: float | None  # mean wait of answered calls
    occupancy: float | None  # carried load / agents
    fresh_offered_load_erlangs: float
    redial_probability: float
    lost_fraction_of_fresh_callers: float | None  # blocked or abandoned and never redialled


@dataclass(frozen=True, slots=True)
class StaffingResult:
    """The smallest agent count meeting every target, heads to schedule and the metrics there."""

    agents: int
    scheduled_agents: int
    shrinkage: float
    feasible: bool  # False: no agent count up to the limit (lines for Erlang X) meets the targets
    binding: tuple[str, ...]  # targets that one agent fewer would miss (infeasible: those missed)
    metrics: QueueMetrics


@dataclass(frozen=True, slots=True)
class _Parts:
    """Probabilities of offered calls for one model evaluation (redials already resolved)."""

    load: float
    p_nowait: float  # accepted and answered at once
    p_wait: float  # accepted and found every agent busy
    p_block: float
    p_abandon: float
    answered_t: float  # answered within T
    served_wait: float  # waited, then answered
    waited_gt_t: float  # accepted and would wait longer than T if patient
    x: float  # P(patience > T)
    asa_numerator_seconds: float | None  # E[wait; answered], per offered call
    log_norm: float = 0.0  # Erlang A: log of sum_k pi_k / pi_N, kept to add the ASA later


# --------------------------------------------------------------------------- special functions


def _logaddexp(p: float, q: float) -> float:
    if p < q:
        p, q = q, p
    if q == -math.inf:
        return p
    return p + math.log1p(math.exp(q - p))


def _stirlerr(n: float) -> float:
    """log(n!) - log(sqrt(2 pi n) (n/e)^n), accurate where lgamma would lose digits."""
    if n > 15.0:
        nn = n * n
        if n > 500.0:
            return (_S0 - _S1 / nn) / n
        if n > 80.0:
            return (_S0 - (_S1 - _S2 / nn) / nn) / n
        if n > 35.0:
            return (_S0 - (_S1 - (_S2 - _S3 / nn) / nn) / nn) / n
        return (_S0 - (_S1 - (_S2 - (_S3 - _S4 / nn) / nn) / nn) / nn) / n
    return math.lgamma(n + 1.0) - (n + 0.5) * math.log(n) + n - _LN_SQRT_2PI


def _bd0(x: float, m: float) -> float:
    """x log(x/m) + m - x without cancellation when x is close to m."""
    d = x - m
    if abs(d) < 0.1 * (x + m):
        v = d / (x + m)
        s = d * v
        ej = 2.0 * x * v
        v2 = v * v
        j = 3
        while True:
            ej *= v2
            s1 = s + ej / j
            if s1 == s:
                return s1
            s = s1
            j += 2
    return x * math.log(x / m) + m - x


def _log_dpois(x: float, lam: float) -> float:
    """log(lam^x e^-lam / Gamma(x+1)) for real x >= 0, lam > 0, to full relative precision."""
    if x == 0.0:
        return -lam
    return -_stirlerr(x) - _bd0(x, lam) - _LN_SQRT_2PI - 0.5 * math.log(x)


def _log_inv_erlang_b(n: int, a: float) -> float:
    """log(1/B(n, a)) = log(Poisson cdf / pmf at n), by whichever sum has falling terms."""
    if n == 0:
        return 0.0
    if n < a:
        # 1/B = sum_j n!/((n-j)! a^j): each ratio (n-i)/a is below one and falling.
        s = term = 1.0
        k = float(n)
        while k > 0.0:
            term *= k / a
            s += term
            k -= 1.0
            if term < _TOL * s and term * k <= _TOL * s * (a - k):
                break
        return math.log(s)
    # cdf = 1 - pmf(n) * sum_{j>=1} prod_{i<=j} a/(n+i); the tail is small beside the cdf.
    log_pmf = _log_dpois(float(n), a)
    s = 0.0
    term = 1.0
    i = float(n)
    while True:
        i += 1.0
        term *= a / i
        s += term
        if term < _TOL * s and term * a <= _TOL * s * (i + 1.0 - a):
            break
    return math.log1p(-math.exp(log_pmf) * s) - log_pmf


def _series_s(a: float, z: float) -> float:
    """S(a, z) = sum_k z^k/((a+1)...(a+k)), for z < a + 1 (the terms fall from the start)."""
    s = term = 1.0
    d = a
    while True:
        d += 1.0
        term *= z / d
        s += term
        if term < _TOL * s:
            # The ratios keep falling, so the tail is below term * r / (1 - r).
            r = z / (d + 1.0)
            if term * r <= _TOL * (1.0 - r) * s:
                return s


def _series_w(a: float, z: float, s: float) -> float:
    """W(a, z) = sum_k (k+1) z^k/((a+1)...(a+k)), given S(a, z), for z < a + 1."""
    # From (a+k+1) t_{k+1} = z t_k: W = S (z - a + 1) + a, exact but cancelling when z << a,
    # where the direct sum converges in a few terms instead.
    w = s * (z - a + 1.0) + a
    if w >= 0.125 * a:
        return w
    w = term = 1.0
    d = a
    k = 1.0
    while True:
        d += 1.0
        k += 1.0
        term *= z / d
        w += k * term
        if term < _TOL * w and k * term * d <= _TOL * (d - z) * w:
            return w


def _gamma_cf(a: float, x: float) -> float:
    """Continued fraction h with Q(a, x) = x^a e^-x h / Gamma(a) (modified Lentz), x >= a."""
    tiny = 1e-300
    b = x + 1.0 - a
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    i = 1
    while i < 1_000_000:
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        if abs(d) < tiny:
            d = tiny
        c = b + an / c
        if abs(c) < tiny:
            c = tiny
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 2e-16:
            break
        i += 1
    return h


def _log_s(a: float, z: float) -> float:
    """log S(a, z) = log 1F1(1; a+1; z), for a >= 1 and z >= 0."""
    if z < a + 1.0:
        return math.log(_series_s(a, z))
    # S = P(a, z) / dpois(a; z) and Q(a, z) = a dpois(a; z) h is below one half here.
    log_d = _log_dpois(a, z)
    return math.log1p(-a * math.exp(log_d) * _gamma_cf(a, z)) - log_d


def _log_asa_sum(c: float, y: float) -> float:
    """log sum_j s_j H_j with s_j = y^j/((c+2)...(c+j+1)) and H_j = sum_{i=1..j+1} 1/(c+i)."""
    term = 1.0
    d = c + 1.0
    h = 1.0 / d
    s = h
    log_scale = 0.0
    while True:
        d += 1.0
        term *= y / d
        h += 1.0 / d
        s += term * h
        if term > _RESCALE:
            term /= _RESCALE
            s /= _RESCALE
            log_scale += _LOG_RESCALE
        elif term * h < _TOL * s:
            # Past the peak the tail is below term h (1 + 1/(1-r)^2) with r the next ratio.
            r = y / (d + 1.0)
            if r < 1.0 and term * h <= 0.5 * _TOL * s * (1.0 - r) ** 2:
                return math.log(s) + log_scale


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


def _erlang_c_from_log_inv_b(n: int, a: float, log_inv_b: float) -> float:
    # C = N B / (N - A (1 - B)) = N / ((N - A)/B + A), kept in logs because 1/B can overflow.
    return math.exp(math.log(n) - _logaddexp(math.log(n - a) + log_inv_b, math.log(a)))


def erlang_c(offered_load_erlangs: float, agents: int) -> float:
    """Erlang C probability of waiting; 1.0 when agents <= load (the queue grows without bound)."""
    a = _finite("offered_load_erlangs", offered_load_erlangs)
    n = _count("agents", agents)
    if a == 0.0:
        return 0.0
    if n <= a:
        return 1.0
    return _erlang_c_from_log_inv_b(n, a, _log_inv_erlang_b(n, a))


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
    l_low = math.log(n / a) + _log_inv_erlang_b(n - 1, a)
    log_x = -t / patience
    one_minus_x = -math.expm1(log_x)
    # Given j callers ahead, exp(-theta V) ~ Beta(c, j+1), so P(V > T | j) is a negative
    # binomial cdf: x^s sum_{k<=j} (s)_k/k! (1-x)^k with s = c (and s = c+1 for answered).
    nb = []
    for shape in (c, c + 1.0):
        log0 = shape * log_x
        nb.append([1.0, 1.0, log0] if log0 < -600.0 else [math.exp(log0), math.exp(log0), 0.0])
    f0, f1 = math.exp(nb[0][2]), math.exp(nb[1][2])
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
        acc_served_t += tw * frac * (1.0 - min(1.0, nb[1][1] * f1))
        acc_vgt += tw * min(1.0, nb[0][1] * f0)
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
        for k, shape in enumerate((c, c + 1.0)):
            e = nb[k]
            e[0] *= (shape + j - 1.0) / j * one_minus_x
            e[1] += e[0]
            if e[1] > _RESCALE:
                e[2] += math.log(e[1])
                e[0] /= e[1]
                e[1] = 1.0
                if k == 0:
                    f0 = math.exp(e[2])
                else:
                    f1 = math.exp(e[2])
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


def _service_level(p: _Parts, definition: SlDefinition) -> float:
    accepted = p.p_nowait + p.p_wait
    if definition == "answered_of_offered":
        value = p.answered_t
    elif definition == "answered_of_answered":
        value = p.answered_t / (p.p_nowait + p.served_wait)
    elif definition == "answered_excl_short_abandons":
        abandoned_t = max(0.0, accepted - p.answered_t - p.x * p.waited_gt_t)
        value = p.answered_t / (1.0 - abandoned_t)
    elif definition == "short_abandons_as_met":
        value = accepted - p.x * p.waited_gt_t
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

    lo, hi = fresh, fresh / (1.0 - r)
    flo, plo = g(lo)
    if flo >= 0.0:
        return plo
    fhi, phi = g(hi)
    if fhi <= 0.0:
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
        blocking_probability=p.p_block if model in ("erlang_b", "erlang_x") else None,
        prob_wait=p.p_wait if model != "erlang_b" else None,
        prob_abandon=p.p_abandon if queued else None,
        service_level=_service_level(p, definition) if definition is not None else None,
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
) -> QueueMetrics:
    """Erlang A (M/M/N+M, exponential patience): defined for any N, including N below the load."""
    a, n, aht, pat, t, r, d = _queue_args(
        offered_load_erlangs, agents, aht_seconds, patience_seconds, threshold_seconds,
        redial_probability, sl_definition,
    )  # fmt: skip
    if a == 0.0:
        return _idle("erlang_a", n, None, t, r, d)
    p = _solve_redials(a, r, lambda load: _erlang_a_parts(load, n, aht, pat, t, with_asa=r == 0.0))
    if r > 0.0:
        p = _erlang_a_parts(p.load, n, aht, pat, t)
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
    p = _solve_redials(a, r, lambda load: _erlang_x_parts(load, n, lines, aht, pat, t))
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
) -> QueueMetrics:
    """Metrics of one interval under any model (Erlang B treats `agents` as lines)."""
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
            redial_probability=redial_probability,
        )  # fmt: skip
    if model == "erlang_x":
        if lines is None:
            raise ValueError("lines is required for erlang_x")
        assert patience_seconds is not None
        return erlang_x_metrics(
            offered_load_erlangs, agents=agents, lines=lines, aht_seconds=aht_seconds,
            patience_seconds=patience_seconds,
            threshold_seconds=threshold_seconds, sl_definition=sl_definition,
            redial_probability=redial_probability,
        )  # fmt: skip
    raise ValueError(f"model must be one of {', '.join(get_args(Model))}, got {model!r}")


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
