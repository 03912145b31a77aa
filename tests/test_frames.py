"""Results as pandas DataFrames: the same numbers as the result model; a clear error without pandas."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest
from tests.conftest import ROOT, SAMPLES

from vendorscore.errors import DependencyError, VendorScoreError
from vendorscore.inputs.loading import load_criteria, load_demand, load_vendors
from vendorscore.model.results import Ranking
from vendorscore.scoring.pipeline import score


@pytest.fixture(scope="module")
def ranking() -> Ranking:
    return score(load_vendors([SAMPLES]), load_criteria("default"))


def test_a_missing_pandas_is_a_clear_error(
    ranking: Ranking, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(DependencyError) as caught:
        ranking.to_frame()
    assert (
        str(caught.value)
        == "Ranking.to_frame() needs pandas, which is not installed: pip install 'vendorscore[pandas]'"
    )
    assert isinstance(caught.value, VendorScoreError) and isinstance(caught.value, ImportError)


pd = pytest.importorskip(
    "pandas", reason="pandas is an optional extra: pip install 'vendorscore[pandas]'"
)


def test_ranking_frame_has_the_ranking_numbers(ranking: Ranking) -> None:
    df = ranking.to_frame()
    assert list(df.index) == [v.name for v in ranking.vendors]
    first = ranking.vendors[0]
    assert df.loc[first.name, "rank"] == 1
    assert df.loc[first.name, "total"] == first.total
    assert df.loc[first.name, "cost"] == first.scores["cost"]
    assert str(df["rank"].dtype) == "Int64"
    knocked_out = [v for v in ranking.vendors if not v.eligible]
    assert knocked_out, "the samples have a knocked-out vendor"
    assert pd.isna(df.loc[knocked_out[0].name, "rank"])
    assert df.loc[knocked_out[0].name, "failed_requirements"] == "; ".join(
        knocked_out[0].failed_requirements
    )
    assert list(df.columns[8:]) == [c.id for c in ranking.criteria]


def test_leaves_frame_sums_to_each_total(ranking: Ranking) -> None:
    df = ranking.leaves_frame()
    totals = df.groupby("vendor")["contribution"].sum()
    for v in ranking.vendors:
        assert math.isclose(totals[v.name], v.total, abs_tol=1e-9)
    assert len(df) == len(ranking.vendors) * len(ranking.leaves)


def test_staffing_frames_carry_the_currency() -> None:
    from vendorscore.staffing.planner import plan_vendors

    criteria = load_criteria("tco")
    plan = plan_vendors(
        load_vendors([SAMPLES]), load_demand(ROOT / "samples" / "demand.yaml"), criteria
    )
    df = plan.to_frame()
    assert df.attrs["currency"] == plan.base_currency == "USD"
    assert set(df["base_currency"]) == {"USD"}
    cheapest = plan.by_monthly_cost[0]
    assert df["monthly_cost"].idxmin() == cheapest.vendor
    assert df.loc[cheapest.vendor, "peak_agents"] == cheapest.peak_agents
    intervals = plan.intervals_frame()
    assert len(intervals) == sum(len(v.intervals) for v in plan.vendors)


def test_sensitivity_frames(ranking: Ranking) -> None:
    from vendorscore.robustness.smaa import smaa
    from vendorscore.robustness.stability import stability

    stab = stability(ranking)
    df = stab.to_frame()
    row = stab.intervals[0]
    assert df.loc[row.criterion, "winner_lower"] == row.winner.lower_local
    assert df.attrs["verdict"] == stab.close_call.verdict
    result = smaa(ranking, samples=2_000, seed=1)
    acc = result.to_frame()
    assert list(acc.index) == list(result.vendors)
    assert acc.loc[result.vendors[0], 1] == result.rank_acceptability[0][0]
    assert all(math.isclose(s, 1.0) for s in acc.drop(columns="confidence").sum(axis=1))
    weights = result.central_weights_frame()
    assert list(weights.columns) == list(result.criteria)


def test_rank_start_up_stays_free_of_pandas() -> None:
    """tests/test_architecture.py runs `rank` and checks pandas is not imported; the frames module
    imports it only inside its functions."""
    source = (Path(__file__).resolve().parents[1] / "src/vendorscore/model/frames.py").read_text()
    assert "\nimport pandas" not in source and "\nfrom pandas" not in source
