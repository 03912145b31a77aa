"""Exact weight-stability intervals and the close-call verdict."""

from __future__ import annotations

import random

import pytest

from test_sensitivity_helpers import criteria_infos, make_ranking, oracle_total
from vendorscore.model.results import Method, Ranking
from vendorscore.robustness.stability import FRAGILE_GLOBAL_CHANGE, StabilityInterval, stability


def _interval(ranking: Ranking, criterion: str) -> StabilityInterval:
    return next(i for i in stability(ranking).intervals if i.criterion == criterion)


def test_two_criteria_crossing_matches_hand_calculation() -> None:
    # Hand calculation: A = 100 t, B = 80 (1 - t) cross at t = 80 / 180 = 4/9; with the other
    # raw weight 50 fixed, local 4/9 is a raw weight of (4/9) x 50 / (5/9) = 40.
    ranking = make_ranking(
        {"cost": 50, "quality": 50},
        {"A": {"cost": 100, "quality": 0}, "B": {"cost": 0, "quality": 80}},
    )
    cost = _interval(ranking, "cost")
    assert cost.winner.lower_local == pytest.approx(4 / 9)
    assert cost.winner.lower_raw == pytest.approx(40.0)
    assert cost.winner.upper_local == 1.0
    assert cost.winner.upper_raw is None
    assert cost.winner.below is not None
    assert (cost.winner.below.vendor, cost.winner.below.overtakes) == ("B", "A")
    assert cost.winner.above is None


def test_vendor_excluded_on_the_varied_criterion_keeps_a_constant_total() -> None:
    # B has no cost data (exclude): its total is its quality utility, 60, for every cost weight.
    # A = 90 t + 20 (1 - t) = 60 at t = 4/7 (hand calculation), so A leads above 4/7.
    ranking = make_ranking(
        {"cost": 3, "quality": 1},
        {"A": {"cost": 90, "quality": 20}, "B": {"cost": None, "quality": 60}},
    )
    cost = _interval(ranking, "cost")
    assert ranking.vendors[0].name == "A"
    assert cost.winner.lower_local == pytest.approx(4 / 7)
    assert cost.winner.upper_local == 1.0


def test_only_child_is_not_varied() -> None:
    ranking = make_ranking(
        {"g": (1, {"only": 1}), "x": 1}, {"A": {"only": 10, "x": 20}, "B": {"only": 30, "x": 0}}
    )
    assert {i.criterion for i in stability(ranking).intervals} == {"g", "x"}


def _random_instance(rng: random.Random, method: Method) -> Ranking:
    spec: dict[str, float | tuple[float, dict[str, float]]] = {}
    for g in range(rng.randint(2, 4)):
        if rng.random() < 0.5:
            kids = {f"g{g}l{k}": float(rng.randint(0, 5)) for k in range(rng.randint(2, 3))}
            if sum(kids.values()) == 0:
                kids[f"g{g}l0"] = 1.0
            spec[f"g{g}"] = (float(rng.randint(1, 5)), kids)
        else:
            spec[f"g{g}"] = float(rng.randint(1, 5))
    leaves = [c.id for c in criteria_infos(spec) if c.is_leaf]
    vendors: dict[str, dict[str, float | None]] = {}
    for v in range(rng.randint(2, 6)):
        vendors[f"V{v}"] = {
            leaf: None if rng.random() < 0.15 else float(rng.randint(0, 100)) for leaf in leaves
        }
    return make_ranking(spec, vendors, method=method)


def _totals(ranking: Ranking, criterion: str, t: float) -> dict[str, float]:
    """Oracle totals after editing only this criterion's raw weight so its local weight is t."""
    infos = ranking.criteria
    raw = {c.id: c.weight for c in infos}
    parent = ranking.criterion(criterion).parent
    others = sum(c.weight for c in infos if c.parent == parent and c.id != criterion)
    raw[criterion] = t * others / (1.0 - t) if t < 1.0 else 1e12
    return {
        v.name: oracle_total(
            infos,
            {k: v.scores[k] for k in raw if ranking.criterion(k).is_leaf},
            raw,
            ranking.method,
        )
        for v in ranking.eligible
    }


def _winner_holds(ranking: Ranking, criterion: str, t: float) -> bool:
    totals = _totals(ranking, criterion, t)
    top = [v.name for v in ranking.eligible if v.rank == 1]
    others = [v.name for v in ranking.eligible if v.rank != 1]
    return all(totals[w] >= totals[o] - 1e-9 for w in top for o in others)


def _ranking_holds(ranking: Ranking, criterion: str, t: float) -> bool:
    totals = _totals(ranking, criterion, t)
    vs = ranking.eligible
    return all(
        totals[a.name] >= totals[b.name] - 1e-9
        for a in vs
        for b in vs
        if (a.rank or 0) < (b.rank or 0)
    )


