"""Exact weight-stability intervals and the close-call verdict for a `Ranking`.

Changing one criterion's local weight to `t` while its siblings keep their proportions
(`w_j * (1 - t) / (1 - w_k)`) is the same as editing only that criterion's raw weight in the YAML.
Under that change every vendor's weighted-sum total is a ratio of two functions linear in `t`
(the ratio only matters when exclusions renormalise a vendor's siblings), and TOPSIS's squared
distances are ratios with a common linear denominator. So the sign of "vendor i minus vendor j"
is the sign of a quadratic in `t`, and every crossing is found exactly by the quadratic formula:
no grid, no iterative root-finding.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from vendorscore.model.results import CriterionInfo, Method, Ranking, VendorResult

__all__ = [
    "FRAGILE_GLOBAL_CHANGE",
    "CloseCall",
    "Flip",
    "Overtake",
    "Stability",
    "StabilityInterval",
    "WeightRange",
    "stability",
]

Floats = npt.NDArray[np.float64]
Verdict = Literal["clear winner", "fragile winner", "tie", "only one eligible vendor"]

# A winner is "fragile" when moving one criterion's share of the total weight by less than this
# (5 percentage points, a step committees routinely argue over) puts the runner-up first.
FRAGILE_GLOBAL_CHANGE = 0.05

# Roots of a quadratic closer than this (relative discriminant) are a touch, not a crossing.
_TOUCH = 1e-13


@dataclass(frozen=True, slots=True)
class Overtake:
    """One vendor moving above another when a criterion's weight reaches a value."""

    vendor: str  # the vendor that moves up
    overtakes: str  # the vendor it passes
    local_weight: float  # the criterion's share among its siblings where they tie, 0..1
    raw_weight: float | None  # the same as a raw YAML weight; None when only reachable at 100%


@dataclass(frozen=True, slots=True)
class WeightRange:
    """The range of one criterion's weight over which something holds, and what ends it."""

    lower_local: float
    upper_local: float
    lower_raw: float
    upper_raw: float | None  # None: holds however large the raw weight gets
    below: Overtake | None  # what happens just below the range; None when it reaches 0
    above: Overtake | None  # what happens just above the range; None when it reaches 1


@dataclass(frozen=True, slots=True)
class StabilityInterval:
    """How far one criterion's weight can move before the winner, or the ranking, changes."""

    criterion: str
    parent: str | None  # None for a top-level criterion
    local_weight: float  # current share among its siblings
    raw_weight: float  # current raw weight in the criteria file
    global_weight: float  # current share of the total
    parent_global_weight: float  # share of the total held by the sibling group (1 at top level)
    winner: WeightRange  # every current rank-1 vendor stays first (ties allowed at the ends)
    ranking: WeightRange  # no vendor passes one ranked above it


@dataclass(frozen=True, slots=True)
class Flip:
    """The smallest single-weight change that lets the runner-up catch the winner."""

    criterion: str
    from_local: float
    to_local: float  # at this weight they tie; any further and the runner-up leads
    from_raw: float
    to_raw: float | None  # None: only when every sibling is at 0
    global_change: float  # |change| in the criterion's share of the total, 0..1


@dataclass(frozen=True, slots=True)
class CloseCall:
    """The gap between first and second and how robust first place is."""

    winner: str | None  # None when no vendor is eligible
    runner_up: str | None
    gap_points: float | None  # total of #1 minus total of #2, in points (0..100)
    flip: Flip | None  # None when no single weight change flips them (or a tie, or one vendor)
    verdict: Verdict
    threshold_global_change: float = FRAGILE_GLOBAL_CHANGE


@dataclass(frozen=True, slots=True)
class Stability:
    """Weight-stability intervals of every criterion that has siblings, and the close call."""

    method: Method
    intervals: tuple[StabilityInterval, ...]
    close_call: CloseCall

    def to_frame(self) -> Any:
        """A pandas DataFrame: one row per criterion (index), its weight and stability ranges."""
        from vendorscore.robustness.frames import stability_frame

        return stability_frame(self)


