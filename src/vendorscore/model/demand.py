"""The buyer's demand profile: call volumes by interval and the service targets to staff for."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

from vendorscore.model.records import (
    FRACTION,
    NON_NEGATIVE,
    POSITIVE,
    TEXT,
    Locations,
    Record,
    defaulted,
    list_of,
    literal,
    number,
    optional,
    ref,
    required,
)

__all__ = ["Demand", "DemandInterval", "DemandProfile", "ServiceLevelTarget", "SlDefinitionName"]

# The service-level definitions erlang.py implements (kept in step by a test).
SlDefinitionName = Literal[
    "answered_of_offered",
    "answered_of_answered",
    "answered_excl_short_abandons",
    "short_abandons_as_met",
    "virtual_wait",
]
QueueModel = Literal["erlang_c", "erlang_a", "erlang_x"]
_SL_DEFINITIONS: tuple[SlDefinitionName, ...] = get_args(SlDefinitionName)
_QUEUE_MODELS: tuple[QueueModel, ...] = get_args(QueueModel)
_SECONDS_IN_A_DAY = number(gt=0, le=86400)


class ServiceLevelTarget(Record):
    target: float = required(number(gt=0, lt=1))
    threshold_seconds: float = required(POSITIVE)
    definition: SlDefinitionName = defaulted(
        literal(_SL_DEFINITIONS), default="answered_of_offered"
    )


class DemandInterval(Record):
    label: str = required(TEXT)
    calls_per_hour: float = required(NON_NEGATIVE)
    hours_per_week: float = required(number(gt=0, le=168))


class DemandProfile(Record):
    """The buyer's forecast and service targets: what every vendor is staffed and priced for."""

    name: str = required(TEXT)
    aht_seconds: float = required(_SECONDS_IN_A_DAY)
    patience_seconds: float | None = optional(_SECONDS_IN_A_DAY)
    redial_probability: float = defaulted(number(ge=0, lt=1), default=0.0)
    model: QueueModel = defaulted(literal(_QUEUE_MODELS), default="erlang_a")
    service_level: ServiceLevelTarget = required(ref(ServiceLevelTarget))
    max_abandon_rate: float | None = optional(FRACTION)
    max_blocking: float | None = optional(FRACTION)
    max_occupancy: float | None = optional(number(gt=0, le=1))
    # Used when a vendor profile leaves the figure out (and said so in the plan's notes).
    default_shrinkage: float = defaulted(number(ge=0, lt=1), default=0.30)
    fte_hours_per_week: float = defaulted(number(gt=0, le=168), default=40.0)
    weeks_per_month: float = defaulted(number(gt=0, le=5), default=52 / 12)
    intervals: list[DemandInterval] = required(
        list_of(ref(DemandInterval), min_length=1, max_length=2000)
    )

    def _check(self) -> None:
        if self.model in ("erlang_a", "erlang_x") and self.patience_seconds is None:
            raise ValueError(f"model {self.model} needs patience_seconds (mean caller patience)")
        if self.model == "erlang_c" and self.redial_probability:
            raise ValueError("erlang_c loses no calls, so redial_probability must be 0")
        hours = sum(i.hours_per_week for i in self.intervals)
        if hours > 168 + 1e-9:
            raise ValueError(f"the intervals cover {hours:g} hours a week; a week has 168")


@dataclass(frozen=True)
class Demand:
    """A validated demand profile with where it came from."""

    spec: DemandProfile
    file: str
    sha256: str = ""
    locations: Locations = field(default_factory=dict)
