"""Boundaries and near-ties: each knock-out operator exactly at its limit, float-noise ties, the
tie at a `--top` cut, and scales at their anchors (issue 18).

Every expectation is worked out by hand in the comment next to it. The rules come from
criteria/default.yaml's header: a requirement's `min` and `max` are inclusive limits ("max 0.10"
lets 0.10 through), totals closer than `TIE_TOLERANCE` share a rank, ranks are competition
ranks (1, 2, 2, 4).
"""

from __future__ import annotations

import math

import pytest

from vendorscore.inputs.loading import criteria_from_text, vendor_from_text
from vendorscore.model.results import TIE_TOLERANCE, Ranking
from vendorscore.scoring.pipeline import score
from vendorscore.scoring.requirements import check_requirement, requirement_rule

ONE_LEAF = """
name: Boundaries
criteria:
  - {id: fcr, weight: 1, field: scorecard.fcr, scale: {linear: {worst: 0, best: 1}}}
requirements:
  - REQ
"""


def _vendor(name: str, body: str):
    return vendor_from_text(f"name: {name}\ndelivery_model: onshore\n{body}", f"{name}.yaml")


def _rank_with(req: str, *vendors: tuple[str, str]) -> Ranking:
    criteria = criteria_from_text(ONE_LEAF.replace("REQ", req), "c.yaml")
    return score([_vendor(n, b) for n, b in vendors], criteria)


# --------------------------------------------------------------------- knock-outs at the limit


def test_abandonment_exactly_at_the_maximum_is_eligible() -> None:
    # The case: abandonment 0.10 against `max: 0.10` passes; one ulp above fails.
    above = math.nextafter(0.10, 1.0)
    ranking = _rank_with(
        "{field: scorecard.abandon_rate, max: 0.10}",
        ("AtLimit", "scorecard: {fcr: 0.5, abandon_rate: 0.10}\n"),
        ("JustAbove", f"scorecard: {{fcr: 0.9, abandon_rate: {above!r}}}\n"),
    )
    at, over = ranking.vendor("AtLimit"), ranking.vendor("JustAbove")
    assert (at.eligible, at.rank, at.failed_requirements) == (True, 1, ())
    assert (over.eligible, over.rank) == (False, None)
    assert over.failed_requirements == (
        "scorecard.abandon_rate is 0.1, above the maximum 0.1",  # %g shows both as 0.1
    )


def test_a_value_exactly_at_the_minimum_is_eligible() -> None:
    below = math.nextafter(0.8, 0.0)
    ranking = _rank_with(
        "{field: scorecard.csat, min: 0.8, why: CSAT floor}",
        ("AtLimit", "scorecard: {fcr: 0.5, csat: 0.8}\n"),
        ("JustBelow", f"scorecard: {{fcr: 0.9, csat: {below!r}}}\n"),
    )
    assert ranking.vendor("AtLimit").eligible
    assert ranking.vendor("AtLimit").rank == 1
    assert ranking.vendor("JustBelow").failed_requirements == (
        "scorecard.csat is 0.8, below the minimum 0.8 (CSAT floor)",
    )


@pytest.mark.parametrize(
    ("lines", "eligible"),
    [(100, True), (99, False), (250, True), (251, False)],
)
def test_a_range_includes_both_ends(lines: int, eligible: bool) -> None:
    ranking = _rank_with(
        "{field: technology.lines, min: 100, max: 250}",
        ("V", f"scorecard: {{fcr: 0.5}}\ntechnology: {{lines: {lines}}}\n"),
    )
    assert ranking.vendors[0].eligible is eligible
    assert ranking.requirement_rules == ("technology.lines min 100; max 250",)


def test_includes_exactly_the_listed_items_is_eligible() -> None:
    ranking = _rank_with(
        "{field: security.certifications, includes: [pci_dss, soc2_type2]}",
        ("Exact", "scorecard: {fcr: 0.5}\nsecurity: {certifications: [soc2_type2, pci_dss]}\n"),
        ("OneShort", "scorecard: {fcr: 0.5}\nsecurity: {certifications: [pci_dss, iso27001]}\n"),
    )
    assert ranking.vendor("Exact").eligible
    assert ranking.vendor("OneShort").failed_requirements == (
        "security.certifications lacks soc2_type2",
    )


def test_in_and_equals_accept_the_value_itself_only() -> None:
    ranking = _rank_with(
        "{field: delivery_model, in: [onshore, nearshore]}",
        ("On", "scorecard: {fcr: 0.5}\n"),
    )
    assert ranking.vendors[0].eligible
    ranking = _rank_with(
        "{field: delivery_model, equals: offshore}",
        ("On", "scorecard: {fcr: 0.5}\n"),
    )
    assert ranking.vendors[0].failed_requirements == ("delivery_model is onshore, not offshore",)