# --- the tree ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Tree:
    """The criteria tree as index-free maps; `None` stands for the root."""

    info: Mapping[str, CriterionInfo]
    children: Mapping[str | None, tuple[str, ...]]

    @classmethod
    def of(cls, criteria: Sequence[CriterionInfo]) -> Tree:
        """The tree of a ranking's flattened (pre-order) criteria."""
        info = {c.id: c for c in criteria}
        children: dict[str | None, tuple[str, ...]] = {
            None: tuple(c.id for c in criteria if c.parent is None)
        }
        for c in criteria:
            if not c.is_leaf:
                children[c.id] = c.children
        return cls(info, children)

    def leaves_under(self, node: str) -> tuple[str, ...]:
        """The leaf ids at or below `node`, in pre-order."""
        if self.info[node].is_leaf:
            return (node,)
        return tuple(leaf for c in self.children[node] for leaf in self.leaves_under(c))


def aggregate(
    tree: Tree, leaf_values: Mapping[str, float | None], weights: Mapping[str, float]
) -> dict[str | None, float | None]:
    """Every node's value: the weighted mean of its non-excluded children (None if none left)."""
    values: dict[str | None, float | None] = {}
    values.update(leaf_values)

    def walk(node: str | None) -> float | None:
        if node is not None and tree.info[node].is_leaf:
            return values[node]
        num = den = 0.0
        for child in tree.children[node]:
            value = walk(child)
            if value is not None:
                num += weights[child] * value
                den += weights[child]
        values[node] = num / den if den > 0 else None
        return values[node]

    walk(None)
    return values


def vendor_quantities(
    tree: Tree, vendor: VendorResult, method: Method
) -> list[dict[str | None, float | None]]:
    """Node aggregates that decide a vendor's score: [utility] or, for TOPSIS, [d-^2, d+^2]."""
    raw = {cid: c.weight for cid, c in tree.info.items()}
    leaf_u = {cid: vendor.scores.get(cid) for cid, c in tree.info.items() if c.is_leaf}
    if method == "topsis":
        minus = {k: None if u is None else u * u for k, u in leaf_u.items()}
        plus = {k: None if u is None else (100.0 - u) ** 2 for k, u in leaf_u.items()}
        return [aggregate(tree, minus, raw), aggregate(tree, plus, raw)]
    return [aggregate(tree, leaf_u, raw)]


# --- exact crossings -------------------------------------------------------------------------


def _linear_forms(
    tree: Tree, quantities: list[dict[str | None, float | None]], criterion: str
) -> tuple[list[float], list[float], float, float]:
    """One vendor's quantities as (n0 + n1 t) / (d0 + d1 t) in the criterion's local weight t."""
    info = tree.info[criterion]
    parent = info.parent
    siblings = tree.children[parent]
    others_raw = sum(tree.info[s].weight for s in siblings if s != criterion)
    constant = [q[None] or 0.0 for q in quantities], [0.0] * len(quantities), 1.0, 0.0
    has_k = quantities[0][criterion] is not None
    live = [s for s in siblings if s != criterion and quantities[0][s] is not None]
    # Same summation order as `others_raw`, so R is exactly 1.0 when nothing is excluded.
    ratio = sum(tree.info[s].weight for s in siblings if s in live) / others_raw
    if not has_k and ratio == 0:
        # The whole group is excluded for this vendor: its score does not move with t.
        return constant
    forms_n0: list[float] = []
    forms_n1: list[float] = []
    if has_k and ratio > 0:
        d0, d1 = ratio, 1.0 - ratio
    else:
        d0, d1 = 1.0, 0.0
    for q in quantities:
        q_k = q[criterion]
        q_others = sum(tree.info[s].weight * (q[s] or 0.0) for s in live) / others_raw
        if has_k and ratio > 0:
            n0, n1 = q_others, (q_k or 0.0) - q_others
        elif has_k:  # only this criterion is left in its group: the group value is its value
            n0, n1 = q_k or 0.0, 0.0
        else:  # excluded here: the siblings' mean, whatever t is (the common (1 - t) cancels)
            n0, n1 = q_others / ratio, 0.0
        # Up the tree: each ancestor's value is a + b x (its child's value), a and b fixed. The
        # path is live for any t > 0 even where a zero weight made it None at the current weights.
        alpha, beta = 0.0, 1.0
        node = parent
        while node is not None:
            up = tree.info[node].parent
            live_up = [s for s in tree.children[up] if s == node or quantities[0][s] is not None]
            den = sum(tree.info[s].weight for s in live_up)
            if den == 0:  # an ancestor with no weight anywhere: the total cannot move
                return constant
            rest = sum(tree.info[s].weight * (q[s] or 0.0) for s in live_up if s != node)
            alpha, beta = (
                rest / den + tree.info[node].weight / den * alpha,
                tree.info[node].weight / den * beta,
            )
            node = up
        forms_n0.append(alpha * d0 + beta * n0)
        forms_n1.append(alpha * d1 + beta * n1)
    return forms_n0, forms_n1, d0, d1


