"""A criteria set: the weighted tree of scored criteria, knock-out requirements, money settings.

Validated like vendor profiles (pydantic-core schemas, unknown keys refused); see records.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

from vendorscore.model.ratings import Rubric
from vendorscore.model.records import (
    BOOL,
    IDENTIFIER,
    INTEGER,
    LAX_TEXT,
    MAX_EXCHANGE_RATE,
    MIN_EXCHANGE_RATE,
    NUMBER,
    STRICT_TEXT,
    TEXT,
    WEIGHT,
    Locations,
    Record,
    defaulted,
    dict_of,
    list_of,
    literal,
    number,
    one_of,
    optional,
    ref,
    required,
    text,
)
from vendorscore.model.scales import ScaleSpec
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
_MISSING_POLICIES: tuple[MissingPolicy, ...] = get_args(MissingPolicy)


Scalar = bool | int | float | str
_SCALAR = one_of(BOOL, INTEGER, NUMBER, LAX_TEXT)


class Requirement(Record):
    """A knock-out: a vendor failing it is not ranked."""

    field: str = required(text(min_length=1))
    min: float | None = optional(NUMBER)
    max: float | None = optional(NUMBER)
    includes: list[str] | None = optional(list_of(STRICT_TEXT))
    # An empty `in` would knock out every vendor.
    in_: list[Scalar] | None = optional(list_of(_SCALAR, min_length=1), alias="in")
    equals: Scalar | None = optional(_SCALAR)
    why: str | None = optional(TEXT)

    def _check(self) -> None:
        if all(getattr(self, k) is None for k in ("min", "max", "includes", "in_", "equals")):
            raise ValueError("a requirement needs one of: min, max, includes, in, equals")


class CriterionNode(Record):
    """A criteria-tree node: a group (`criteria`) or a leaf (`field` and `scale`, or `rated`)."""

    id: str = required(IDENTIFIER)
    weight: float = required(WEIGHT)
    label: str | None = optional(TEXT)
    description: str | None = optional(text(2000))
    field: str | None = optional(text(min_length=1))
    scale: ScaleSpec | None = optional(ref(ScaleSpec))
    missing: MissingPolicy | None = optional(literal(_MISSING_POLICIES))
    rated: Rubric | None = optional(
        ref(Rubric),
        description="Instead of `field` and `scale`: rated by an evaluation panel on this rubric "
        "(levels, roles, combine), with `vendorscore panel --ratings DIR`.",
    )
    criteria: list[CriterionNode] | None = optional(
        lambda: list_of(ref(CriterionNode), min_length=1)
    )

    def _check(self) -> None:
        if self.criteria is not None:
            if self.field is not None or self.scale is not None or self.rated is not None:
                raise ValueError("a group (with `criteria`) takes no `field`, `scale` or `rated`")
        elif self.rated is not None:
            if self.field is not None or self.scale is not None:
                raise ValueError(
                    "a rated criterion reads no profile field: drop `field` and `scale`, or `rated`"
                )
        elif self.field is None or self.scale is None:
            raise ValueError(
                "a leaf criterion needs both `field` and `scale` (or `rated` for a panel's "
                "rubric, or `criteria` for a group)"
            )


class CriteriaSpec(Record):
    """A criteria file: the weighted tree, knock-out requirements and money settings."""

    name: str = required(TEXT)
    description: str | None = optional(text(5000))
    currency: str = defaulted(CURRENCY, default="USD")
    exchange_rates: dict[str, float] = defaulted(
        dict_of(CURRENCY, number(ge=MIN_EXCHANGE_RATE, le=MAX_EXCHANGE_RATE)), factory=dict
    )
    missing: MissingPolicy = defaulted(literal(_MISSING_POLICIES), default="worst")
    requirements: list[Requirement] = defaulted(list_of(ref(Requirement)), factory=list)
    criteria: list[CriterionNode] = required(list_of(ref(CriterionNode), min_length=1))


@dataclass(frozen=True)
class Criteria:
    """A validated criteria set with where it came from."""

    spec: CriteriaSpec
    file: str
    sha256: str = ""
    locations: Locations = field(default_factory=dict)
    key_locations: Locations = field(default_factory=dict)
