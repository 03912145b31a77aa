"""SMAA-2: the weight sampler, rank acceptability on cases with known answers, determinism."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest

from test_sensitivity_helpers import make_ranking
from vendorscore.errors import VendorScoreError
from vendorscore.model.results import Method
from vendorscore.robustness.smaa import _model, _ranks, parse_constraints, sample_weights, smaa

SYMMETRIC = {"A": {"cost": 100.0, "quality": 0.0}, "B": {"cost": 0.0, "quality": 100.0}}


def test_uniform_weights_match_the_dirichlet_marginal() -> None:
    # Dirichlet(1, 1, 1): w1 ~ Beta(1, 2), so P(w1 > 0.8) = (1 - 0.8)^2 = 0.04 (issue 5).
    w = sample_weights(np.random.Generator(np.random.PCG64(1)), 200_000, count=3)
    assert np.allclose(w.sum(axis=1), 1.0)
    # Binomial standard error sqrt(0.04 x 0.96 / 200000) = 0.00044; allow 5 of them.
    assert np.mean(w[:, 0] > 0.8) == pytest.approx(0.04, abs=0.0022)
    assert np.mean(w[:, 2] > 0.8) == pytest.approx(0.04, abs=0.0022)


def test_around_weights_have_dirichlet_mean_and_variance() -> None:
    # Dirichlet(C w): mean w_j, variance w_j (1 - w_j) / (C + 1) (standard Dirichlet moments).
    stated = np.array([0.5, 0.3, 0.2])
    w = sample_weights(
        np.random.Generator(np.random.PCG64(2)), 200_000, count=3, stated=stated, concentration=40
    )
    assert w.mean(axis=0) == pytest.approx(stated, abs=0.002)
    assert w.var(axis=0) == pytest.approx(stated * (1 - stated) / 41, rel=0.03)


def test_around_weights_keep_a_zero_weight_at_zero() -> None:
    w = sample_weights(
        np.random.Generator(np.random.PCG64(3)), 100, count=3, stated=np.array([0.5, 0.5, 0.0])
    )
    assert np.all(w[:, 2] == 0.0)


def test_dominating_vendor_is_first_in_every_sample() -> None:
    # A is better on every criterion, so every weight vector ranks it first: acceptability 1.
    ranking = make_ranking(
        {"cost": 1, "quality": 1, "security": 1},
        {
            "A": {"cost": 90, "quality": 80, "security": 70},
            "B": {"cost": 50, "quality": 60, "security": 10},
            "C": {"cost": 40, "quality": 10, "security": 60},
        },
    )
    result = smaa(ranking, samples=5_000, seed=1)
    assert result.rank_acceptability[0] == (1.0, 0.0, 0.0)
    assert result.pairwise_winning[0][1] == 1.0 and result.pairwise_winning[0][2] == 1.0
    assert result.confidence[0] == 1.0


def test_symmetric_vendors_split_first_place_evenly() -> None:
    # A = 100 w1, B = 100 w2 with (w1, w2) uniform: each first half the time; A's central weight
    # is the mean of w1 given w1 > 1/2, i.e. of U(1/2, 1): 3/4 (hand calculation).
    ranking = make_ranking({"cost": 1, "quality": 1}, SYMMETRIC)
    result = smaa(ranking, samples=40_000, seed=7)
    a, b = result.vendors.index("A"), result.vendors.index("B")
    assert result.rank_acceptability[a][0] == pytest.approx(0.5, abs=0.01)
    assert result.rank_acceptability[b][0] == pytest.approx(0.5, abs=0.01)
    assert result.pairwise_winning[a][b] + result.pairwise_winning[b][a] == pytest.approx(1.0)
    central = result.central_weights[a]
    assert central is not None and central[0] == pytest.approx(0.75, abs=0.01)
    assert result.confidence[a] == 1.0


def test_identical_vendors_share_first_place() -> None:
    # Issue 2: totals equal within 1e-9 share a rank, so both are first in every sample.
    same = {"cost": 70.0, "quality": 30.0}
    ranking = make_ranking({"cost": 1, "quality": 1}, {"A": same, "B": dict(same)})
    result = smaa(ranking, samples=1_000, seed=0)
    assert [row[0] for row in result.rank_acceptability] == [1.0, 1.0]
    assert result.pairwise_winning[0][1] == 0.0


def test_constraint_favouring_cost_makes_the_cost_leader_win() -> None:
    # With w_cost >= w_quality, A = 100 w_cost >= B always; half the uniform draws are accepted.
    ranking = make_ranking({"cost": 1, "quality": 1}, SYMMETRIC)
    result = smaa(ranking, samples=10_000, seed=3, constraints=["cost >= quality"])
    assert result.rank_acceptability[result.vendors.index("A")][0] == 1.0
    assert result.acceptance_rate == pytest.approx(0.5, abs=0.03)


def test_contradictory_constraints_are_refused_with_a_clear_error() -> None:
    ranking = make_ranking(
        {"cost": 1, "quality": 1, "speed": 1},
        {
            "A": {"cost": 100, "quality": 0, "speed": 50},
            "B": {"cost": 0, "quality": 100, "speed": 50},
        },
    )
    with pytest.raises(VendorScoreError, match="contradict each other"):
        smaa(ranking, samples=1_000, seed=0, constraints=["cost >= quality", "quality >= cost"])


def test_constraint_naming_an_unknown_criterion_lists_the_known_ones() -> None:
    with pytest.raises(
        VendorScoreError, match=r"'price' is not one of the criteria weighed here \(cost, quality\)"
    ):
        parse_constraints(["price >= quality"], ["cost", "quality"])


def test_constraint_chain_and_reversed_operator_give_pairs() -> None:
    pairs = parse_constraints(["a >= b >= c", "c <= a"], ["a", "b", "c"])
    assert pairs == (("a", "b"), ("b", "c"), ("a", "c"))


def test_malformed_constraint_is_refused() -> None:
    with pytest.raises(VendorScoreError, match="joined by >= or <="):
        parse_constraints(["a > b"], ["a", "b"])


def test_same_seed_same_result_whatever_the_chunk_size() -> None:
    ranking = make_ranking(
        {"cost": 2, "quality": 1, "speed": 1},
        {
            f"V{i}": {"cost": 10.0 * i, "quality": 90.0 - 9 * i, "speed": (37.0 * i) % 100}
            for i in range(8)
        },
    )
    runs = [smaa(ranking, samples=3_000, seed=11, chunk_samples=c) for c in (64, 1000, 4096)]
    # Central weights are float sums whose order follows the chunks: equal to rounding.
    assert {replace(r, central_weights=()) for r in runs} == {replace(runs[0], central_weights=())}
    for run in runs[1:]:
        for mine, theirs in zip(run.central_weights, runs[0].central_weights, strict=True):
            assert (mine is None and theirs is None) or mine == pytest.approx(theirs, abs=1e-12)
    assert smaa(ranking, samples=3_000, seed=12) != runs[0]


def test_progress_is_reported_up_to_the_sample_count() -> None:
    seen: list[tuple[int, int]] = []
    smaa(
        make_ranking({"cost": 1, "quality": 1}, SYMMETRIC),
        samples=1_000,
        seed=0,
        chunk_samples=300,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen == [(300, 1_000), (600, 1_000), (900, 1_000), (1_000, 1_000)]


def test_ranks_match_counting_strictly_better_vendors() -> None:
    # Reference: rank = 1 + number of vendors with a total more than 1e-9 higher (issue 2).
    rng = np.random.default_rng(5)
    totals = rng.integers(0, 6, size=(500, 9)).astype(np.float64) * 12.5
    expected = (totals[:, None, :] > totals[:, :, None] + 1e-9).sum(axis=2)
    assert np.array_equal(_ranks(totals), expected)


@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
@pytest.mark.parametrize("level", ["top", "leaves"])
@pytest.mark.parametrize("seed", range(10))
def test_stated_weights_reproduce_the_ranking_totals(method: Method, level: str, seed: int) -> None:
    # Reference: the oracle totals of the hand-built ranking (issue-2 / issue-5 formulas), with
    # exclusions renormalised among siblings.
    rng = random.Random(seed)
    spec = {
        "g0": (2.0, {"a": 1.0, "b": 3.0}),
        "g1": 1.0,
        "g2": (3.0, {"c": 2.0, "d": 1.0, "e": 1.0}),
    }
    leaves = ["a", "b", "g1", "c", "d", "e"]
    vendors = {
        f"V{i}": {k: None if rng.random() < 0.2 else float(rng.randint(0, 100)) for k in leaves}
        for i in range(6)
    }
    ranking = make_ranking(spec, vendors, method=method)
    model, stated = _model(ranking, "top" if level == "top" else "leaves")
    totals = model.totals(stated[None, :])[0]
    assert totals == pytest.approx([v.total for v in ranking.eligible], abs=1e-9)


def test_topsis_with_tight_weights_around_the_stated_ones_keeps_the_ranking() -> None:
    ranking = make_ranking(
        {"cost": 3, "quality": 1},
        {
            "A": {"cost": 90, "quality": 40},
            "B": {"cost": 60, "quality": 70},
            "C": {"cost": 20, "quality": 30},
        },
        method="topsis",
    )
    result = smaa(ranking, samples=2_000, seed=4, weights="around", concentration=10_000)
    assert [row[i] for i, row in enumerate(result.rank_acceptability)] == [1.0, 1.0, 1.0]
