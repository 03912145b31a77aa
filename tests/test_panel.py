"""Evaluation panels (issue 14): combination rules, agreement, bias, leave-one-out, conflicts.

Every expected number is worked out by hand in the comment next to it; the agreement statistic
is checked against the worked example published with it (Krippendorff 2011).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vendorscore.api import rank
from vendorscore.model.criteria import Rubric
from vendorscore.robustness.agreement import coincidences, krippendorff_alpha, reading
from vendorscore.scoring.consensus import combine, mean, median, trimmed_mean

FIVE = {"1": "poor", "2": "weak", "3": "fair", "4": "good", "5": "best"}


def rubric(**settings: object) -> Rubric:
    return Rubric.model_validate({"levels": FIVE, **settings})


# ---- combination rules, by hand -------------------------------------------------------------


def test_median_of_an_odd_and_an_even_count() -> None:
    assert median([5, 2, 3]) == 3  # sorted 2 3 5: the middle one
    assert median([1, 5, 2, 4]) == 3  # sorted 1 2 4 5: (2 + 4) / 2


def test_mean() -> None:
    assert mean([2, 3, 5]) == pytest.approx(10 / 3)


def test_trimmed_mean_cuts_floor_of_trim_times_n_from_each_end() -> None:
    assert trimmed_mean([1, 2, 3, 4, 10], 0.2) == 3  # 0.2 x 5 = 1 cut each end: (2+3+4)/3
    assert trimmed_mean([1, 2, 3, 5], 0.25) == 2.5  # 0.25 x 4 = 1 each end: (2+3)/2
    assert trimmed_mean([1, 2, 3, 10], 0.2) == 4  # 0.2 x 4 = 0.8, floor 0: (1+2+3+10)/4


def test_combine_follows_the_rubric_and_median_is_the_default() -> None:
    ratings = [1, 2, 5]
    assert rubric().combine == "median"
    assert combine(rubric(), ratings) == 2
    assert combine(rubric(combine="mean"), ratings) == pytest.approx(8 / 3)
    assert combine(rubric(combine="trimmed_mean", trim=0.34), ratings) == 2  # 1.02 -> 1 cut
    assert combine(rubric(), []) is None


def test_default_disagreement_range_is_half_the_span_rounded_down() -> None:
    assert rubric().disagreement_levels == 2  # 1-5: span 4
    three = Rubric.model_validate({"levels": {"1": "a", "2": "b", "3": "c"}})
    assert three.disagreement_levels == 1
    assert rubric(disagreement=3).disagreement_levels == 3


# ---- Krippendorff's alpha against the published worked example ------------------------------

# Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability, section C: 4 observers
# (A-D) by 12 units, values 1-5, missing values as None. The paper computes alpha for this
# matrix as 0.743 (nominal), 0.815 (ordinal), 0.849 (interval) and 0.797 (ratio).
_A = [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None]
_B = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3]
_C = [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None]
_D = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]
PUBLISHED_UNITS = {u: [row[u] for row in (_A, _B, _C, _D) if row[u] is not None] for u in range(12)}


@pytest.mark.parametrize(
    ("metric", "published"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_alpha_matches_krippendorffs_worked_example(metric: str, published: float) -> None:
    alpha = krippendorff_alpha(PUBLISHED_UNITS, metric=metric)  # type: ignore[arg-type]
    assert alpha is not None
    assert round(alpha, 3) == published


def test_coincidence_matrix_of_the_worked_example() -> None:
    # By hand: n = 40 pairable values (unit 12 has one value). o_11: unit 1 (three 1s) gives
    # 6 ordered pairs / (3 - 1) = 3, unit 8 (three 1s of four) 6 / 3 = 2, unit 11 (two 1s)
    # 2 / 1 = 2: 7. o_12: unit 6 (1,2,3,4) 1/3, unit 8 (1,1,2,1) 3/3: 4/3. o_33: units 3 and 4
    # (four 3s each) 12 / 3 = 4 each: 8.
    o = coincidences(PUBLISHED_UNITS)
    assert sum(o.values()) == pytest.approx(40)
    assert o[(1, 1)] == pytest.approx(7)
    assert o[(1, 2)] == pytest.approx(4 / 3) and o[(2, 1)] == pytest.approx(4 / 3)
    assert o[(3, 3)] == pytest.approx(8)


def test_alpha_is_undefined_without_pairs_or_without_variation() -> None:
    assert krippendorff_alpha({"a": [3], "b": [4]}) is None  # no unit rated twice
    assert krippendorff_alpha({"a": [3, 3], "b": [3, 3]}) is None  # D_e = 0
    assert reading(None).startswith("undefined")
    # Perfect agreement with variation is 1; systematic opposition is below 0.
    assert krippendorff_alpha({"a": [1, 1], "b": [5, 5]}) == 1.0
    opposed = krippendorff_alpha({"a": [1, 5], "b": [5, 1]}, metric="interval")
    assert opposed is not None and opposed < 0


def test_reading_uses_krippendorffs_thresholds() -> None:
    assert reading(0.8).startswith("reliable")
    assert reading(0.7).startswith("tentative")
    assert reading(0.5).startswith("unreliable")


# ---- a small run through files --------------------------------------------------------------

CRITERIA = """\
name: Panel test
missing: worst
criteria:
  - id: fit
    weight: 1
    rated:
      levels: {1: poor, 2: weak, 3: fair, 4: good, 5: best}
      roles: [ops, quality]
  - id: fcr
    weight: 1
    field: scorecard.fcr
    scale: {linear: {worst: 0, best: 1}}
