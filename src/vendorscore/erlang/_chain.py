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

from vendorscore.erlang._special import _TOL
from vendorscore.erlang._types import _ChainSums

_GROWTH_LOG = 600.0  # the most a block's running products may grow by, in log terms
_BLOCK_MIN, _BLOCK_MAX = 256, 16_384  # positions a block, doubling from the first
_RESTART = 1e10  # running products above this are rescaled below 1 before the next block
_LN2 = math.log(2.0)
ldexp = math.ldexp


def _cap(size: int, ratio: float) -> int:
    """At most `size` positions, and few enough that products of `ratio` stay within e^600."""
    if ratio > 1.0:
        return max(1, min(size, int(_GROWTH_LOG / math.log(ratio))))
    return size


def _chain_sums_numpy(y: float, c: float, m: int, log_x: float, one_minus_x: float) -> _ChainSums:
    """The Erlang X chain sums over queue positions 0..m (m = -1: no limit), in numpy blocks."""
    shapes = (c, c + 1.0)
    # Negative binomial state per shape: [term at j0, cdf up to j0, log of their scale].
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
    j0, size = 0, _BLOCK_MIN
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
            # Ratios fall along the chain, so the block's first ones are its largest.
            block = _cap(size, y / (c + j0 + 1.0))
            for shape in shapes:
                block = _cap(block, (shape + j0) / (j0 + 1.0) * one_minus_x)
            if m >= 0:
                block = min(block, m - j0 + 1)
            j = np.arange(j0, j0 + block, dtype=np.float64)
            d = c + j + 1.0
            ratio = y / d  # t_{j+1} / t_j
            w = np.empty(block)
            w[0] = tw
            w[1:] = ratio[:-1]
            np.cumprod(w, out=w)  # t_j
            before = np.empty(block)  # sum of the weights before j
            before[0] = tot
            np.cumsum(w[:-1], out=before[1:])
            before[1:] += tot
            # The loop's stopping rule, at every position past the first (see _chain_sums).
            cut = (w < _TOL * before) & (ratio < 1.0)
            cut &= w * (j + 2.0 + 1.0 / (1.0 - ratio)) <= _TOL * (1.0 - ratio) * before
            if j0 == 0:
                cut[0] = False
            stops = np.flatnonzero(cut)
            truncated = stops.size > 0
            used = int(stops[0]) if truncated else block
            at_end = not truncated and m >= 0 and j0 + block - 1 == m
            queued = used - 1 if at_end else used  # position m takes no call into the queue
            wu = w[:used]
            tot += float(wu.sum())
            acc_jt += float(wu @ j[:used])
            # P(V > T | j) per shape: the cdf, a running sum of running products.
            nexts = []
            cdfs = []
            jn = j + 1.0
            for shape, e in zip(shapes, nb, strict=True):
                q = (shape + jn - 1.0) / jn * one_minus_x  # term_{j+1} / term_j
                terms = np.empty(block)
                terms[0] = e[0]
                terms[1:] = q[:-1]
                np.cumprod(terms, out=terms)
                cum = terms.copy()
                cum[0] = e[1]
                np.cumsum(cum, out=cum)
                cdfs.append(np.minimum(1.0, cum[:queued] * e[4]))
                term_next = float(terms[-1] * q[-1])
                nexts.append((term_next, float(cum[-1]) + term_next))
            inv = 1.0 / d
            hs = inv.copy()  # H_j = H_{j-1} + 1 / (c + j + 1)
            hs[0] = h
            np.cumsum(hs, out=hs)
            wq = w[:queued]
            wf = wq * (c * inv[:queued])
            acc_wait += float(wq.sum())
            acc_served += float(wf.sum())
            acc_served_t += float(wf @ (1.0 - cdfs[1]))
            acc_vgt += float(wq @ cdfs[0])
            acc_asa += float(wf @ hs[:queued])
            if truncated:
                tw = float(w[used])
                break
            if at_end:
                tw = float(w[-1])
                break
            tw = float(w[-1] * ratio[-1])
            for e, (term_next, cdf_next) in zip(nb, nexts, strict=True):
                e[0], e[1] = term_next, cdf_next
            h = float(hs[-1]) + 1.0 / (c + j0 + block + 1.0)
            j0 += block
            size = min(2 * size, _BLOCK_MAX)
    t_log = t_exp2 * _LN2
    return tot, acc_jt, acc_wait, acc_served, acc_served_t, acc_vgt, acc_asa, tw, t_log, truncated
