"""A criteria set: the weighted tree of scored criteria, knock-out requirements, money settings.

Validated like vendor profiles (pydantic-core schemas, unknown keys refused); see records.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args

from vendorscore.model.codes import CURRENCY
from vendorscore.model.limits import (
    MAX_CONTRACT_MONTHS,
    MAX_PAID_HOURS_PER_FTE_MONTH,
    MAX_RUBRIC_LEVEL,
    MAX_RUBRIC_LEVELS,
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
    before,
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

__all__ = [
    "COMBINE_RULES",
    "Combine",
    "Criteria",
    "CriteriaSpec",
    "CriterionNode",
    "GivenRate",
    "MissingPolicy",
    "Reference",
    "Requirement",
    "Rubric",
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


# A panel's rubric lives here, not in model/ratings.py, so that `rank` without ratings loads
# no module it did not load before.
Combine = Literal["median", "mean", "trimmed_mean"]
COMBINE_RULES: tuple[Combine, ...] = get_args(Combine)


def _keys_as_text(value: object) -> object:
    if isinstance(value, dict):
        return {
            str(k) if isinstance(k, int) and not isinstance(k, bool) else k: v
            for k, v in value.items()
        }
    return value


class Rubric(Record):
    """How a panel rates one criterion: anchored levels, who may rate, how ratings combine."""

    levels: dict[str, str] = required(
        # Keys read from YAML are text as written; plain data may give numbers (1: "poor").
        before(_keys_as_text, dict_of(LAX_TEXT, text(500, min_length=1), min_length=2)),
        description=(
            "The rubric's levels, consecutive whole numbers, each with what it means in words "
            '(e.g. {1: "no evidence", 3: "meets our standard", 5: "best seen"}); the lowest '
            "scores 0, the highest 100, evenly between."
        ),
    )
    roles: list[str] | None = optional(
        list_of(IDENTIFIER, min_length=1),
        description="The evaluator roles allowed to rate it (e.g. [operations, quality]); "
        "left out, any role may.",
    )
    combine: Combine = defaulted(
        literal(COMBINE_RULES),
        default="median",
        description="How the panel's ratings of one vendor combine: median (default), mean, "
        "or trimmed_mean (the mean after cutting `trim` of the ratings from each end).",
    )
    trim: float = defaulted(
        number(ge=0, lt=0.5),
        default=0.2,
        description="For trimmed_mean: the share of ratings cut from each end, 0 to under 0.5 "
        "(e.g. 0.2 cuts one of five from each end).",
    )
    disagreement: int | None = optional(
        integer(ge=1, le=MAX_RUBRIC_LEVELS),
        description="Flag a vendor when its ratings span at least this many levels (e.g. 2 on "
        "a 1-5 rubric); left out, half the rubric's span, rounded down.",
    )

    def _check(self) -> None:
        values: list[int] = []
        for key in self.levels:
            try:
                values.append(int(key))
            except ValueError:
                raise ValueError(
                    f"rubric level '{key}' is not a whole number; write levels as 1, 2, 3..."
                ) from None
        values.sort()
        if len(values) > MAX_RUBRIC_LEVELS:
            raise ValueError(f"a rubric has at most {MAX_RUBRIC_LEVELS} levels")
        if values[0] < -MAX_RUBRIC_LEVEL or values[-1] > MAX_RUBRIC_LEVEL:
            raise ValueError(
                f"rubric levels lie between -{MAX_RUBRIC_LEVEL} and {MAX_RUBRIC_LEVEL}"
            )
        if values != list(range(values[0], values[0] + len(values))):
            raise ValueError("rubric levels must be consecutive whole numbers (e.g. 1 to 5)")

    @property
    def scale(self) -> tuple[int, ...]:
        """The levels in order, lowest first."""
        return tuple(sorted(int(k) for k in self.levels))

    @property
    def low(self) -> int:
        """The lowest level (utility 0)."""
        return min(int(k) for k in self.levels)

    @property
    def high(self) -> int:
        """The highest level (utility 100)."""
        return max(int(k) for k in self.levels)

    @property
    def disagreement_levels(self) -> int:
        """The range of ratings, in levels, that flags a disagreement."""
        if self.disagreement is not None:
            return self.disagreement
        return max(1, (self.high - self.low) // 2)

    def anchor(self, level: int) -> str:
        """What a level means, in the rubric's words."""
        return next(v for k, v in self.levels.items() if int(k) == level)

    def describe(self) -> str:
        """One line for people, e.g. `rated 1-5 by operations, quality (median)`."""
        who = f" by {', '.join(self.roles)}" if self.roles else ""
        rule: str = self.combine
        if self.combine == "trimmed_mean":
            rule = f"mean after cutting {self.trim:.0%} at each end"
        return f"rated {self.low}-{self.high}{who} ({rule})"


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