@pytest.mark.parametrize(
    ("req", "raw", "reason"),
    [
        # (requirement, raw value, expected reason or None); each row is one operator at its limit
        ({"field": "x", "max": 0.1}, 0.1, None),
        ({"field": "x", "max": 0.1}, 0.10000000000000002, "x is 0.1, above the maximum 0.1"),
        ({"field": "x", "min": 3}, 3, None),
        ({"field": "x", "min": 3}, 2, "x is 2, below the minimum 3"),
        ({"field": "x", "min": -1.5, "max": -1.5}, -1.5, None),
        ({"field": "x", "includes": ["a"]}, ["a"], None),
        ({"field": "x", "includes": ["a"]}, "a", None),  # a single value counts as a list of one
        ({"field": "x", "includes": ["a", "b"]}, ["b"], "x lacks a"),
        ({"field": "x", "in": [1, 2]}, 2, None),
        ({"field": "x", "in": [1, 2]}, 3, "x is 3, not one of [1, 2]"),
        ({"field": "x", "in": [1]}, True, "x is true, not one of [1]"),  # True == 1 in Python
        ({"field": "x", "equals": True}, True, None),
        ({"field": "x", "equals": True}, 1, "x is 1, not true"),
        ({"field": "x", "equals": False}, False, None),
        ({"field": "x", "equals": 0.5}, 0.5, None),
        ({"field": "x", "equals": "yes", "why": "policy"}, "no", "x is no, not yes (policy)"),
        ({"field": "x", "max": 5}, None, "x is missing, so 'max 5' is unproven"),
    ],
)
def test_each_operator_at_its_limit(
    req: dict[str, object], raw: object, reason: str | None
) -> None:
    from vendorscore.model.criteria import Requirement

    assert check_requirement(Requirement.model_validate(req), raw) == reason


def test_rules_read_in_words_in_file_order() -> None:
    from vendorscore.model.criteria import Requirement

    req = Requirement.model_validate(
        {"field": "x", "min": 1, "max": 2.5, "includes": ["a", "b"], "in": [True, 0.25, "c"]}
    )
    assert requirement_rule(req) == "min 1; max 2.5; includes a, b; in true, 0.25, c"
    assert requirement_rule(Requirement.model_validate({"field": "x", "equals": False})) == (
        "equals false"
    )


# --------------------------------------------------------------------------- near-ties


EQUAL_THREE = """
name: Three
criteria:
  - {id: a, weight: 1, field: extra.a, scale: {linear: {worst: 0, best: 100}}}
  - {id: b, weight: 1, field: extra.b, scale: {linear: {worst: 0, best: 100}}}
  - {id: c, weight: 1, field: extra.c, scale: {linear: {worst: 0, best: 100}}}
"""


def _three(*rows: tuple[str, float, float, float]) -> Ranking:
    vendors = [_vendor(n, f"extra: {{a: {a}, b: {b}, c: {c}}}\n") for n, a, b, c in rows]
    return score(vendors, criteria_from_text(EQUAL_THREE, "three.yaml"))


def test_float_noise_is_a_tie() -> None:
    # Utilities (10, 20, 30) and (30, 20, 10) under equal weights both total 20 exactly; summed
    # in floats they come out as 20.0 and 19.999999999999996 (the figures). Both are
    # rank 1; the vendor at 15 is rank 3 (competition ranking).
    ranking = _three(("Zed", 10, 20, 30), ("Abe", 30, 20, 10), ("Low", 15, 15, 15))
    zed, abe = ranking.vendor("Zed"), ranking.vendor("Abe")
    assert {zed.total, abe.total} == {20.0, 19.999999999999996}  # the noise is really there
    assert {v.name: v.rank for v in ranking.vendors} == {"Abe": 1, "Zed": 1, "Low": 3}
    assert ranking.vendors[2].name == "Low"
    assert ranking.vendor("Low").total == pytest.approx(15.0, abs=1e-12)


def test_a_real_difference_just_above_the_tolerance_splits_the_rank() -> None:
    # One leaf 6e-9 higher under a third of the weight: totals 2e-9 apart, twice TIE_TOLERANCE
    # (1e-9), so ranks 1 and 2; a leaf 6e-10 higher (totals 2e-10 apart) is a tie.
    assert TIE_TOLERANCE == 1e-9
    split = _three(("Up", 20 + 6e-9, 20, 20), ("Flat", 20, 20, 20))
    assert [(v.name, v.rank) for v in split.vendors] == [("Up", 1), ("Flat", 2)]
    tied = _three(("Up", 20 + 6e-10, 20, 20), ("Flat", 20, 20, 20))
    assert {v.name: v.rank for v in tied.vendors} == {"Up": 1, "Flat": 1}