"""


def _vendor(folder: Path, name: str, fcr: float) -> None:
    slug = name.lower().replace(" ", "-")
    text = f"name: {name}\ndelivery_model: offshore\nscorecard: {{fcr: {fcr}}}\n"
    (folder / f"{slug}.yaml").write_text(text, encoding="utf-8")


def _evaluator(
    folder: Path, name: str, role: str, ratings: dict[str, int], extra: str = ""
) -> None:
    lines = [f"evaluator: {name}", f"role: {role}", "date: 2026-11-20", extra.rstrip(), "ratings:"]
    lines += [f"  {vendor}: {{fit: {level}}}" for vendor, level in ratings.items()]
    text = "\n".join(line for line in lines if line) + "\n"
    (folder / f"{name.split(maxsplit=1)[0].lower()}.yaml").write_text(text, encoding="utf-8")


@pytest.fixture
def run(tmp_path: Path) -> Path:
    """Two vendors; B is better on FCR (0.6 vs 0.4), A on the panel's fit ratings."""
    (tmp_path / "vendors").mkdir()
    (tmp_path / "panel").mkdir()
    _vendor(tmp_path / "vendors", "Alpha", 0.4)
    _vendor(tmp_path / "vendors", "Beta", 0.6)
    (tmp_path / "criteria.yaml").write_text(CRITERIA, encoding="utf-8")
    return tmp_path


def _rank(folder: Path):  # type: ignore[no-untyped-def]
    return rank(folder / "vendors", criteria=folder / "criteria.yaml", ratings=folder / "panel")


def test_leave_one_out_finds_the_evaluator_the_winner_depends_on(run: Path) -> None:
    _evaluator(run / "panel", "Ann Ops", "ops", {"Alpha": 5, "Beta": 1})
    _evaluator(run / "panel", "Bob Quality", "quality", {"Alpha": 1, "Beta": 5})
    _evaluator(run / "panel", "Cy Ops", "ops", {"Alpha": 5, "Beta": 1})
    ranking = _rank(run)
    # Full panel: Alpha fit median(5,1,5) = 5 -> 100; total (100 + 40) / 2 = 70.
    # Beta fit median(1,5,1) = 1 -> 0; total (0 + 60) / 2 = 30.
    assert [(v.name, v.total) for v in ranking.vendors] == [("Alpha", 70.0), ("Beta", 30.0)]
    panel = ranking.panel
    loo = {x.evaluator: (x.winners, x.changed) for x in panel.leave_one_out}
    # Without Ann: Alpha median(1,5) = 3 -> 50, total 45; Beta median(5,1) = 3 -> 50, total 55.
    assert loo["Ann Ops"] == (("Beta",), True)
    assert loo["Bob Quality"] == (("Alpha",), False)  # Alpha 5,5 and Beta 1,1: unchanged
    assert loo["Cy Ops"] == (("Beta",), True)
    assert panel.winners == ("Alpha",)
    assert not panel.winner_stable


