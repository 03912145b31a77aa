"""A criteria set: the weighted tree of scored criteria, knock-out requirements, money settings.

Validated like vendor profiles (pydantic-core schemas, unknown keys refused); see records.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args

from vendorscore.model.limits import (
    MAX_CONTRACT_MONTHS,
    MAX_PAID_HOURS_PER_FTE_MONTH,
    MIN_PAID_HOURS_PER_FTE_MONTH,
)
from vendorscore.model.records import (
    BOOL,
    DATE,
    IDENTIFIER,
    INTEGER,
    LAX_TEXT,
    MAX_EXCHANGE_RATE,
    MIN_EXCHANGE_RATE,
    NUMBER,
    OCCUPANCY_CAP,
    SECONDS,
    SHRINKAGE,
    STRICT_TEXT,
    TEXT,
    WEIGHT,
    Locations,
    Record,
    defaulted,
    dict_of,
    integer,
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
    "GivenRate",
    "MissingPolicy",
    "Reference",
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
    """A criteria-tree node: a group (with `criteria`) or a leaf (with `field` and `scale`)."""

    id: str = required(IDENTIFIER)
    weight: float = required(WEIGHT)
    label: str | None = optional(TEXT)
    description: str | None = optional(text(2000))
    field: str | None = optional(text(min_length=1))
    scale: ScaleSpec | None = optional(ref(ScaleSpec))
    missing: MissingPolicy | None = optional(literal(_MISSING_POLICIES))
    criteria: list[CriterionNode] | None = optional(
        lambda: list_of(ref(CriterionNode), min_length=1)
    )

    def _check(self) -> None:
        if self.criteria is not None:
            if self.field is not None or self.scale is not None:
                raise ValueError("a group (with `criteria`) takes no `field` or `scale`")
        elif self.field is None or self.scale is None:
            raise ValueError(
                "a leaf criterion needs both `field` and `scale` (or `criteria` for a group)"
            )


class Reference(Record):
    """The buyer's reference figures that put every pricing model on one cost per contact."""

    aht_seconds: float = required(
        SECONDS,
        description="The buyer's handle time for one contact: talk, hold and wrap-up (seconds, "
        "e.g. 360); each vendor's workforce.aht_factor scales it.",
    )
    occupancy: float = required(
        OCCUPANCY_CAP,
        description="Share of a productive hour agents spend handling contacts (fraction, e.g. "
        "0.85); a vendor's lower workforce.max_occupancy takes its place.",
    )
    shrinkage: float = required(
        SHRINKAGE,
        description="Share of paid time off the phones, used for a vendor that gives no "
        "workforce.shrinkage (fraction, e.g. 0.30).",
    )
    paid_hours_per_fte_month: float = required(
        number(ge=MIN_PAID_HOURS_PER_FTE_MONTH, le=MAX_PAID_HOURS_PER_FTE_MONTH),
        description="Paid hours in one full-time agent month (hours per month, e.g. 173.3: "
        "40 h x 52 weeks / 12).",
    )


class CriteriaSpec(Record):
    """A criteria file: the weighted tree, knock-out requirements and money settings."""

    name: str = required(TEXT)
    description: str | None = optional(text(5000))
    currency: str = defaulted(CURRENCY, default="USD")
    exchange_rates: dict[str, float] = defaulted(
        dict_of(CURRENCY, number(ge=MIN_EXCHANGE_RATE, le=MAX_EXCHANGE_RATE)),
        factory=dict,
        description="Units of the base currency per unit of each vendor currency (e.g. "
        "{EUR: 1.08} with currency USD: 1 EUR = 1.08 USD).",
    )
    exchange_rates_as_of: dt.date | None = optional(
        DATE,
        description="The date the exchange rates were taken (YYYY-MM-DD, e.g. 2026-01-15), "
        "shown with every converted figure.",
    )
    reference: Reference | None = optional(
        ref(Reference),
        description="The buyer's reference handle time, occupancy, shrinkage and hours per FTE "
        "month that put every pricing model on one cost per contact (derived.cost_per_contact) "
        "without a demand profile.",
    )
    contract_months: int | None = optional(
        integer(ge=1, le=MAX_CONTRACT_MONTHS),
        description="Contract length to price derived.contract_cost over, when the demand "
        "profile gives none (months, e.g. 36).",
    )
    missing: MissingPolicy = defaulted(literal(_MISSING_POLICIES), default="worst")
    requirements: list[Requirement] = defaulted(list_of(ref(Requirement)), factory=list)
    criteria: list[CriterionNode] = required(list_of(ref(CriterionNode), min_length=1))


# An exchange rate given with a run instead of in the file: base units per unit, and its date.
GivenRate = tuple[float, dt.date | None]


@dataclass(frozen=True)
class Criteria:
    """A validated criteria set with where it came from."""

    spec: CriteriaSpec
    file: str
    sha256: str = ""
    locations: Locations = field(default_factory=dict)
    key_locations: Locations = field(default_factory=dict)
    bundled: str | None = None  # the bundled set's name when the file is one of them
    # Exchange rates given for this run (vendorscore.rank(rates=...), `--rate`); they take the
    # place of the file's rate for the same currency.
    given_rates: Mapping[str, GivenRate] = field(default_factory=dict)