def test_competition_ranks_skip_after_a_tie() -> None:
    # Totals 90, 60, 60, 30 (each vendor the same on all three leaves): ranks 1, 2, 2, 4.
    ranking = _three(("D", 30, 30, 30), ("B", 60, 60, 60), ("A", 90, 90, 90), ("C", 60, 60, 60))
    assert [(v.name, v.rank, v.total) for v in ranking.vendors] == [
        ("A", 1, pytest.approx(90.0)),
        ("B", 2, pytest.approx(60.0)),
        ("C", 2, pytest.approx(60.0)),
        ("D", 4, pytest.approx(30.0)),
    ]


def test_ties_at_the_top_cut_are_kept() -> None:
    # Ranks (1, 2, 2, 4): the top 2 are the winner and BOTH vendors tied at 2 (issue 13: `--top`
    # dropped the second of them), the top 1 is the winner alone, the top 3 stops before rank 4.
    # Knocked-out vendors always follow, unranked.
    criteria = criteria_from_text(
        EQUAL_THREE + "requirements:\n  - {field: extra.a, min: 10}\n", "three.yaml"
    )
    vendors = [
        _vendor(n, f"extra: {{a: {a}, b: {a}, c: {a}}}\n")
        for n, a in [("D", 30), ("B", 60), ("A", 90), ("C", 60), ("Out", 5)]
    ]
    ranking = score(vendors, criteria)
    assert [(v.name, v.rank) for v in ranking.vendors] == [
        ("A", 1),
        ("B", 2),
        ("C", 2),
        ("D", 4),
        ("Out", None),
    ]
    assert [(v.name, v.rank) for v in ranking.top(2).vendors] == [
        ("A", 1),
        ("B", 2),
        ("C", 2),
        ("Out", None),
    ]
    assert [v.name for v in ranking.top(1).vendors] == ["A", "Out"]
    assert [v.name for v in ranking.top(3).vendors] == ["A", "B", "C", "Out"]
    assert [v.name for v in ranking.top(4).vendors] == ["A", "B", "C", "D", "Out"]
    assert [v.name for v in ranking.top(0).vendors] == ["Out"]


def test_a_knocked_out_vendor_is_unranked_whatever_its_total() -> None:
    # "Out" has the best total (100) but fails the requirement: it is listed last, unranked, and
    # the next vendor is rank 1.
    criteria = criteria_from_text(
        EQUAL_THREE + "requirements:\n  - {field: extra.a, max: 99}\n", "three.yaml"
    )
    vendors = [
        _vendor("Out", "extra: {a: 100, b: 100, c: 100}\n"),
        _vendor("In", "extra: {a: 50, b: 50, c: 50}\n"),
    ]
    ranking = score(vendors, criteria)
    assert [(v.name, v.rank, v.eligible) for v in ranking.vendors] == [
        ("In", 1, True),
        ("Out", None, False),
    ]
    assert ranking.vendor("Out").total == pytest.approx(100.0)
    assert [v.name for v in ranking.eligible] == ["In"]


# --------------------------------------------------------------------------- scale anchors


ANCHORS = """
name: Anchors
criteria:
  - {id: lin, weight: 1, field: extra.x, scale: {linear: {worst: 40, best: 8}}}
  - {id: pw, weight: 1, field: extra.y, scale: {piecewise: [[0, 0], [4, 60], [8, 100]]}}
"""


@pytest.mark.parametrize(
    ("x", "y", "lin", "pw"),
    [
        (40, 0, 0.0, 0.0),  # at the worst anchor, at the first point
        (8, 8, 100.0, 100.0),  # at the best anchor, at the last point
        (24, 4, 50.0, 60.0),  # halfway (40 - 24) / 32; exactly on the middle point
        (41, -1, 0.0, 0.0),  # beyond worst: clamped; before the first point: flat
        (7, 9, 100.0, 100.0),  # beyond best: clamped; after the last point: flat
        (32, 2, 25.0, 30.0),  # (40 - 32) / 32 = 25%; 2 of 4 towards 60 = 30
        (16, 6, 75.0, 80.0),  # (40 - 16) / 32 = 75%; halfway from 60 to 100 = 80
    ],
)
def test_scales_at_and_beyond_their_anchors(x: float, y: float, lin: float, pw: float) -> None:
    ranking = score(
        [_vendor("V", f"extra: {{x: {x}, y: {y}}}\n")], criteria_from_text(ANCHORS, "a.yaml")
    )
    (v,) = ranking.vendors
    assert v.scores["lin"] == pytest.approx(lin, abs=1e-12)
    assert v.scores["pw"] == pytest.approx(pw, abs=1e-12)
    assert v.total == pytest.approx((lin + pw) / 2, abs=1e-12)
