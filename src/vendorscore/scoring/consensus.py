"""A panel's ratings of one vendor on one criterion, combined into one consensus value.

Pure arithmetic on lists of levels (no I/O). The rules are the rubric's `combine:` values; each
is one entry of `COMBINE`, so adding a rule is one function and its name in model/ratings.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping, Sequence

from vendorscore.model.panel import Panel
from vendorscore.model.ratings import Combine, Rubric
from vendorscore.model.results import Ranking

__all__ = [
    "COMBINE",
    "ConsensusValues",
    "combine",
    "consensus_values",
    "mean",
    "median",
    "panel_ratings",
    "retotal",
    "rubric_utility",
    "trimmed_mean",
]


def median(ratings: Sequence[float]) -> float:
    """The middle rating; with an even count, the mean of the two middle ones."""
    ordered = sorted(ratings)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def mean(ratings: Sequence[float]) -> float:
    """The arithmetic mean."""
    return math.fsum(ratings) / len(ratings)


def trimmed_mean(ratings: Sequence[float], trim: float) -> float:
    """The mean after cutting floor(trim x n) ratings from each end (as scipy's trim_mean)."""
    ordered = sorted(ratings)
    cut = int(trim * len(ordered) + 1e-9)  # 0.2 x 5 is 1, not 0.999...
    return mean(ordered[cut : len(ordered) - cut])


COMBINE: dict[Combine, Callable[[Sequence[float], float], float]] = {
    "median": lambda ratings, trim: median(ratings),
    "mean": lambda ratings, trim: mean(ratings),
    "trimmed_mean": trimmed_mean,
}


def combine(rubric: Rubric, ratings: Sequence[float]) -> float | None:
    """The consensus of `ratings` by the rubric's rule; None when nobody rated."""
    if not ratings:
        return None
    return COMBINE[rubric.combine](ratings, rubric.trim)


def rubric_utility(rubric: Rubric) -> Callable[[object], float]:
    """The utility 0..100 of a consensus rating: the lowest level 0, the highest 100, linear."""
    low, span = rubric.low, rubric.high - rubric.low

    def utility(value: object) -> float:
        assert isinstance(value, int | float)
        return min(100.0, max(0.0, (float(value) - low) / span * 100.0))

    return utility


# Consensus ratings by vendor name, then by rated criterion id.
ConsensusValues = Mapping[str, Mapping[str, float]]


def panel_ratings(panel: Panel) -> dict[tuple[str, str], list[float]]:
    """Every (vendor, criterion) the panel rated, with its ratings in evaluator order."""
    out: dict[tuple[str, str], list[float]] = {}
    for r in panel.ratings:
        out.setdefault((r.vendor, r.criterion), []).append(r.rating)
    return out


def consensus_values(panel: Panel) -> dict[str, dict[str, float]]:
    """The consensus rating of every rated vendor and criterion, by each rubric's rule."""
    out: dict[str, dict[str, float]] = {}
    for (vendor, criterion), ratings in panel_ratings(panel).items():
        value = combine(panel.rubrics[criterion], ratings)
        if value is not None:
            out.setdefault(vendor, {})[criterion] = value
    return out


def retotal(
    ranking: Ranking,
    consensus: ConsensusValues,
    rubrics: Mapping[str, Rubric],
    vendors: Collection[str],
) -> dict[str, float]:
    """The totals of the named eligible vendors of `ranking` with their rated leaves rescored
    on `consensus`: every other leaf keeps its utility, so this equals scoring them again
    (scales are fixed: a vendor's total depends on its own values alone), at the cost of one
    roll-up of the tree per vendor."""
    from vendorscore.scoring.methods import scoring_method
    from vendorscore.scoring.tree import MISSING_UTILITY, build_tree, roll_up

    method = scoring_method(ranking.method)
    tree = build_tree(ranking.criteria)
    infos = {c.id: c for c in ranking.criteria if c.id in rubrics}
    utility = {k: rubric_utility(r) for k, r in rubrics.items()}
    totals: dict[str, float] = {}
    for v in ranking.eligible:
        if v.name not in vendors:
            continue
        leaves: dict[str, float | None] = {leaf.id: leaf.utility for leaf in v.leaves}
        mine = consensus.get(v.name, {})
        for criterion, info in infos.items():
            value = mine.get(criterion)
            if value is None:
                assert info.missing is not None
                leaves[criterion] = MISSING_UTILITY[info.missing]
            else:
                leaves[criterion] = utility[criterion](value)
        before = {leaf.id: leaf for leaf in v.leaves if leaf.id in infos}
        if method.additive and all(
            (before[k].utility is None) == (leaves[k] is None) for k in infos
        ):
            # The same leaves are present, so the effective weights stand: a weighted sum
            # moves by each rated leaf's weight times its change in utility.
            shift = math.fsum(
                before[k].effective_weight * ((leaves[k] or 0.0) - (before[k].utility or 0.0))
                for k in infos
            )
            totals[v.name] = min(100.0, max(0.0, v.total + shift))
            continue
        _, effective = roll_up(*tree, leaves)
        present = [(effective[k], u) for k, u in leaves.items() if u is not None]
        totals[v.name] = min(100.0, max(0.0, method.total(present)))
    return totals