def test_consensus_spread_flags_and_missing(run: Path) -> None:
    _evaluator(run / "panel", "Ann Ops", "ops", {"Alpha": 4, "Beta": 2})
    _evaluator(run / "panel", "Bob Quality", "quality", {"Alpha": 2})
    _evaluator(run / "panel", "Cy Ops", "ops", {"Alpha": 4, "Beta": 3})
    ranking = _rank(run)
    cells = {c.vendor: c for c in ranking.panel.cells}
    alpha, beta = cells["Alpha"], cells["Beta"]
    assert [r.rating for r in alpha.ratings] == [4, 2, 4]  # file order: ann, bob, cy
    assert alpha.consensus == 4 and alpha.spread == 2 and alpha.disagreement  # 4 - 2 >= 2
    assert beta.consensus == 2.5 and beta.spread == 1 and not beta.disagreement
    assert beta.missing == ("Bob Quality",)
    # Utility of a consensus of 2.5 on 1-5: (2.5 - 1) / 4 x 100 = 37.5.
    assert ranking.vendor("Beta").scores["fit"] == 37.5
    assert ranking.vendor("Beta").values["rated.fit"] == 2.5


def test_conflict_excludes_the_evaluator_for_that_vendor_and_says_so(run: Path) -> None:
    conflict = "conflicts:\n  - vendor: Beta\n    reason: former employer\n"
    _evaluator(run / "panel", "Ann Ops", "ops", {"Alpha": 4}, extra=conflict)
    _evaluator(run / "panel", "Bob Quality", "quality", {"Alpha": 3, "Beta": 2})
    ranking = _rank(run)
    beta = next(c for c in ranking.panel.cells if c.vendor == "Beta")
    assert [(x.evaluator, x.reason) for x in beta.excluded] == [("Ann Ops", "former employer")]
    assert beta.missing == ()  # excluded is not missing
    assert [r.evaluator for r in beta.ratings] == ["Bob Quality"]
    assert beta.consensus == 2


def test_a_lenient_evaluator_is_flagged(run: Path) -> None:
    for name in ("Gamma", "Delta"):
        _vendor(run / "vendors", name, 0.5)
    base = {"Alpha": 2, "Beta": 3, "Gamma": 3, "Delta": 2}
    _evaluator(run / "panel", "Ann Ops", "ops", base)
    _evaluator(run / "panel", "Bob Quality", "quality", base)
    _evaluator(run / "panel", "Cy Ops", "ops", {k: v + 1 for k, v in base.items()})
    bias = {b.evaluator: b for b in _rank(run).panel.bias}
    # Cy vs the others' median: +1 level on each of 4 vendors = 1/4 of the 1-5 span.
    assert bias["Cy Ops"].mean_deviation == 0.25 and bias["Cy Ops"].tendency == "lenient"
    # Ann vs median(Bob, Cy) = v + 0.5: -0.5 / 4 = -0.125 each, under the 0.2 threshold.
    assert bias["Ann Ops"].mean_deviation == -0.125 and bias["Ann Ops"].tendency is None
    assert bias["Ann Ops"].compared == 4


def test_agreement_per_criterion_is_krippendorffs_ordinal_alpha(run: Path) -> None:
    _evaluator(run / "panel", "Ann Ops", "ops", {"Alpha": 5, "Beta": 1})
    _evaluator(run / "panel", "Bob Quality", "quality", {"Alpha": 5, "Beta": 1})
    panel = _rank(run).panel
    assert [(a.criterion, a.alpha, a.pairable) for a in panel.agreement] == [("fit", 1.0, 4)]
    assert panel.method == "Krippendorff's alpha, ordinal metric"
    assert "asc_papers/43" in panel.reference


def test_without_ratings_a_rated_leaf_is_missing_and_a_warning_asks_for_them(run: Path) -> None:
    ranking = rank(run / "vendors", criteria=run / "criteria.yaml")
    assert ranking.panel is None
    assert ranking.vendor("Alpha").scores["fit"] == 0.0  # missing: worst
    assert ranking.warnings == (
        "fit is rated by an evaluation panel and no ratings were given, so every vendor scores "
        "as missing there (its missing policy); give the panel's evaluator files",
    )


