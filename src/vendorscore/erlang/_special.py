"""Special functions in log space: Poisson pmf, Erlang B inverse, incomplete-gamma series."""

from __future__ import annotations

import math

_TOL = 2.0**-54  # relative size of the neglected tail of every series (half an ulp)
_LN_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)
_RESCALE = 1e250
_LOG_RESCALE = math.log(_RESCALE)
# Coefficients of the Stirling-series remainder (Loader 2000, as in R's dpois).
_S0, _S1, _S2, _S3, _S4 = 1 / 12, 1 / 360, 1 / 1260, 1 / 1680, 1 / 1188


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