def _pair_quadratics(
    f0: Floats,
    f1: Floats,
    g0: Floats,
    g1: Floats,
    first: npt.NDArray[np.intp],
    second: npt.NDArray[np.intp],
) -> tuple[Floats, Floats, Floats]:
    """Coefficients (a, b, c) of F_i G_j - F_j G_i, whose sign is that of score_i - score_j."""
    i, j = first, second
    a = f1[i] * g1[j] - f1[j] * g1[i]
    b = f0[i] * g1[j] + f1[i] * g0[j] - f0[j] * g1[i] - f1[j] * g0[i]
    c = f0[i] * g0[j] - f0[j] * g0[i]
    return a, b, c


def _crossings(a: Floats, b: Floats, c: Floats, t0: float) -> tuple[Floats, Floats]:
    """Per quadratic, the nearest sign-changing root in [0, t0) and in (t0, 1] (NaN when none)."""
    with np.errstate(all="ignore"):
        disc = b * b - 4.0 * a * c
        quad = a != 0.0
        two = quad & (disc > _TOUCH * (b * b + np.abs(4.0 * a * c)))
        sq = np.sqrt(np.where(two, disc, 0.0))
        q = -0.5 * (b + np.copysign(sq, b))
        # The stable pair of formulas: no cancellation when b^2 >> 4ac.
        r1 = np.where(two, q / a, np.nan)
        r2 = np.where(two & (q != 0.0), c / q, np.nan)
        lin = ~quad & (b != 0.0)
        r1 = np.where(lin, -c / b, r1)
    roots = np.stack([r1, r2])
    below = np.where((roots >= 0.0) & (roots < t0), roots, -np.inf).max(axis=0)
    above = np.where((roots > t0) & (roots <= 1.0), roots, np.inf).min(axis=0)
    # Already reversed just above t0: only where a weight of exactly 0 dropped a group at t0.
    scale = np.abs(a) + np.abs(b) + np.abs(c)
    value, slope, tol = (a * t0 + b) * t0 + c, 2.0 * a * t0 + b, 1e-12 * scale
    flat = np.abs(value) <= tol
    reversed_now = (value < -tol) | (flat & ((slope < -tol) | ((np.abs(slope) <= tol) & (a < 0))))
    above = np.where(reversed_now, t0, above)
    below = np.where(reversed_now, -np.inf, below)
    return np.where(np.isfinite(below), below, np.nan), np.where(np.isfinite(above), above, np.nan)


def _raw_weight(t: float, others_raw: float) -> float | None:
    """The raw YAML weight that gives local weight t with the siblings' raw weights unchanged."""
    if t >= 1.0:
        return None
    return t * others_raw / (1.0 - t)


def _weight_range(
    below: Floats,
    above: Floats,
    first: Sequence[int],
    second: Sequence[int],
    names: Sequence[str],
    others_raw: float,
) -> WeightRange:
    """The range bounded by the nearest crossings on each side, and who crosses there."""
    lo, hi, by_lo, by_hi = 0.0, 1.0, None, None
    if below.size and not np.all(np.isnan(below)):
        k = int(np.nanargmax(below))
        lo = float(below[k])
        by_lo = Overtake(names[second[k]], names[first[k]], lo, _raw_weight(lo, others_raw))
    if above.size and not np.all(np.isnan(above)):
        k = int(np.nanargmin(above))
        hi = float(above[k])
        by_hi = Overtake(names[second[k]], names[first[k]], hi, _raw_weight(hi, others_raw))
    raw_lo = _raw_weight(lo, others_raw)
    return WeightRange(
        lo, hi, raw_lo if raw_lo is not None else 0.0, _raw_weight(hi, others_raw), by_lo, by_hi
    )


def _varied_criteria(tree: Tree) -> list[CriterionInfo]:
    """Criteria whose weight can move: they have siblings with some weight between them."""
    found = []
    for cid, c in tree.info.items():
        others = sum(tree.info[s].weight for s in tree.children[c.parent] if s != cid)
        if others > 0:
            found.append(c)
    return found


