"""AHP maths: criteria weights from Saaty 1-9 pairwise comparisons, with the consistency ratio.

The AHP file (YAML) names the criteria once and gives each pair's judgement once (upper triangle):

    criteria: [cost, security, language]
    comparisons:
      cost: {security: 3, language: 5}   # cost is 3x as important as security, 5x as language
      security: {language: "1/2"}         # security is half as important as language

A judgement `a: {b: x}` reads "a is x times as important as b"; x is 1..9 (2, 4, 6, 8 are
in-between steps), its reciprocal (1/2 .. 1/9) or, for finer work, any number in [1/9, 9]. Each
pair appears once, under either criterion; a pair given twice or left out is an error.

Weights are the principal right eigenvector of the comparison matrix (Saaty, "The Analytic
Hierarchy Process", McGraw-Hill, 1980); CI = (lambda_max - n) / (n - 1); CR = CI / RI(n) with
RI from Alonso and Lamata, "Consistency in the analytic hierarchy process: a new approach",
Int. J. Uncertainty, Fuzziness and Knowledge-Based Systems 14(4):445-459, 2006 (up to 15
criteria; beyond, their regression RI(n) = (1.7699 n - 4.3513) / (n - 1)). A CR above 0.10 is
Saaty's threshold for judgements too inconsistent to use.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

__all__ = ["CR_THRESHOLD", "AhpResult", "Judgement", "ahp_weights", "random_index"]

CR_THRESHOLD = 0.10

# Alonso & Lamata (2006), random index for n = 1..15 (n = 1, 2 are always consistent).
_RANDOM_INDEX = (
    0.0,
    0.0,
    0.5247,
    0.8816,
    1.1086,
    1.2479,
    1.3417,
    1.4057,
    1.4499,
    1.4854,
    1.5140,
    1.5365,
    1.5551,
    1.5713,
    1.5838,
)
_SAATY = tuple([Fraction(1, k) for k in range(9, 1, -1)] + [Fraction(k) for k in range(1, 10)])


@dataclass(frozen=True, slots=True)
class Judgement:
    """One pairwise judgement and how far it is from what the weights imply."""

    first: str
    second: str
    given: float  # "first is `given` times as important as second"
    implied: float  # w_first / w_second from the derived weights
    suggested: str  # the Saaty value nearest to `implied`, e.g. "3" or "1/2"

    @property
    def error_factor(self) -> float:
        """How many times too high (>1) or too low (<1) the judgement is against the weights."""
        return self.given / self.implied


@dataclass(frozen=True, slots=True)
class AhpResult:
    """Weights, consistency and the judgement that fits the weights worst."""

    criteria: tuple[str, ...]
    weights: tuple[float, ...]  # sum to 1
    lambda_max: float
    consistency_index: float
    random_index: float
    consistency_ratio: float | None  # None for two criteria (always consistent)
    most_inconsistent: Judgement | None  # None when every judgement fits exactly
    threshold: float = CR_THRESHOLD

    @property
    def acceptable(self) -> bool:
        """CR at or below Saaty's 0.10 threshold (or not defined)."""
        return self.consistency_ratio is None or self.consistency_ratio <= self.threshold


def random_index(n: int) -> float:
    """Alonso & Lamata's (2006) random consistency index for an n x n comparison matrix."""
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    if n <= len(_RANDOM_INDEX):
        return _RANDOM_INDEX[n - 1]
    return (1.7699 * n - 4.3513) / (n - 1)


def _saaty_label(ratio: float) -> str:
    best = min(_SAATY, key=lambda f: abs(math.log(ratio / float(f))))
    return str(best.numerator) if best.denominator == 1 else f"1/{best.denominator}"


def ahp_weights(
    criteria: tuple[str, ...], judgements: Mapping[tuple[str, str], float]
) -> AhpResult:
    """Principal-eigenvector weights and consistency of a complete set of pairwise judgements."""
    n = len(criteria)
    index = {c: i for i, c in enumerate(criteria)}
    matrix = np.ones((n, n))
    for (a, b), value in judgements.items():
        matrix[index[a], index[b]] = value
        matrix[index[b], index[a]] = 1.0 / value
    eigenvalues, eigenvectors = np.linalg.eig(matrix)
    k = int(np.argmax(eigenvalues.real))
    # Perron-Frobenius: the principal eigenvector of a positive matrix has one sign.
    vector = np.abs(eigenvectors[:, k].real)
    weights = vector / vector.sum()
    lam = float(eigenvalues[k].real)
    ci = max(0.0, (lam - n) / (n - 1)) if n > 1 else 0.0
    ri = random_index(n)
    cr = ci / ri if ri > 0 else None
    worst: Judgement | None = None
    worst_error = 1e-9
    for (a, b), value in judgements.items():
        implied = float(weights[index[a]] / weights[index[b]])
        error = abs(math.log(value / implied))
        if error > worst_error:
            worst_error = error
            worst = Judgement(a, b, value, implied, _saaty_label(implied))
    return AhpResult(criteria, tuple(float(w) for w in weights), lam, ci, ri, cr, worst)
