"""Records: pydantic-core validation into immutable, value-compared objects (records.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

import pytest
from pydantic_core import ValidationError

from vendorscore.model.criteria import CriterionNode, ScaleSpec
from vendorscore.model.records import (
    BOOL,
    COUNT,
    LAX_TEXT,
    NUMBER,
    TEXT,
    Record,
    defaulted,
    dict_of,
    json_schema,
    list_of,
    literal,
    one_of,
    optional,
    pair,
    ref,
    required,
)
from vendorscore.model.vendor import Pricing, VendorProfile


class _Point(Record):
    x: float = required(NUMBER)
    label: str | None = optional(LAX_TEXT, alias="name")


class _Path(Record):
    points: list[_Point] = required(list_of(ref(_Point)))


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


# ---- honest records: annotation and schema must agree (issue 17) -------------------------------


def test_an_annotation_that_is_not_what_the_schema_gives_is_refused_at_class_creation() -> None:
    with pytest.raises(TypeError) as info:

        class _Lying(Record):
            a: int | None = optional(TEXT)

    assert str(info.value) == (
        "_Lying.a is annotated int | None, but its schema gives str | None; "
        "make the annotation say what the schema validates to"
    )


@pytest.mark.parametrize(
    ("source", "annotated"),
    [
        # required fields are never None; optional ones always may be
        ("x: int | None = required(COUNT)", "int | None"),
        ("x: int = optional(COUNT)", "int"),
        # int is not float: a COUNT field holds ints
        ("x: float = required(COUNT)", "float"),
        ("x: Literal['a'] = required(literal(('a', 'b')))", "Literal['a']"),
        ("x: list[int] = required(list_of(TEXT))", "list[int]"),
        ("x: dict[str, int] = required(dict_of(TEXT, NUMBER))", "dict[str, int]"),
        ("x: _Path = required(ref(_Point))", "_Path"),
    ],
)
def test_each_kind_of_disagreement_is_caught(source: str, annotated: str) -> None:
    namespace = dict(globals())
    with pytest.raises(TypeError, match=r"^_Wrong\.x is annotated (.*), but its schema gives"):
        exec(f"class _Wrong(Record):\n    {source}\n", namespace)


def test_agreeing_annotations_of_every_shape_are_accepted() -> None:
    class _Fine(Record):
        a: Literal["a", "b"] = required(literal(("b", "a")))
        b: list[tuple[float, float]] | None = optional(list_of(pair(NUMBER, NUMBER)))
        c: dict[str, _Point] = defaulted(dict_of(TEXT, ref(_Point)), factory=dict)
        d: bool | int | str = required(one_of(BOOL, COUNT, TEXT))
        e: ClassVar[int] = 3  # a class variable, not a field

    assert _Fine.model_validate({"a": "a", "d": 7}).d == 7
    assert list(_Fine.__record_fields__) == ["a", "b", "c", "d"]


def test_a_self_referencing_schema_is_checked_when_first_built() -> None:
    class _Tree(Record):
        children: list[int] | None = optional(lambda: list_of(ref(_Tree)))

    with pytest.raises(TypeError, match=r"_Tree\.children is annotated list\[int\] \| None"):
        _Tree.model_validate({})


def test_a_schema_without_an_annotation_is_refused() -> None:
    with pytest.raises(TypeError, match=r"_Bare\.x: a field needs a type annotation"):

        class _Bare(Record):
            x = required(COUNT)


def test_a_field_description_reaches_the_json_schema() -> None:
    class _Described(Record):
        seats: int | None = optional(COUNT, description="Agent seats at the site.")
        start: _Point = required(ref(_Point), description="Where it starts.")
        label: str = defaulted(TEXT, default="x", description="Shown in tables.")
        plain: str | None = optional(TEXT)

    schema = json_schema(_Described, "described")
    properties = schema["properties"]
    assert properties["seats"]["description"] == "Agent seats at the site."
    assert properties["start"]["description"] == "Where it starts."
    assert properties["label"]["description"] == "Shown in tables."
    assert "description" not in properties["plain"]
    # The nested record's own definition is not touched by the field's description.
    assert "description" not in schema["$defs"]["_Point"]


def test_mypy_sees_an_annotation_that_disagrees_with_its_schema(tmp_path) -> None:
    api = pytest.importorskip("mypy.api")
    snippet = tmp_path / "snippet.py"
    snippet.write_text(
        "from vendorscore.model.records import COUNT, TEXT, Record, optional, required\n"
        "class Bad(Record):\n"
        "    a: int | None = optional(TEXT)\n"
        "    b: int = required(COUNT)\n"
        "    c: str = optional(TEXT)\n",
        encoding="utf-8",
    )
    out, _, status = api.run(
        ["--strict", "--no-incremental", f"--cache-dir={tmp_path / 'cache'}", str(snippet)]
    )
    assert status == 1
    assert [line.split(": error: ")[0] for line in out.splitlines() if ": error: " in line] == [
        f"{snippet}:3",
        f"{snippet}:5",
    ]
    assert 'expression has type "str | None", variable has type "int | None"' in out


def test_a_reloaded_module_defines_its_records_again(tmp_path, monkeypatch) -> None:
    # Notebooks reload modules: the new classes, under the same names, must check against
    # each other, not against the classes of the first import.
    import importlib

    (tmp_path / "reloaded_records_17.py").write_text(
        "from __future__ import annotations\n"
        "from vendorscore.model.records import COUNT, Record, optional, ref\n"
        "class Inner(Record):\n"
        "    n: int | None = optional(COUNT)\n"
        "class Outer(Record):\n"
        "    inner: Inner | None = optional(ref(Inner))\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    first = importlib.import_module("reloaded_records_17")
    old_inner = first.Inner
    again = importlib.reload(first)
    assert again.Inner is not old_inner
    assert again.Outer.model_validate({"inner": {"n": 1}}).inner == again.Inner(n=1)
