"""`derived.*` fields: values the tool computes, one registry entry each.

An entry holds everything about its field: what it means, its unit, its kind, whether it needs
the buyer's demand profile, and the function computing it from a `Source` (the vendor, the
criteria set and, with a demand, the vendor's staffing plan). Criteria loading, scoring, the
Data sheet and the README's table all read this registry; adding a field is one entry.

Queueing figures come from the `VendorPlan` that staffing/ builds: they reach this registry as
data (the plan, a record of the model layer), never by importing the staffing layer above.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Literal

from vendorscore.errors import Problem, VendorScoreError
from vendorscore.model.criteria import Criteria
from vendorscore.model.vendor import Vendor
from vendorscore.scoring.money import base_factor
from vendorscore.scoring.unit_cost import unit_cost

if TYPE_CHECKING:  # built only when a demand is given (see model/plans.py)
    from vendorscore.model.plans import VendorPlan

__all__ = [
    "DERIVED_FIELDS",
    "PREFIX",
    "DerivedField",
    "Kind",
    "Source",
    "derived_values",
    "field_unit",
]

PREFIX = "derived."
Kind = Literal["number", "text", "category", "bool", "list", "date", "any"]


class Source:
    """What a derived field is computed from."""

    # A plain class: a NamedTuple would cost a quarter of a millisecond of start-up to define.
    __slots__ = ("criteria", "plan", "vendor")

    def __init__(self, vendor: Vendor, criteria: Criteria, plan: VendorPlan | None) -> None:
        self.vendor = vendor
        self.criteria = criteria
        self.plan = plan  # the vendor staffed for the demand; None without a demand


DerivedFunction = Callable[[Source], object]


class DerivedField:
    """One `derived.*` field: its meaning, unit and kind, and how it is computed."""

    __slots__ = ("compute", "description", "kind", "money", "needs_demand", "plan_based", "unit")

    def __init__(
        self,
        description: str,
        unit: str,
        compute: DerivedFunction,
        *,
        kind: Kind = "number",
        needs_demand: bool = False,
        money: bool = False,
        plan_based: bool = False,
    ) -> None:
        self.description = description
        self.unit = unit
        self.compute = compute  # returns None when the inputs leave the value unknown
        self.kind = kind
        self.needs_demand = needs_demand  # computed from the staffing plan (a demand profile)
        # Base-currency money converted from the vendor's currency: it moves with that rate.
        self.money = money
        # Computed without a demand, and from the staffing plan instead when there is one.
        self.plan_based = plan_based


def _rate(source: Source) -> float | None:
    pricing = source.vendor.profile.pricing
    if pricing is None or pricing.rate is None:
        return None
    factor = base_factor(source.vendor, source.criteria)  # ScoringError without a rate
    return None if factor is None else pricing.rate * factor


def _cost_per_contact(source: Source) -> float | None:
    if source.plan is not None:  # the staffed month: its cost over its handled contacts
        return source.plan.cost_per_call
    cost = unit_cost(source.vendor, source.criteria)
    return None if cost is None else cost.per_contact


def _cost_per_productive_hour(source: Source) -> float | None:
    plan = source.plan
    if plan is not None:
        hours = math.fsum(i.agents * i.hours_per_week for i in plan.intervals)
        if plan.weekly_cost is None or hours <= 0:
            return None
        return plan.weekly_cost / hours
    cost = unit_cost(source.vendor, source.criteria)
    return None if cost is None else cost.per_productive_hour


def _total_seats(source: Source) -> int | None:
    seats = [s.seats for s in source.vendor.profile.sites or [] if s.seats is not None]
    return sum(seats) if seats else None


def _site_count(source: Source) -> int | None:
    sites = source.vendor.profile.sites
    return None if sites is None else len(sites)


def _site_countries(source: Source) -> int | None:
    countries = {s.country for s in source.vendor.profile.sites or [] if s.country}
    return len(countries) if countries else None


def _planned(figure: Callable[[VendorPlan], object]) -> DerivedFunction:
    """A figure of the vendor's staffing plan (present whenever a demand is given)."""
    return lambda source: None if source.plan is None else figure(source.plan)


