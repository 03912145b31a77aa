"""The Erlang X chain sums in numpy blocks, for chains of thousands of queue positions.

The same sums as `_kernels._chain_sums` (see there), computed a block of positions at a time:
the weights and the negative binomial terms are running products (np.cumprod multiplies in
order, as the loop does), so the rounding error stays about j ulps at position j, as in the
loop. Each block is short enough that its running products cannot overflow: every block starts
from a weight and a cdf of at most 1e10 and multiplies at most e^600 onto them.
numpy is imported here only, and only when a chain is long (hundreds of thousands of Erlangs).
"""

from __future__ import annotations

import math

import numpy as np

from vendorscore.erlang._special import _TOL, _log_dpois
from vendorscore.erlang._types import _ChainSums

_GROWTH_LOG = 600.0  # the most a block's running products may grow by, in log terms
_BLOCK_MIN, _BLOCK_MAX = 256, 16_384  # positions a block, doubling from the first
_RESTART = 1e10  # running products above this are rescaled below 1 before the next block
_LN2 = math.log(2.0)
ldexp = math.ldexp


def _log_product(top: float | None, bottom: float, z: float, k: int) -> float:
    """log prod_{i<k} z (top + i) / (bottom + i) (no top: z / (bottom + i))."""
    out = k * math.log(z) + math.lgamma(bottom) - math.lgamma(bottom + k)
    return out if top is None else out + math.lgamma(top + k) - math.lgamma(top)


def _block(size: int, top: float | None, bottom: float, z: float, rising: float) -> int:
    """At most `size`, and few enough positions that the running product of the ratios
    z (top + i) / (bottom + i) stays within e^600. The ratios fall with i, so the product
    peaks after the `rising` ones above one (or at the end): check there and at the end."""
    if z == 0.0:
        return size  # every product past the first factor is zero
    while size > 1:
        peak = size if rising >= size else max(1, math.ceil(rising))
        grow = max(_log_product(top, bottom, z, peak), _log_product(top, bottom, z, size))
        if grow <= _GROWTH_LOG:
            break
        size //= 2
    return size


