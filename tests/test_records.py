"""Records: pydantic-core validation into immutable, value-compared objects (records.py)."""

from __future__ import annotations

import pytest
from pydantic_core import ValidationError
from pydantic_core import core_schema as cs

from vendorscore.model.criteria import CriterionNode, ScaleSpec
from vendorscore.model.records import Record, optional, ref, required
from vendorscore.model.vendor import Pricing, VendorProfile


class _Point(Record):
    x: float = required(cs.float_schema(strict=True))
    label: str | None = optional(cs.str_schema(), alias="name")


class _Path(Record):
    points: list[_Point] = required(cs.list_schema(ref(_Point)))


def test_validates_nested_records_with_defaults_and_aliases() -> None:
    path = _Path.model_validate({"points": [{"x": 1}, {"x": 2.5, "name": " b "}]})
    assert [(p.x, p.label) for p in path.points] == [(1.0, None), (2.5, "b")]  # stripped
    assert isinstance(path.points[0], _Point)


def test_every_problem_is_reported_with_pydantic_error_types() -> None:
    with pytest.raises(ValidationError) as info:
        _Path.model_validate({"points": [{"x": True}, {"y": 1}]})
    found = {(e["type"], e["loc"]) for e in info.value.errors()}
    assert found == {
        ("float_type", ("points", 0, "x")),
        ("missing", ("points", 1, "x")),
        ("extra_forbidden", ("points", 1, "y")),
    }


def test_records_are_immutable_and_compared_by_value() -> None:
    a = _Point.model_validate({"x": 1})
    with pytest.raises(AttributeError, match="immutable"):
        a.x = 2  # type: ignore[misc]
    assert a == _Point(x=1.0)
    assert hash(a) == hash(_Point(x=1))
    assert a != _Point(x=2)
    assert repr(a) == "_Point(x=1.0)"


def test_model_copy_replaces_fields_without_touching_the_original() -> None:
    a = _Point(x=1, name="a")
    b = a.model_copy(update={"x": 3.0})
    assert (a.x, b.x, b.label) == (1.0, 3.0, "a")


def test_keyword_construction_validates() -> None:
    with pytest.raises(ValidationError):
        _Point(x="one")


def test_a_field_without_a_schema_is_refused_when_the_class_is_defined() -> None:
    with pytest.raises(TypeError, match="needs a schema"):

        class _Broken(Record):
            x: float


def test_cross_field_checks_run_after_the_fields() -> None:
    with pytest.raises(ValidationError, match=r"pricing\.currency is required"):
        Pricing.model_validate({"rate": 10})
    with pytest.raises(ValidationError, match="exactly one of"):
        ScaleSpec.model_validate({})
    assert ScaleSpec.model_validate({"ordinal": ["a", "b"]}).kind == "ordinal"


def test_recursive_records_validate_to_any_depth() -> None:
    leaf = {
        "id": "c",
        "weight": 1,
        "field": "pricing.rate",
        "scale": {"linear": {"worst": 1, "best": 0}},
    }
    node = CriterionNode.model_validate(
        {"id": "a", "weight": 1, "criteria": [{"id": "b", "weight": 1, "criteria": [leaf]}]}
    )
    assert node.criteria is not None and node.criteria[0].criteria is not None
    assert node.criteria[0].criteria[0].scale == ScaleSpec(linear={"worst": 1, "best": 0})


def test_yaml_1_2_booleans_stay_text_where_text_is_expected() -> None:
    with pytest.raises(ValidationError) as info:
        VendorProfile.model_validate({"name": True, "delivery_model": "onshore"})
    assert info.value.errors()[0]["type"] == "string_type"
