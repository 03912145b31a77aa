"""Inter-rater agreement: Krippendorff's alpha for any number of raters, with missing ratings.

Follows Krippendorff, K. (2011), "Computing Krippendorff's Alpha-Reliability"
(https://repository.upenn.edu/asc_papers/43): the coincidence matrix of pairable values, then
alpha = 1 - D_o / D_e with the difference function of the data's metric (nominal, ordinal,
interval, ratio). Pure Python: a panel has a few evaluators and a few dozen vendors.

Reading it (Krippendorff 2011, section G, after Krippendorff 2004): alpha >= 0.800 is
reliable, 0.667 to 0.800 allows tentative conclusions only, below 0.667 the raters do not agree
well enough to rely on their consensus.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Literal

__all__ = ["RELIABLE", "TENTATIVE", "Metric", "coincidences", "krippendorff_alpha", "reading"]

Metric = Literal["nominal", "ordinal", "interval", "ratio"]
RELIABLE, TENTATIVE = 0.800, 0.667

# Units (e.g. vendors) -> the values their raters gave (each rater at most once per unit).
Units = Mapping[str, Sequence[float]] | Mapping[int, Sequence[float]]


def coincidences(units: Units) -> dict[tuple[float, float], float]:
    """The coincidence matrix o_ck: each ordered pair of values from different raters of a
    unit, weighted 1 / (m_u - 1); units with fewer than two values are not pairable.

    Counted by value, n_uc x (n_uk - [c = k]) / (m_u - 1), so a unit costs the square of its
    distinct values (a rubric's few levels), not of its raters."""
    out: dict[tuple[float, float], float] = {}
    for values in units.values():
        m = len(values)
        if m < 2:
            continue
        counts: dict[float, int] = {}
        for v in values:
            counts[v] = counts.get(v, 0) + 1
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                pairs = n_c * (n_k - 1) if c == k else n_c * n_k
                if pairs:
                    out[(c, k)] = out.get((c, k), 0.0) + pairs / (m - 1)
    return out


def _difference(
    metric: Metric, marginals: Mapping[float, float]
) -> Callable[[float, float], float]:
    """The squared difference function delta^2(c, k) of the metric (section E of the paper)."""
    if metric == "nominal":
        return lambda c, k: 0.0 if c == k else 1.0
    if metric == "interval":
        return lambda c, k: (c - k) ** 2
    if metric == "ratio":
        return lambda c, k: 0.0 if c == k else ((c - k) / (c + k)) ** 2
    ordered = sorted(marginals)
    cumulative: dict[float, float] = {}
    running = 0.0
    for value in ordered:
        running += marginals[value]
        cumulative[value] = running

    def ordinal(c: float, k: float) -> float:
        low, high = min(c, k), max(c, k)
        # sum of n_g for g from low to high, minus (n_low + n_high) / 2
        between = cumulative[high] - cumulative[low] + marginals[low]
        return (between - (marginals[low] + marginals[high]) / 2) ** 2

    return ordinal


def krippendorff_alpha(units: Units, *, metric: Metric = "ordinal") -> float | None:
    """Krippendorff's alpha of `units` under `metric`; None when it is undefined (fewer than
    two pairable values, or every pairable value the same, so no disagreement is expected)."""
    o = coincidences(units)
    marginals: dict[float, float] = {}
    for (c, _k), count in o.items():
        marginals[c] = marginals.get(c, 0.0) + count
    n = float(sum(marginals.values()))
    if n < 2 or len(marginals) < 2:
        return None
    delta = _difference(metric, marginals)
    observed = sum(count * delta(c, k) for (c, k), count in o.items())
    values = list(marginals)
    expected = sum(marginals[c] * marginals[k] * delta(c, k) for c in values for k in values)
    if expected == 0:
        return None
    return 1.0 - (n - 1) * observed / expected


def reading(alpha: float | None) -> str:
    """How to read an alpha, in Krippendorff's own thresholds."""
    if alpha is None:
        return "undefined: too few ratings, or every rating the same level"
    if alpha >= RELIABLE:
        return f"reliable (>= {RELIABLE:.3f})"
    if alpha >= TENTATIVE:
        return f"tentative only ({TENTATIVE:.3f} to {RELIABLE:.3f})"
    return f"unreliable (< {TENTATIVE:.3f})"
