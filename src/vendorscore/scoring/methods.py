"""Scoring methods: how a vendor's leaf utilities and effective weights become its total.

A method is one class: its name (as `Ranking.method`, `--method` and JSON give it), the words
presenters use for it, whether the leaves' points add up to its total, and whether the
workbook's live formulas (a weighted sum over the Weights sheet) recompute it. Presenters ask
the method, never compare its name. To add one: write its class, add it to `METHODS`, to
`model/results.Method` and to the CLI's `--method` choices (tests check the three agree).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import ClassVar

from vendorscore.errors import VendorScoreError
from vendorscore.model.results import Method

__all__ = ["METHODS", "ScoringMethod", "Topsis", "WeightedSum", "scoring_method"]


class ScoringMethod:
    """One way to total a vendor's utilities; subclasses set the attributes and `total`."""

    name: ClassVar[Method]
    label: ClassVar[str]  # the total's name in captions: "weighted sum"
    short: ClassVar[str]  # the method's name in sentences: "TOPSIS"
    # What the total is, when the leaves' points (effective weight x utility) do not add up to
    # it; None when they do.
    meaning: ClassVar[str | None] = None
    formula: ClassVar[str | None] = None  # the total's formula in words, for `explain`
    live_formula: ClassVar[bool] = True  # the workbook's live weighted-sum formulas give it

    @property
    def additive(self) -> bool:
        """Whether the leaves' points add up to the total."""
        return self.meaning is None

    def total(self, weighted: Sequence[tuple[float, float]]) -> float:
        """The total 0..100 from (effective weight, utility) of every leaf with a utility."""
        raise NotImplementedError


class WeightedSum(ScoringMethod):
    """The sum of effective weight x utility: each leaf's points add up to the total."""

    name = "weighted_sum"
    label = "weighted sum"
    short = "weighted sum"

    def total(self, weighted: Sequence[tuple[float, float]]) -> float:
        return sum(w * u for w, u in weighted)


class Topsis(ScoringMethod):
    """Closeness to a fixed ideal (100 on every leaf) against a fixed anti-ideal (0), x 100.

    Fixed, not the best and worst vendor of the run, so adding a vendor never reorders others.
    """

    name = "topsis"
    label = "TOPSIS closeness"
    short = "TOPSIS"
    meaning = "TOPSIS closeness to a fixed ideal (100) and anti-ideal (0)"
    formula = (
        "100 x d-/(d+ + d-), the weighted distances to a fixed anti-ideal (all 0) and ideal "
        "(all 100)"
    )
    live_formula = False

    def total(self, weighted: Sequence[tuple[float, float]]) -> float:
        d_plus = math.sqrt(sum(w * (100.0 - u) ** 2 for w, u in weighted))
        d_minus = math.sqrt(sum(w * u**2 for w, u in weighted))
        if d_plus + d_minus == 0.0:
            return 0.0
        return 100.0 * d_minus / (d_plus + d_minus)


METHODS: dict[str, ScoringMethod] = {m.name: m for m in (WeightedSum(), Topsis())}


def scoring_method(name: str) -> ScoringMethod:
    """The method called `name`; VendorScoreError naming the methods there are."""
    try:
        return METHODS[name]
    except KeyError:
        raise VendorScoreError(
            f"'{name}' is not a scoring method; use {' or '.join(METHODS)}"
        ) from None
