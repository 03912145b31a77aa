"""The buyer's demand profile: call volumes by interval and the service targets to staff for."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from vendorscore.models import Fraction, Locations, NonNegative, Positive, Text, _Model

__all__ = ["Demand", "DemandInterval", "DemandProfile", "ServiceLevelTarget", "SlDefinitionName"]

# The service-level definitions erlang.py implements (kept in step by a test).
SlDefinitionName = Literal[
    "answered_of_offered",
    "answered_of_answered",
    "answered_excl_short_abandons",
    "short_abandons_as_met",
    "virtual_wait",
]


class ServiceLevelTarget(_Model):
    target: Annotated[float, Field(strict=True, allow_inf_nan=False, gt=0, lt=1)]
    threshold_seconds: Positive
    definition: SlDefinitionName = "answered_of_offered"


class DemandInterval(_Model):
    label: Text
    calls_per_hour: NonNegative
    hours_per_week: Annotated[float, Field(strict=True, allow_inf_nan=False, gt=0, le=168)]


class DemandProfile(_Model):
    """The buyer's forecast and service targets: what every vendor is staffed and priced for."""

    name: Text
    aht_seconds: Annotated[float, Field(strict=True, allow_inf_nan=False, gt=0, le=86400)]
    patience_seconds: (
        Annotated[float, Field(strict=True, allow_inf_nan=False, gt=0, le=86400)] | None
    ) = None
    redial_probability: Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0, lt=1)] = 0.0
    model: Literal["erlang_c", "erlang_a", "erlang_x"] = "erlang_a"
    service_level: ServiceLevelTarget
    max_abandon_rate: Fraction | None = None
    max_blocking: Fraction | None = None
    max_occupancy: Annotated[float, Field(strict=True, allow_inf_nan=False, gt=0, le=1)] | None = (
        None
    )
    # Used when a vendor profile leaves the figure out (and said so in the plan's notes).
    default_shrinkage: Annotated[float, Field(strict=True, ge=0, lt=1)] = 0.30
    fte_hours_per_week: Annotated[float, Field(strict=True, gt=0, le=168)] = 40.0
    weeks_per_month: Annotated[float, Field(strict=True, gt=0, le=5)] = 52 / 12
    intervals: Annotated[list[DemandInterval], Field(min_length=1, max_length=2000)]

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.model in ("erlang_a", "erlang_x") and self.patience_seconds is None:
            raise ValueError(f"model {self.model} needs patience_seconds (mean caller patience)")
        if self.model == "erlang_c" and self.redial_probability:
            raise ValueError("erlang_c loses no calls, so redial_probability must be 0")
        hours = sum(i.hours_per_week for i in self.intervals)
        if hours > 168 + 1e-9:
            raise ValueError(f"the intervals cover {hours:g} hours a week; a week has 168")
        return self


@dataclass(frozen=True)
class Demand:
    """A validated demand profile with where it came from."""

    spec: DemandProfile
    file: str
    sha256: str = ""
    locations: Locations = field(default_factory=dict)
