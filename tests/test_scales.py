"""Every scale kind, with utilities computed by hand from the definitions in issue 2."""

from __future__ import annotations

from typing import get_args

import pytest

from vendorscore.model.criteria import ScaleSpec
from vendorscore.model.scales import SCALE_KINDS
from vendorscore.model.schema import json_schema
from vendorscore.scoring.fields import Kind, field_kind
from vendorscore.scoring.scales import ScaleValueError, check_scale_fits, describe_scale, utility


def scale(**kind: object) -> ScaleSpec:
    return ScaleSpec.model_validate(kind)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(40, 0.0), (8, 100.0), (24, 50.0), (12.5, 85.9375), (100, 0.0), (0, 100.0)],
)
def test_linear_scale_where_lower_is_better_clamps_outside_worst_and_best(value, expected):
    # (x - worst) / (best - worst) x 100 with worst 40, best 8: 12.5 -> 27.5/32 x 100 = 85.9375
    assert utility(scale(linear={"worst": 40, "best": 8}), value) == pytest.approx(expected)


def test_linear_scale_where_higher_is_better():
    assert utility(scale(linear={"worst": 0, "best": 100}), 40) == pytest.approx(40.0)


@pytest.mark.parametrize(
    ("x", "expected"),
    [
        (0.5, 100.0),
        (1, 100.0),
        (2.5, 90.0),
        (4, 80.0),
        (14, 50.0),
        (48, 10.0),
        (72, 0.0),
        (99, 0.0),
    ],
)
def test_piecewise_scale_interpolates_between_points_and_is_flat_outside(x, expected):
    # Points (1,100) (4,80) (24,20) (72,0): 2.5 is halfway 1->4: 90; 14 is halfway 4->24: 50;
    # 48 is halfway 24->72: 10.
    s = scale(piecewise=[[1, 100], [4, 80], [24, 20], [72, 0]])
    assert utility(s, x) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("conversational", 0.0),
        ("fluent", 25.0),
        ("bilingual", 50.0),
        ("near_native", 75.0),
        ("native", 100.0),
    ],
)
def test_ordinal_scale_spaces_levels_evenly(level, expected):
    s = scale(ordinal=["conversational", "fluent", "bilingual", "near_native", "native"])
    assert utility(s, level) == expected


def test_map_scale_returns_the_mapped_utility():
    s = scale(map={"onshore": 100, "nearshore": 80, "offshore": 50})
    assert utility(s, "nearshore") == 80.0


def test_map_scale_refuses_an_unmapped_value_and_lists_the_mapped_ones():
    s = scale(map={"onshore": 100, "nearshore": 80})
    with pytest.raises(
        ScaleValueError,
        match=r"'hosted' has no utility in the map; mapped values: onshore, nearshore",
    ):
        utility(s, "hosted")


def test_boolean_scale_uses_the_given_utilities():
    s = ScaleSpec.model_validate({"boolean": {True: 0, False: 100}})
    assert (utility(s, True), utility(s, False)) == (0.0, 100.0)


def test_boolean_scale_refuses_a_number():
    s = ScaleSpec.model_validate({"boolean": {True: 100, False: 0}})
    with pytest.raises(ScaleValueError):
        utility(s, 1)


def test_coverage_scale_is_the_share_of_listed_items_present():
    s = scale(coverage=["pci_dss", "soc2_type2", "iso27001", "hipaa_baa"])
    # 2 of 4 listed present (copc is not listed) -> 50
    assert utility(s, ["iso27001", "pci_dss", "copc"]) == 50.0


def test_linear_scale_refuses_text():
    with pytest.raises(ScaleValueError, match="'twelve' is not a number"):
        utility(scale(linear={"worst": 0, "best": 1}), "twelve")


def test_booleans_are_not_numbers_for_a_linear_scale():
    with pytest.raises(ScaleValueError):
        utility(scale(linear={"worst": 0, "best": 1}), True)


def test_scale_descriptions_are_readable():
    assert describe_scale(scale(linear={"worst": 40, "best": 8})) == "linear 40 (worst) -> 8 (best)"
    assert describe_scale(scale(coverage=["a", "b"])) == "coverage of a, b"


def test_a_linear_scale_does_not_fit_a_category_field():
    reasons = check_scale_fits(scale(linear={"worst": 0, "best": 1}), field_kind("delivery_model"))
    assert reasons == ["a linear scale cannot score a category field"]


def test_an_ordinal_level_that_can_never_occur_is_reported():
    s = scale(ordinal=["fluent", "natve"])
    (reason,) = check_scale_fits(s, field_kind("languages.en-US.proficiency"))
    assert reason.startswith("'natve' can never occur in this field")


def test_each_scale_kind_is_one_class_and_the_scale_mapping_follows_the_registry():
    # Adding a kind is one class in model/scales.py: the `scale:` keys, the JSON Schema and the
    # fit check all come from SCALE_KINDS.
    assert list(ScaleSpec.__record_fields__) == list(SCALE_KINDS)
    properties = json_schema("criteria")["$defs"]["ScaleSpec"]["properties"]
    assert list(properties) == list(SCALE_KINDS)
    for key, kind in SCALE_KINDS.items():
        assert kind.key == key
        assert set(kind.fits) <= set(get_args(Kind)) - {"any"}