def stability(ranking: Ranking) -> Stability:
    """Exact stability intervals for every criterion with siblings, and the close-call verdict."""
    tree = Tree.of(ranking.criteria)
    vendors = ranking.eligible
    names = [v.name for v in vendors]
    ranks = [v.rank if v.rank is not None else 0 for v in vendors]
    quantities = [vendor_quantities(tree, v, ranking.method) for v in vendors]
    winner_pairs = [
        (i, j)
        for i in range(len(vendors))
        for j in range(len(vendors))
        if ranks[i] == 1 and ranks[j] > 1
    ]
    order_pairs = [
        (i, j) for i in range(len(vendors)) for j in range(len(vendors)) if ranks[i] < ranks[j]
    ]
    intervals: list[StabilityInterval] = []
    best_flip: Flip | None = None
    tied_top = len(vendors) > 1 and ranks[1] == ranks[0]
    for c in _varied_criteria(tree):
        siblings = tree.children[c.parent]
        others_raw = sum(tree.info[s].weight for s in siblings if s != c.id)
        forms = [_linear_forms(tree, q, c.id) for q in quantities]
        f0, f1, g0, g1 = _score_ratio(forms, ranking.method)
        t0 = c.local_weight
        ranges = []
        for pairs in (winner_pairs, order_pairs):
            first = np.array([p[0] for p in pairs], dtype=np.intp)
            second = np.array([p[1] for p in pairs], dtype=np.intp)
            below, above = _crossings(*_pair_quadratics(f0, f1, g0, g1, first, second), t0)
            ranges.append(
                _weight_range(below, above, first.tolist(), second.tolist(), names, others_raw)
            )
        parent_global = tree.info[c.parent].global_weight if c.parent is not None else 1.0
        intervals.append(
            StabilityInterval(
                criterion=c.id,
                parent=c.parent,
                local_weight=t0,
                raw_weight=c.weight,
                global_weight=c.global_weight,
                parent_global_weight=parent_global,
                winner=ranges[0],
                ranking=ranges[1],
            )
        )
        if len(vendors) > 1 and not tied_top:
            pair = np.array([0], dtype=np.intp), np.array([1], dtype=np.intp)
            below, above = _crossings(*_pair_quadratics(f0, f1, g0, g1, *pair), t0)
            for t in (float(below[0]), float(above[0])):
                if np.isnan(t):
                    continue
                change = parent_global * abs(t - t0)
                if best_flip is None or change < best_flip.global_change:
                    best_flip = Flip(c.id, t0, t, c.weight, _raw_weight(t, others_raw), change)
    return Stability(ranking.method, tuple(intervals), _close_call(vendors, best_flip, tied_top))


def _score_ratio(
    forms: list[tuple[list[float], list[float], float, float]], method: Method
) -> tuple[Floats, Floats, Floats, Floats]:
    """(F, G) per vendor as linear coefficients, with score_i > score_j iff F_i G_j > F_j G_i."""
    if method == "topsis":
        # closeness = d-/(d+ + d-) ranks like d-/d+, and both squares share one denominator.
        f0 = np.array([f[0][0] for f in forms])
        f1 = np.array([f[1][0] for f in forms])
        g0 = np.array([f[0][1] for f in forms])
        g1 = np.array([f[1][1] for f in forms])
    else:
        f0 = np.array([f[0][0] for f in forms])
        f1 = np.array([f[1][0] for f in forms])
        g0 = np.array([f[2] for f in forms])
        g1 = np.array([f[3] for f in forms])
    return f0, f1, g0, g1


def _close_call(vendors: Sequence[VendorResult], flip: Flip | None, tied_top: bool) -> CloseCall:
    if not vendors:
        return CloseCall(None, None, None, None, "only one eligible vendor")
    if len(vendors) == 1:
        return CloseCall(vendors[0].name, None, None, None, "only one eligible vendor")
    gap = vendors[0].total - vendors[1].total
    if tied_top:
        return CloseCall(vendors[0].name, vendors[1].name, gap, None, "tie")
    fragile = flip is not None and flip.global_change < FRAGILE_GLOBAL_CHANGE
    verdict: Verdict = "fragile winner" if fragile else "clear winner"
    return CloseCall(vendors[0].name, vendors[1].name, gap, flip, verdict)
