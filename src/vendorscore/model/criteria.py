"""A criteria set: the weighted tree of scored criteria, knock-out requirements, money settings.

Validated like vendor profiles (pydantic-core schemas, unknown keys refused); see records.py.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Literal

from pydantic_core import core_schema as cs

from vendorscore.model.records import (
    ANCHOR,
    BOOL,
    IDENTIFIER,
    INTEGER,
    MAX_EXCHANGE_RATE,
    MIN_EXCHANGE_RATE,
    NUMBER,
    STRICT_TEXT,
    TEXT,
    UTILITY,
    WEIGHT,
    Locations,
    Record,
    after,
    defaulted,
    literal,
    number,
    optional,
    ref,
    required,
    text,
)
from vendorscore.model.vendor import CURRENCY

__all__ = [
    "Criteria",
    "CriteriaSpec",
    "CriterionNode",
    "MissingPolicy",
    "Requirement",
    "ScaleSpec",
]
MissingPolicy = Literal["worst", "neutral", "exclude"]


class LinearScale(Record):
    worst: float = required(ANCHOR)
    best: float = required(ANCHOR)

    def _check(self) -> None:
        if self.worst == self.best:
            raise ValueError("linear scale needs worst and best to differ")


def _piecewise(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    if len(points) < 2:
        raise ValueError("piecewise scale needs at least two [x, utility] points")
    xs = [x for x, _ in points]
    if any(b <= a for a, b in itertools.pairwise(xs)):
        raise ValueError("piecewise points must be sorted by x with no repeated x")
    return points


def _distinct_items(items: list[str]) -> list[str]:
    if len(set(items)) != len(items):
        dupes = sorted({i for i in items if items.count(i) > 1})
        raise ValueError(f"items must be distinct; repeated: {', '.join(dupes)}")
    return items


def _distinct_texts(min_length: int) -> cs.CoreSchema:
    return after(_distinct_items, cs.list_schema(STRICT_TEXT, min_length=min_length))


class ScaleSpec(Record):
    """A value function: exactly one of its keys is given."""

    linear: LinearScale | None = optional(ref(LinearScale))
    piecewise: list[tuple[float, float]] | None = optional(
        after(_piecewise, cs.list_schema(cs.tuple_schema([ANCHOR, UTILITY])))
    )
    ordinal: list[str] | None = optional(_distinct_texts(2))
    map: dict[str, float] | None = optional(cs.dict_schema(cs.str_schema(), UTILITY, min_length=1))
    boolean: dict[bool, float] | None = optional(cs.dict_schema(cs.bool_schema(), UTILITY))
    coverage: list[str] | None = optional(_distinct_texts(1))

    def _check(self) -> None:
        kinds = type(self).__record_fields__
        given = [k for k in kinds if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"a scale needs exactly one of: {', '.join(kinds)} (got {len(given)})")
        if self.boolean is not None and set(self.boolean) != {True, False}:
            raise ValueError("boolean scale needs both `true` and `false` utilities")

    @property
    def kind(self) -> str:
        """The scale's kind: linear, piecewise, ordinal, map, boolean or coverage."""
        return next(k for k in type(self).__record_fields__ if getattr(self, k) is not None)


Scalar = bool | int | float | str
_SCALAR = cs.union_schema([BOOL, INTEGER, NUMBER, cs.str_schema()])


class Requirement(Record):
    """A knock-out: a vendor failing it is not ranked."""

    field: str = required(cs.str_schema(strict=True, min_length=1))
    min: float | None = optional(NUMBER)
    max: float | None = optional(NUMBER)
    includes: list[str] | None = optional(cs.list_schema(STRICT_TEXT))
    # An empty `in` would knock out every vendor.
    in_: list[Scalar] | None = optional(cs.list_schema(_SCALAR, min_length=1), alias="in")
    equals: Scalar | None = optional(_SCALAR)
    why: str | None = optional(TEXT)

    def _check(self) -> None:
        if all(getattr(self, k) is None for k in ("min", "max", "includes", "in_", "equals")):
            raise ValueError("a requirement needs one of: min, max, includes, in, equals")


class CriterionNode(Record):
    """A criteria-tree node: a group (with `criteria`) or a leaf (with `field` and `scale`)."""

    id: str = required(IDENTIFIER)
    weight: float = required(WEIGHT)
    label: str | None = optional(TEXT)
    description: str | None = optional(text(2000))
    field: str | None = optional(cs.str_schema(strict=True, min_length=1))
    scale: ScaleSpec | None = optional(ref(ScaleSpec))
    missing: MissingPolicy | None = optional(literal(MissingPolicy))
    criteria: list[CriterionNode] | None = optional(
        lambda: cs.list_schema(ref(CriterionNode), min_length=1)
    )

    def _check(self) -> None:
        if self.criteria is not None:
            if self.field is not None or self.scale is not None:
                raise ValueError("a group (with `criteria`) takes no `field` or `scale`")
        elif self.field is None or self.scale is None:
            raise ValueError(
                "a leaf criterion needs both `field` and `scale` (or `criteria` for a group)"
            )


class CriteriaSpec(Record):
    """A criteria file: the weighted tree, knock-out requirements and money settings."""

    name: str = required(TEXT)
    description: str | None = optional(text(5000))
    currency: str = defaulted(CURRENCY, default="USD")
    exchange_rates: dict[str, float] = defaulted(
        cs.dict_schema(CURRENCY, number(ge=MIN_EXCHANGE_RATE, le=MAX_EXCHANGE_RATE)),
        factory=dict,
    )
    missing: MissingPolicy = defaulted(literal(MissingPolicy), default="worst")
    requirements: list[Requirement] = defaulted(cs.list_schema(ref(Requirement)), factory=list)
    criteria: list[CriterionNode] = required(cs.list_schema(ref(CriterionNode), min_length=1))


@dataclass(frozen=True)
class Criteria:
    """A validated criteria set with where it came from."""

    spec: CriteriaSpec
    file: str
    sha256: str = ""
    locations: Locations = field(default_factory=dict)
    key_locations: Locations = field(default_factory=dict)
