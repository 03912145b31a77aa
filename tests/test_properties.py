"""Invariants of the scoring model (hypothesis), from issue 2's "Done when"."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vendorscore.scoring.pipeline import score
from vendorscore.testing import group, leaf, make_criteria, make_vendor

# Four numeric leaves in two groups; higher fcr/csat/qa and lower abandon_rate are better.
FIELDS = ("fcr", "csat", "abandon_rate", "qa_score")

weights = st.lists(st.integers(min_value=1, max_value=50), min_size=6, max_size=6)
policy = st.sampled_from(["worst", "neutral", "exclude"])
fraction = st.one_of(st.none(), st.floats(min_value=0, max_value=1, allow_nan=False))
card = st.tuples(*(fraction for _ in FIELDS))
cards = st.lists(card, min_size=1, max_size=8)


def make_tree(w, missing="worst"):
    return make_criteria(
        [
            group(
                "quality",
                leaf("fcr", "scorecard.fcr", {"linear": {"worst": 0.5, "best": 0.9}}, weight=w[1]),
                leaf(
                    "csat",
                    "scorecard.csat",
                    {"piecewise": [[0.5, 0], [0.8, 70], [0.95, 100]]},
                    weight=w[2],
                ),
                weight=w[0],
            ),
            group(
                "ops",
                leaf(
                    "abandon",
                    "scorecard.abandon_rate",
                    {"linear": {"worst": 0.15, "best": 0.02}},
                    weight=w[4],
                ),
                leaf(
                    "qa", "scorecard.qa_score", {"linear": {"worst": 0.6, "best": 1.0}}, weight=w[5]
                ),
                weight=w[3],
            ),
        ],
        name="Properties",
        missing=missing,
    )


def make_vendors(values, *, first_name="V"):
    return [
        make_vendor(
            name=f"{first_name}{i:02d}",
            file=f"v{i}.yaml",
            scorecard={f: v for f, v in zip(FIELDS, row, strict=True) if v is not None},
        )
        for i, row in enumerate(values)
    ]


def order(ranking):
    return [(v.rank, v.name) for v in ranking.vendors]


@settings(max_examples=60, deadline=None)
@given(weights, policy, cards)
def test_totals_stay_between_0_and_100(w, missing, values):
    ranking = score(make_vendors(values), make_tree(w, missing))
    assert all(0.0 <= v.total <= 100.0 for v in ranking.vendors)
    assert all(0.0 <= v.completeness <= 1.0 for v in ranking.vendors)


@settings(max_examples=60, deadline=None)
@given(weights, policy, cards, st.integers(min_value=2, max_value=9))
def test_scaling_every_weight_leaves_the_ranking_unchanged(w, missing, values, factor):
    vendors = make_vendors(values)
    before = score(vendors, make_tree(w, missing))
    after = score(vendors, make_tree([x * factor for x in w], missing))
    assert order(before) == order(after)


@settings(max_examples=80, deadline=None)
@given(weights, st.sampled_from(["worst", "neutral"]), card, st.integers(0, 3), st.floats(0, 0.5))
def test_improving_a_value_in_its_better_direction_never_lowers_the_total(w, missing, row, i, step):
    # abandon_rate (index 2) improves downwards; the others upwards. A missing value improved
    # means giving a value; under `exclude` that can rightly lower a total, so it is left out.
    base = list(row)
    better = list(row)
    current = base[i]
    if current is None:
        better[i] = 0.0 if i == 2 else 1.0
    else:
        better[i] = max(0.0, current - step) if i == 2 else min(1.0, current + step)
    crit = make_tree(w, missing)
    (worse_v,) = score(make_vendors([base]), crit).vendors
    (better_v,) = score(make_vendors([better]), crit).vendors
    assert better_v.total >= worse_v.total - 1e-9


@settings(max_examples=60, deadline=None)
@given(weights, policy, cards, card)
def test_adding_a_vendor_never_reorders_the_others(w, missing, values, newcomer):
    crit = make_tree(w, missing)
    before = score(make_vendors(values), crit)
    vendors = make_vendors(values)
    (extra,) = make_vendors([newcomer], first_name="ZZ newcomer ")
    after = score([*vendors, extra], crit)
    names_before = [v.name for v in before.vendors]
    names_after = [v.name for v in after.vendors if v.name != extra.profile.name]
    assert names_before == names_after
    totals_before = {v.name: v.total for v in before.vendors}
    assert all(v.total == totals_before[v.name] for v in after.vendors if v.name in totals_before)