def _chain_sums_numpy(y: float, c: float, m: int, log_x: float, one_minus_x: float) -> _ChainSums:
    """The Erlang X chain sums over queue positions 0..m (m = -1: no limit), in numpy blocks."""
    shapes = (c, c + 1.0)
    # Rescaling is by powers of two, exact, so that the scales add up without rounding.
    # Negative binomial state per shape: [term at j0, cdf up to j0, binary exponent of their
    # scale, log of the cdf's first term x^shape, their scale x^shape 2^exponent].
    nb: list[list[float]] = []
    for shape in shapes:
        log0 = shape * log_x
        start = [1.0, 1.0, 0.0, log0] if log0 < -600.0 else [math.exp(log0)] * 2 + [0.0, 0.0]
        nb.append([*start, math.exp(start[3])])
    tw, t_exp2 = 1.0, 0  # the weight at j0 is tw 2^t_exp2
    tot = acc_jt = acc_wait = acc_served = acc_served_t = acc_vgt = acc_asa = 0.0
    h = 1.0 / (c + 1.0)  # H_j0
    # The first block is as long as the chain is likely to be: the weights rise to about
    # j = y - c, then fall below 2^-54 of their peak within about 9 sqrt(y) positions.
    likely_end = int(max(0.0, y - c) + 9.0 * math.sqrt(y)) + 50
    j0, size = 0, min(_BLOCK_MAX, max(_BLOCK_MIN, likely_end))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        while True:
            if tw > _RESTART:
                k = -math.frexp(tw)[1]
                tot, acc_jt, acc_wait = ldexp(tot, k), ldexp(acc_jt, k), ldexp(acc_wait, k)
                acc_served, acc_served_t = ldexp(acc_served, k), ldexp(acc_served_t, k)
                acc_vgt, acc_asa = ldexp(acc_vgt, k), ldexp(acc_asa, k)
                tw = ldexp(tw, k)
                t_exp2 -= k
            for e in nb:
                if e[1] > _RESTART:
                    k = -math.frexp(e[1])[1]
                    e[0], e[1] = ldexp(e[0], k), ldexp(e[1], k)
                    e[2] -= k
                    e[4] = math.exp(e[3] + e[2] * _LN2)
            # Weight ratios y / (c + j + 1) for j >= j0; term ratios (s + j) / (j + 1) (1 - x).
            block = _block(size, None, c + j0 + 1.0, y, y - c - 1.0 - j0)
            x = 1.0 - one_minus_x
            for shape in shapes:
                rising = (shape - 1.0) * one_minus_x / x - j0 if x > 0.0 else math.inf
                block = _block(block, shape + j0, j0 + 1.0, one_minus_x, rising)
            if m >= 0:
                block = min(block, m - j0 + 1)
            j = np.arange(j0, j0 + block, dtype=np.float64)
            d = c + j + 1.0
            ratio = y / d  # t_{j+1} / t_j
            w = np.empty(block)
            w[0] = tw
            w[1:] = ratio[:-1]
            np.cumprod(w, out=w)  # t_j
            running = np.cumsum(w)
            # The loop's stopping rule (see _chain_sums), where the weights fall (ratio < 1):
            # the first position whose weight bounds the rest of the chain below 2^-54 of the sum.
            used = block
            first = min(block, max(1 if j0 == 0 else 0, math.floor(y - c - 1.0 - j0) + 1))
            if first < block:
                r = ratio[first:]
                before = running[first:] - w[first:] + tot  # the weights before j
                tail = w[first:] * (j[first:] + 2.0 + 1.0 / (1.0 - r))
                stops = np.flatnonzero((r < 1.0) & (tail <= _TOL * (1.0 - r) * before))
                if stops.size:
                    used = first + int(stops[0])
            truncated = used < block
            if used == 0:
                tw = float(w[0])
                break
            at_end = not truncated and m >= 0 and j0 + block - 1 == m
            queued = used - 1 if at_end else used  # position m takes no call into the queue
            tot += float(running[used - 1])
            acc_jt += float(w[:used] @ j[:used])
            # P(V > T | j) per shape: the cdf, a running sum of running products.
            cdfs = []
            for shape, e in zip(shapes, nb, strict=True):
                jn = j[:used] + 1.0
                q = (shape + jn - 1.0) / jn * one_minus_x  # term_{j+1} / term_j
                terms = np.empty(used)
                terms[0] = e[0]
                terms[1:] = q[:-1]
                np.cumprod(terms, out=terms)
                term_next = float(terms[-1] * q[-1])
                terms[0] = e[1]
                np.cumsum(terms, out=terms)
                cdfs.append(np.minimum(1.0, terms[:queued] * e[4]))
                e[0], e[1] = term_next, float(terms[-1]) + term_next  # at j0 + used
            if queued:
                inv = 1.0 / d[:queued]
                hs = inv.copy()  # H_j = H_{j-1} + 1 / (c + j + 1)
                hs[0] = h
                np.cumsum(hs, out=hs)
                wq = w[:queued]
                wf = wq * (c * inv)
                acc_wait += float(wq.sum())
                acc_served += float(wf.sum())
                acc_served_t += float(wf @ (1.0 - cdfs[1]))
                acc_vgt += float(wq @ cdfs[0])
                acc_asa += float(wf @ hs)
            if truncated:
                tw = float(w[used])
                break
            if at_end:
                tw = float(w[-1])
                break
            tw = float(w[-1] * ratio[-1])
            h = float(hs[-1]) + 1.0 / (c + j0 + block + 1.0)
            j0 += block
            # On to the likely end in one block if it is near, else twice as far as this one.
            ahead = max(_BLOCK_MIN, likely_end - j0) if likely_end > j0 else 2 * block
            size = min(_BLOCK_MAX, ahead)
    t_log = t_exp2 * _LN2
    return tot, acc_jt, acc_wait, acc_served, acc_served_t, acc_vgt, acc_asa, tw, t_log, truncated


def _log_inv_erlang_b_numpy(n: int, a: float) -> float:
    """log(1/B(n, a)) as `_special._log_inv_erlang_b` sums it, the terms in numpy blocks.

    Both sums have ratios below one that keep falling, so their running products cannot
    overflow; each stops where its last term bounds the rest below 2^-54 of the sum.
    """
    if n == 0:
        return 0.0
    below = n < a
    # n < a: 1/B = sum_j n!/((n-j)! a^j); else the tail sum_{j>=1} prod_{i<=j} a/(n+i).
    total, term, i0 = (1.0, 1.0, 0) if below else (0.0, 1.0, 1)
    size = max(_BLOCK_MIN, int(10.0 * math.sqrt(a)))
    while True:
        if below:
            k = n - np.arange(i0, min(n, i0 + size), dtype=np.float64)  # k = n - i
            ratio = k / a
            if not k.size:
                break
        else:
            k = n + np.arange(i0, i0 + size, dtype=np.float64)  # i = n + j
            ratio = a / k
        terms = np.cumprod(ratio) * term
        running = np.cumsum(terms) + total
        if below:  # the loop's rule with k the next factor: term k <= tol s (a - k)
            rest = k - 1.0
            stop = (terms < _TOL * running) & (terms * rest <= _TOL * running * (a - rest))
        else:
            stop = (terms < _TOL * running) & (terms * a <= _TOL * running * (k + 1.0 - a))
        hits = np.flatnonzero(stop)
        last = int(hits[0]) if hits.size else terms.size - 1
        total, term = float(running[last]), float(terms[last])
        if hits.size or (below and i0 + terms.size >= n):
            break
        i0 += terms.size
        size = min(_BLOCK_MAX, 2 * size)
    if below:
        return math.log(total)
    log_pmf = _log_dpois(float(n), a)
    return math.log1p(-math.exp(log_pmf) * total) - log_pmf