DERIVED_FIELDS: dict[str, DerivedField] = {
    "rate": DerivedField(
        "pricing.rate converted to the criteria's base currency",
        "base currency per pricing unit",
        _rate,
        money=True,
    ),
    # Comparable across pricing models (scoring/unit_cost.py); from the plan with a demand.
    "cost_per_contact": DerivedField(
        "cost of one handled contact: the rate on the criteria's reference contact and the "
        "vendor's workforce figures; with a demand, monthly cost / handled contacts per month",
        "base currency per contact",
        _cost_per_contact,
        money=True,
        plan_based=True,
    ),
    "cost_per_productive_hour": DerivedField(
        "cost of one agent hour on the phones, on the same basis as cost_per_contact",
        "base currency per productive hour",
        _cost_per_productive_hour,
        money=True,
        plan_based=True,
    ),
    "total_seats": DerivedField("sum of seats over all sites", "seats", _total_seats),
    "site_count": DerivedField("number of sites listed", "sites", _site_count),
    "site_countries": DerivedField(
        "number of distinct countries among the sites", "countries", _site_countries
    ),
    # Queueing figures on the buyer's demand (--demand): see staffing/planner.py.
    "agents": DerivedField(
        "agents on queue needed for the demand (peak interval)",
        "agents",
        _planned(lambda p: p.peak_agents),
        needs_demand=True,
    ),
    "scheduled_agents": DerivedField(
        "peak scheduled heads: agents / ((1 - shrinkage) x (1 - absenteeism))",
        "heads",
        _planned(lambda p: p.peak_scheduled_agents),
        needs_demand=True,
    ),
    "fte_to_hire": DerivedField(
        "rostered FTE: heads' weekly hours / schedule efficiency / FTE hours",
        "FTE",
        _planned(lambda p: p.fte_to_hire),
        needs_demand=True,
    ),
    "feasible": DerivedField(
        "meets every target of the demand (lines, occupancy cap, seats); the staffing notes "
        "say why not",
        "yes/no",
        _planned(lambda p: p.feasible),
        kind="bool",
        needs_demand=True,
    ),
    "weekly_cost": DerivedField(
        "cost per week in the base currency",
        "base currency per week",
        _planned(lambda p: p.weekly_cost),
        needs_demand=True,
        money=True,
    ),
    "monthly_cost": DerivedField(
        "cost per month in the base currency, setup fee spread",
        "base currency per month",
        _planned(lambda p: p.monthly_cost),
        needs_demand=True,
        money=True,
    ),
    "cost_per_call": DerivedField(
        "monthly cost / handled calls per month",
        "base currency per handled call",
        _planned(lambda p: p.cost_per_call),
        needs_demand=True,
        money=True,
    ),
    "contract_cost": DerivedField(
        "set-up fee, transition training and ramp, escalated monthly cost and replacement "
        "training over the contract term",
        "base currency per contract term",
        _planned(lambda p: None if p.contract is None else p.contract.total),
        needs_demand=True,
        money=True,
    ),
    "service_level": DerivedField(
        "call-weighted service level at the planned staffing",
        "fraction of offered calls",
        _planned(lambda p: p.service_level),
        needs_demand=True,
    ),
    "abandon_rate": DerivedField(
        "call-weighted share of offered calls abandoned",
        "fraction of offered calls",
        _planned(lambda p: p.abandon_rate),
        needs_demand=True,
    ),
    "blocking_rate": DerivedField(
        "call-weighted share of calls blocked (busy signal)",
        "fraction of offered calls",
        _planned(lambda p: p.blocking_rate),
        needs_demand=True,
    ),
    "occupancy": DerivedField(
        "call-weighted agent occupancy",
        "fraction of agent time",
        _planned(lambda p: p.occupancy),
        needs_demand=True,
    ),
    "asa_seconds": DerivedField(
        "call-weighted mean wait of answered calls",
        "seconds",
        _planned(lambda p: p.asa_seconds),
        needs_demand=True,
    ),
    "buyer_share_of_seats": DerivedField(
        "the buyer's scheduled heads over the vendor's total seats",
        "fraction of seats",
        _planned(lambda p: p.buyer_share_of_seats),
        needs_demand=True,
    ),
    "reported_service_level": DerivedField(
        "scorecard.service_level.achieved when measured at the demand's threshold; missing "
        "(with a note) at any other threshold",
        "fraction of offered calls",
        _planned(lambda p: p.reported_service_level),
        needs_demand=True,
    ),
    "night_share": DerivedField(
        "share of the buyer's calls handled 22:00-06:00 local to the vendor's sites, weighted "
        "by seats (needs interval times in the demand)",
        "fraction of calls",
        _planned(lambda p: p.night_share),
        needs_demand=True,
    ),
    "daytime_share": DerivedField(
        "share of the buyer's open hours inside 07:00-19:00 local to the vendor's sites, "
        "weighted by seats (needs interval times in the demand)",
        "fraction of open hours",
        _planned(lambda p: p.daytime_share),
        needs_demand=True,
    ),
}


def derived_values(
    source: Source, wanted: Collection[str], problems: list[Problem]
) -> dict[str, object]:
    """The `derived.*` paths among `wanted`, computed; problems (a missing rate) appended."""
    values: dict[str, object] = {}
    for path in wanted:
        if not path.startswith(PREFIX):
            continue
        try:
            values[path] = DERIVED_FIELDS[path[len(PREFIX) :]].compute(source)
        except VendorScoreError as exc:
            problems.extend(exc.problems)
            values[path] = None
    return values


def field_unit(path: str, base_currency: str) -> str | None:
    """The unit of a computed money field, in the base currency (`USD per contact`); else None."""
    entry = DERIVED_FIELDS.get(path.removeprefix(PREFIX)) if path.startswith(PREFIX) else None
    if entry is None or not entry.money:
        return None
    return entry.unit.replace("base currency", base_currency)
