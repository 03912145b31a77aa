"""Recompute the exact Erlang X chain sums of tests/test_erlang_x_blocks.py (mpmath, 40 digits).

    python tests/data/erlang_x_chain_reference.py     # about a minute; prints one line a case

For y = lambda/theta, c = N mu/theta, m queue slots (-1: no line limit) and T/patience, the
chain weights t_j = y^j / ((c+1)...(c+j)) summed term by term from their definition, with
P(V > T | j ahead) for shape s the negative binomial cdf x^s sum_{k<=j} (s)_k/k! (1-x)^k,
x = e^(-T/patience). Printed: log(sum t_j), then E[j], and over j < m: sum t_j, sum t_j f_j,
sum t_j f_j (1 - F_{c+1}(j)), sum t_j F_c(j), sum t_j f_j H_j, each over sum t_j, with
f_j = c/(c+j+1) and H_j = sum_{i<=j+1} 1/(c+i). The inputs are the float64 values the test
passes (83333.3 and 1/3 as doubles), so only the summation differs.
"""

from __future__ import annotations

import mpmath as mp

CASES = [
    (14021.0, 7701.0, 53792, 1 / 3),
    (83333.3, 7701.0, 53792, 1 / 3),
    (3000.0, 2900.0, -1, 20 / 180),
]


def sums(y_: float, c_: float, m: int, t_over_patience: float) -> list[mp.mpf]:
    """The exact normalised sums of one chain (see the module docstring)."""
    y, c, x = mp.mpf(y_), mp.mpf(c_), mp.e ** (-mp.mpf(t_over_patience))
    t = mp.mpf(1)
    tot = jt = wait = served = served_t = vgt = asa = mp.mpf(0)
    h = 1 / (c + 1)
    terms = [x**c, x ** (c + 1)]
    cdf = list(terms)
    j = 0
    while True:
        tot += t
        jt += j * t
        if j == m:
            break
        frac = c / (c + j + 1)
        wait += t
        served += t * frac
        served_t += t * frac * (1 - min(1, cdf[1]))
        vgt += t * min(1, cdf[0])
        asa += t * frac * h
        t *= y / (c + j + 1)
        j += 1
        for k, s in enumerate((c, c + 1)):
            terms[k] *= (s + j - 1) / j * (1 - x)
            cdf[k] += terms[k]
        h += 1 / (c + j + 1)
        if m < 0 and t < tot * mp.mpf(10) ** -40 and y / (c + j + 1) < 0.5:
            break  # no line limit: the rest is below 1e-40 of the sum
    return [mp.log(tot)] + [v / tot for v in (jt, wait, served, served_t, vgt, asa)]


if __name__ == "__main__":
    mp.mp.dps = 40
    for case in CASES:
        print(case, [mp.nstr(v, 20) for v in sums(*case)], flush=True)