@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
@pytest.mark.parametrize("seed", range(30))
def test_intervals_agree_with_brute_force_rescoring(method: Method, seed: int) -> None:
    # Reference: re-scoring with the oracle (issue-2 / issue-5 formulas) after editing one raw
    # weight, on a 1/100 grid inside each interval and just past each reported end.
    rng = random.Random(seed)
    ranking = _random_instance(rng, method)
    for iv in stability(ranking).intervals:
        for rng_range, holds in ((iv.winner, _winner_holds), (iv.ranking, _ranking_holds)):
            lo, hi = rng_range.lower_local, rng_range.upper_local
            assert lo <= iv.local_weight + 1e-12 and iv.local_weight <= hi + 1e-12
            grid = [lo + (hi - lo) * k / 100 for k in range(1, 100)]
            assert all(holds(ranking, iv.criterion, t) for t in grid), iv
            eps = 1e-6
            if rng_range.above is not None:
                assert not holds(ranking, iv.criterion, min(1.0, hi + eps)) or hi + eps >= 1.0
                totals = _totals(ranking, iv.criterion, hi)
                # At a weight of exactly 0 scoring drops a group whose only data has weight 0,
                # so a range ending at the current 0 has no tie point: it breaks at once.
                if hi > iv.local_weight:
                    assert totals[rng_range.above.vendor] == pytest.approx(
                        totals[rng_range.above.overtakes], abs=1e-7
                    )
            if rng_range.below is not None:
                assert not holds(ranking, iv.criterion, max(0.0, lo - eps))
                totals = _totals(ranking, iv.criterion, lo)
                assert totals[rng_range.below.vendor] == pytest.approx(
                    totals[rng_range.below.overtakes], abs=1e-7
                )


@pytest.mark.parametrize("seed", range(20))
def test_raw_weight_equivalent_gives_the_same_local_weight(seed: int) -> None:
    # Reference: local weight = raw / (raw + sum of the siblings' raw weights) (issue 2).
    ranking = _random_instance(random.Random(seed), "weighted_sum")
    for iv in stability(ranking).intervals:
        others = sum(
            c.weight for c in ranking.criteria if c.parent == iv.parent and c.id != iv.criterion
        )
        for local, raw in (
            (iv.winner.lower_local, iv.winner.lower_raw),
            (iv.winner.upper_local, iv.winner.upper_raw),
        ):
            if raw is None:
                assert local == 1.0
            else:
                assert raw / (raw + others) == pytest.approx(local)


def test_fragile_winner_when_a_small_weight_change_flips_first_and_second() -> None:
    # Hand calculation: A = 100 t + 1 (1 - t), B = 99 (1 - t) (50.5 and 49.5 at t = 1/2) tie at
    # t = 98/198 = 49/99, a change of 1/198 (0.5 points) in global weight: below the 5-point rule.
    ranking = make_ranking(
        {"cost": 1, "quality": 1},
        {"A": {"cost": 100, "quality": 1}, "B": {"cost": 0, "quality": 99}},
    )
    call = stability(ranking).close_call
    assert call.verdict == "fragile winner"
    assert call.winner == "A" and call.runner_up == "B"
    assert call.flip is not None
    assert call.flip.global_change < FRAGILE_GLOBAL_CHANGE
    assert call.flip.to_local == pytest.approx(49 / 99)
    assert call.flip.global_change == pytest.approx(0.5 - 49 / 99)


def test_clear_winner_when_the_winner_dominates() -> None:
    # A is at least as good on every criterion, so no weighting puts B first.
    ranking = make_ranking(
        {"cost": 1, "quality": 2},
        {"A": {"cost": 90, "quality": 80}, "B": {"cost": 40, "quality": 70}},
    )
    call = stability(ranking).close_call
    assert call.verdict == "clear winner"
    assert call.flip is None
    assert call.gap_points == pytest.approx(90 / 3 + 160 / 3 - 40 / 3 - 140 / 3)


def test_tie_at_the_top_is_reported_as_a_tie() -> None:
    ranking = make_ranking(
        {"cost": 1, "quality": 1},
        {"A": {"cost": 60, "quality": 40}, "B": {"cost": 40, "quality": 60}},
    )
    assert stability(ranking).close_call.verdict == "tie"


def test_single_vendor_has_no_runner_up() -> None:
    ranking = make_ranking({"cost": 1, "quality": 1}, {"A": {"cost": 60, "quality": 40}})
    call = stability(ranking).close_call
    assert call.verdict == "only one eligible vendor"
    assert call.runner_up is None


def test_zero_weight_criterion_that_is_a_vendors_only_data_breaks_the_ranking_at_once() -> None:
    # Issue 2: a group whose remaining children weigh 0 is dropped, so at weight 0 B's total is
    # its `price` utility (40) alone; any positive `speed` weight brings B's 100 back into `ops`.
    ranking = make_ranking(
        {"ops": (1, {"speed": 0, "uptime": 1}), "price": 1},
        {
            "A": {"speed": 0, "uptime": 80, "price": 60},
            "B": {"speed": 100, "uptime": None, "price": 40},
        },
    )
    assert [v.name for v in ranking.eligible] == ["A", "B"]
    speed = _interval(ranking, "speed")
    assert speed.winner.upper_local == 0.0
    assert speed.winner.above is not None and speed.winner.above.vendor == "B"
