"""The staffing part of the output model: every vendor staffed and priced for a demand week.

Kept apart from results.py so that runs without a demand profile do not build these classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["ContractCost", "IntervalPlan", "StaffingPlan", "VendorPlan"]


@dataclass(frozen=True, slots=True)
class IntervalPlan:
    """One demand interval staffed by one vendor, and what it delivers there."""

    label: str
    calls_per_hour: float
    hours_per_week: float
    aht_seconds: float  # the vendor's handle time (buyer baseline x aht_factor)
    offered_load_erlangs: float
    agents: int  # on the phones
    scheduled_agents: int  # heads: agents / ((1 - shrinkage) x (1 - absenteeism)), rounded up
    feasible: bool  # False: no staffing within the vendor's lines meets every target
    binding: tuple[str, ...]  # the targets that set the staffing (or that are missed)
    service_level: float | None
    abandon_rate: float | None
    blocking_rate: float | None
    occupancy: float | None
    asa_seconds: float | None
    handled_calls_per_week: float
    weekly_cost: float | None  # base currency


@dataclass(frozen=True, slots=True)
class ContractCost:
    """What the demand costs with one vendor over the whole contract term, in the base currency."""

    months: int  # the term priced
    setup_fee: float  # once, at the start
    transition_training: float  # every starting agent's training hours, when billed
    ramp: float  # the weeks of run cost lost while a new programme reaches full productivity
    run: float  # the monthly cost (without the spread set-up fee) over the term, escalated
    replacement_training: float  # training the agents who replace leavers, when billed
    annual_increase: float  # the escalation applied each contract year (0.03 = 3%)
    training_billed: bool
    total: float
    assumptions: tuple[str, ...] = ()  # figures the vendor left out, and what was used


@dataclass(frozen=True, slots=True)
class VendorPlan:
    """A vendor staffed for the whole demand week: heads, money and service."""

    vendor: str
    file: str
    queue_model: str
    aht_seconds: float
    shrinkage: float  # as the vendor gives it (or the demand's default)
    absenteeism: float  # applied on top of shrinkage (0 when shrinkage includes it)
    max_occupancy: float | None
    lines: int | None  # the lines committed to this programme (technology.programme_lines)
    pricing_model: str | None
    currency: str | None
    rate_in_base: float | None  # the vendor's rate converted to the base currency
    intervals: tuple[IntervalPlan, ...]
    feasible: bool  # False: it cannot meet the buyer's targets (`infeasible`: why)
    infeasible: tuple[str, ...]  # each target it cannot meet, in plain words
    peak_agents: int
    peak_scheduled_agents: int  # peak heads
    fte_to_hire: float  # rostered FTE: heads' hours / schedule efficiency / FTE hours
    billable_fte: float | None  # the FTE to hire, at least the minimum seats where billed
    handled_calls_per_month: float
    weekly_cost: float | None
    setup_fee_per_month: float | None
    monthly_cost: float | None  # weekly x weeks per month + setup fee spread over the contract
    cost_per_call: float | None
    service_level: float | None  # weighted by offered calls
    abandon_rate: float | None
    blocking_rate: float | None
    occupancy: float | None  # weighted by agent hours
    asa_seconds: float | None  # weighted by answered calls
    buyer_share_of_seats: float | None  # peak heads / the vendor's seats
    reported_service_level: float | None  # scorecard's, only at the buyer's threshold
    night_share: float | None  # buyer's calls answered 22:00-06:00 local to the sites (by seats)
    daytime_share: float | None  # buyer's open hours in the sites' 07:00-19:00 (by seats)
    notes: tuple[str, ...]  # assumptions made and limits hit, in plain words
    contract: ContractCost | None = None  # None when the vendor's cost is unknown
    # Its figures criteria can score (derived.agents, derived.monthly_cost...) are read from
    # here by scoring/derived.py.


@dataclass(frozen=True, slots=True)
class StaffingPlan:
    """Every vendor staffed and priced for one demand profile."""

    demand_name: str
    demand_file: str
    queue_model: str
    sl_target: float
    threshold_seconds: float
    sl_definition: str
    max_abandon_rate: float | None
    max_blocking: float | None
    max_occupancy: float | None
    base_currency: str
    weeks_per_month: float
    schedule_efficiency: float
    short_abandon_seconds: float
    calls_per_week: float
    vendors: tuple[VendorPlan, ...]

    def to_frame(self) -> Any:
        """A pandas DataFrame: one row per vendor (index), heads, money and service."""
        from vendorscore.model.frames import staffing_frame

        return staffing_frame(self)

    def intervals_frame(self) -> Any:
        """A pandas DataFrame: one row per vendor and demand interval."""
        from vendorscore.model.frames import intervals_frame

        return intervals_frame(self)

    @property
    def by_monthly_cost(self) -> tuple[VendorPlan, ...]:
        """The vendors cheapest first; those without a monthly cost last; ties by name."""
        return tuple(
            sorted(
                self.vendors,
                key=lambda v: (v.monthly_cost is None, v.monthly_cost or 0.0, v.vendor),
            )
        )