def test_sample_panel_has_disagreements_a_conflict_and_a_stable_winner() -> None:
    root = Path(__file__).resolve().parents[1]
    ranking = rank(
        root / "samples" / "vendors",
        criteria=root / "samples" / "panel" / "criteria.yaml",
        ratings=root / "samples" / "panel" / "ratings",
    )
    panel = ranking.panel
    assert len(panel.evaluators) == 5 and len(ranking.vendors) == 14
    assert {(c.vendor, c.criterion) for c in panel.disagreements} == {
        ("Harborline Contact Manila", "culture_fit"),
        ("Kaveri BPO Hyderabad", "trial_calls"),
    }
    assert [(c.evaluator, c.vendor) for c in panel.conflicts] == [
        ("Dana Whitfield", "Quetzal Contact Guatemala")
    ]
    assert [b.evaluator for b in panel.bias if b.tendency == "lenient"] == ["Marcus Oyelaran"]
    assert panel.winners == ("Prairie Voice Omaha",) and panel.winner_stable
    assert all(math.isfinite(a.alpha) for a in panel.agreement if a.alpha is not None)


# ---- invariants (hypothesis) ----------------------------------------------------------------


levels = st.lists(st.integers(1, 5), min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(levels, st.sampled_from(["median", "mean", "trimmed_mean"]), st.floats(0, 0.49))
def test_a_consensus_lies_within_the_ratings_and_ignores_their_order(
    ratings: list[int], rule: str, trim: float
) -> None:
    r = rubric(combine=rule, trim=trim)
    value = combine(r, ratings)
    assert value is not None and min(ratings) <= value <= max(ratings)
    assert combine(r, sorted(ratings, reverse=True)) == pytest.approx(value)
    if len(set(ratings)) == 1:
        assert value == ratings[0]


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.integers(0, 30), st.lists(st.integers(1, 5), max_size=6), max_size=15))
def test_alpha_is_at_most_one_and_does_not_depend_on_rater_order(
    units: dict[int, list[int]],
) -> None:
    for metric in ("nominal", "ordinal", "interval"):
        alpha = krippendorff_alpha(units, metric=metric)  # type: ignore[arg-type]
        shuffled = {u: list(reversed(v)) for u, v in units.items()}
        again = krippendorff_alpha(shuffled, metric=metric)  # type: ignore[arg-type]
        assert (alpha is None) == (again is None)
        if alpha is not None:
            assert alpha <= 1 + 1e-12
            assert again == pytest.approx(alpha)


@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
def test_leave_one_out_shortcut_equals_scoring_again(method: str) -> None:
    """`retotal` (only the rated leaves rolled up again) gives the totals a full rescoring does,
    for every evaluator left out of the sample panel, under both methods."""
    from vendorscore.api import load_inputs
    from vendorscore.inputs.ratings import load_panel
    from vendorscore.scoring.consensus import consensus_values, retotal
    from vendorscore.scoring.pipeline import score

    root = Path(__file__).resolve().parents[1]
    loaded = load_inputs(
        root / "samples" / "vendors", criteria=root / "samples/panel/criteria.yaml"
    )
    panel = load_panel(
        root / "samples/panel/ratings", criteria=loaded.criteria, vendors=loaded.vendors
    )
    full = score(loaded.vendors, loaded.criteria, method=method, consensus=consensus_values(panel))
    names = [v.name for v in full.eligible]
    for evaluator in panel.evaluators:
        rest = consensus_values(panel.without(evaluator.name))
        again = score(loaded.vendors, loaded.criteria, method=method, consensus=rest)
        quick = retotal(full, rest, panel.rubrics, names)
        assert quick == pytest.approx({v.name: v.total for v in again.eligible}, abs=1e-9)


def test_rubric_levels_from_plain_data_may_be_numbers() -> None:
    from vendorscore.inputs.loading import criteria_from_data

    leaf = {"id": "fit", "weight": 1, "rated": {"levels": {1: "a", 2: "b", 3: "c"}}}
    criteria = criteria_from_data({"name": "x", "criteria": [leaf]})
    rated = criteria.spec.criteria[0].rated
    assert rated is not None and rated.scale == (1, 2, 3)
    assert rated.describe() == "rated 1-3 (median)"
