"""The buyer's demand profile: call volumes by interval and the service targets to staff for."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

from vendorscore.model.hours import TIMEZONE, OpenHours, window_minutes
from vendorscore.model.limits import MAX_CONTRACT_MONTHS
from vendorscore.model.records import (
    MAX_CALLS_PER_HOUR,
    MAX_REDIAL_PROBABILITY,
    MAX_THRESHOLD_SECONDS,
    MIN_CALLS_PER_HOUR,
    MIN_HOURS_PER_WEEK,
    OCCUPANCY_CAP,
    PATIENCE_SECONDS,
    SECONDS,
    SHRINKAGE,
    TEXT,
    Locations,
    Record,
    after,
    defaulted,
    integer,
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


def _traffic(calls_per_hour: float) -> float:
    if 0 < calls_per_hour < MIN_CALLS_PER_HOUR:
        raise ValueError(
            f"{calls_per_hour:g} calls an hour is less than one call in 1,000 hours; write 0"
        )
    return calls_per_hour


class ServiceLevelTarget(Record):
    target: float = required(number(gt=0, lt=1))
    threshold_seconds: float = required(number(gt=0, le=MAX_THRESHOLD_SECONDS))
    definition: SlDefinitionName = defaulted(
        literal(_SL_DEFINITIONS), default="answered_of_offered"
    )
    short_abandon_seconds: float = defaulted(
        number(ge=0, le=MAX_THRESHOLD_SECONDS),
        default=5.0,
        description="Seconds within which a hang-up counts as a short abandon, for the "
        "definitions answered_excl_short_abandons and short_abandons_as_met, e.g. 5 "
        "(industry practice 5-10 s); at most threshold_seconds.",
    )

    def _check(self) -> None:
        if self.short_abandon_seconds > self.threshold_seconds:
            raise ValueError(
                f"short_abandon_seconds ({self.short_abandon_seconds:g}) is longer than "
                f"threshold_seconds ({self.threshold_seconds:g}); short abandons are the "
                "first few seconds"
            )


class DemandInterval(Record):
    label: str = required(TEXT)
    calls_per_hour: float = required(after(_traffic, number(ge=0, le=MAX_CALLS_PER_HOUR)))
    hours_per_week: float = required(number(ge=MIN_HOURS_PER_WEEK, le=168))
    when: list[OpenHours] | None = optional(
        list_of(ref(OpenHours), min_length=1, max_length=50),
        description="The interval's real times in the demand's time zone, e.g. "
        "[{days: [mon, tue, wed, thu, fri], from: '08:00', to: '18:00'}]; together they "
        "must last hours_per_week. Needed for the night and daytime shares.",
    )

    def _check(self) -> None:
        if self.when is None:
            return
        minutes = sum(len(set(w.days)) * window_minutes(w.from_, w.to) for w in self.when)
        if abs(minutes / 60 - self.hours_per_week) > 1e-6:
            raise ValueError(
                f"its times ('when') last {minutes / 60:g} hours a week, but hours_per_week "
                f"is {self.hours_per_week:g}"
            )


class DemandProfile(Record):
    """The buyer's forecast and service targets: what every vendor is staffed and priced for."""

    name: str = required(TEXT)
    aht_seconds: float = required(SECONDS)
    patience_seconds: float | None = optional(PATIENCE_SECONDS)
    redial_probability: float = defaulted(number(ge=0, le=MAX_REDIAL_PROBABILITY), default=0.0)
    model: QueueModel = defaulted(literal(_QUEUE_MODELS), default="erlang_a")
    service_level: ServiceLevelTarget = required(ref(ServiceLevelTarget))
    # A cap of 0 can never be met (callers with any patience abandon, a finite trunk blocks).
    max_abandon_rate: float | None = optional(number(gt=0, le=1))
    max_blocking: float | None = optional(number(gt=0, le=1))
    max_occupancy: float | None = optional(OCCUPANCY_CAP)
    # Used when a vendor profile leaves the figure out (and said so in the plan's notes).
    default_shrinkage: float = defaulted(SHRINKAGE, default=0.30)
    fte_hours_per_week: float = defaulted(number(ge=1, le=168), default=40.0)
    weeks_per_month: float = defaulted(number(ge=4, le=5), default=52 / 12)
    schedule_efficiency: float = defaulted(
        number(gt=0.5, le=1),
        default=1.0,
        description="Interval agent hours over rostered agent hours: shifts cannot follow "
        "the calls exactly, so rostered FTE = heads' hours / schedule_efficiency; e.g. 0.85 "
        "(1: perfectly flexible schedules). Applies to per-hour and per-FTE pricing.",
    )
    timezone: str | None = optional(
        TIMEZONE,
        description="The buyer's IANA time zone, in which the intervals' times ('when') are "
        "given, e.g. America/Chicago.",
    )
    contract_months: int | None = optional(
        integer(ge=1, le=MAX_CONTRACT_MONTHS),
        description="How long the buyer means to contract for: derived.contract_cost is priced "
        "over it (months, e.g. 24).",
    )
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
        timed = sum(1 for i in self.intervals if i.when)
        if timed and self.timezone is None:
            raise ValueError("intervals give times ('when'): give the demand's timezone too")
        if 0 < timed < len(self.intervals):
            raise ValueError(
                f"{timed} of {len(self.intervals)} intervals give times ('when'): give them "
                "for every interval or for none"
            )


@dataclass(frozen=True)
class Demand:
    """A validated demand profile with where it came from."""

    spec: DemandProfile
    file: str
    sha256: str = ""
    locations: Locations = field(default_factory=dict)
