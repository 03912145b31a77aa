"""The demand priced over the whole contract term: set-up, transition, escalation, attrition.

    run                  monthly run cost x E, E = sum over months m < T of (1 + g)^(m // 12)
    transition training  heads x training hours x cost per paid agent hour (when billed)
    ramp                 ramp weeks / 2 x weekly cost (a linear ramp loses half the output;
                         only time-billed models pass it on: per call and per minute do not)
    replacement training heads x attrition / 12 x training hours x hourly cost x E (when billed)
    total                set-up fee + transition training + ramp + run + replacement training

The cost per paid agent hour is the staffed week's cost over its paid hours, so training is
priced the same way as the run whatever the pricing model.
"""

from __future__ import annotations

import math

from vendorscore.model.criteria import Criteria
from vendorscore.model.demand import Demand
from vendorscore.model.limits import MAX_CONTRACT_MONTHS
from vendorscore.model.plans import ContractCost, IntervalPlan
from vendorscore.model.vendor import Vendor

__all__ = ["DEFAULT_CONTRACT_MONTHS", "contract_cost", "escalation_months"]

# The usual outsourcing term when neither the demand nor the criteria names one.
DEFAULT_CONTRACT_MONTHS = 36
_TIME_BILLED = ("per_productive_hour", "per_paid_hour", "per_fte_month")


def escalation_months(months: int, annual_increase: float) -> float:
    """Months of year-one price a term costs: sum over m < months of (1 + g)^(m // 12)."""
    years, rest = divmod(months, 12)
    growth = 1.0 + annual_increase
    whole = 12.0 * years if annual_increase == 0 else 12.0 * (growth**years - 1.0) / annual_increase
    return whole + rest * growth**years


def _term(vendor: Vendor, demand: Demand, criteria: Criteria, notes: list[str]) -> int:
    months = demand.spec.contract_months or criteria.spec.contract_months
    if months is None:
        months = DEFAULT_CONTRACT_MONTHS
        notes.append(f"no contract_months in the demand or criteria: priced over {months} months")
    pricing = vendor.profile.pricing
    minimum = pricing.contract_min_months if pricing else None
    if minimum is not None and minimum > months:
        # Bounded like every term (model/limits.py), so escalation stays finite.
        priced = min(minimum, MAX_CONTRACT_MONTHS)
        notes.append(
            f"pricing.contract_min_months ({minimum}) exceeds the {months}-month term: "
            f"contract cost priced over {priced} months"
        )
        months = priced
    return months


def contract_cost(
    vendor: Vendor,
    demand: Demand,
    criteria: Criteria,
    *,
    weekly_cost: float | None,
    factor: float | None,
    intervals: tuple[IntervalPlan, ...],
) -> ContractCost | None:
    """The contract cost of one staffed vendor (None when its weekly cost is unknown)."""
    if weekly_cost is None:
        return None
    notes: list[str] = []  # the contract's own assumptions, shown with its breakdown
    pricing = vendor.profile.pricing
    assert pricing is not None  # a weekly cost needs a rate and a model
    months = _term(vendor, demand, criteria, notes)
    spec = demand.spec
    heads = max(i.scheduled_agents for i in intervals)
    paid_hours = math.fsum(i.scheduled_agents * i.hours_per_week for i in intervals)
    hourly = weekly_cost / paid_hours if paid_hours > 0 else 0.0
    training_hours = pricing.training_hours_per_agent
    if training_hours is None:
        notes.append("pricing.training_hours_per_agent not given: no training counted")
        training_hours = 0.0
    billed = pricing.training_billed
    if billed is None:  # the dearer reading: what the vendor does not include, it bills
        billed = True
        if training_hours > 0:
            notes.append("pricing.training_billed not given: training assumed billed")
    increase = pricing.annual_increase
    if increase is None:
        notes.append("pricing.annual_increase not given: no price escalation counted")
        increase = 0.0
    wf = vendor.profile.workforce
    attrition = wf.attrition_annual if wf is not None else None
    if attrition is None:
        notes.append("workforce.attrition_annual not given: no replacement training counted")
        attrition = 0.0
    ramp_weeks = pricing.ramp_weeks or 0.0
    time_billed = pricing.model in _TIME_BILLED
    escalated = escalation_months(months, increase)
    per_head = training_hours * hourly if billed else 0.0
    setup = (pricing.setup_fee or 0.0) * (factor or 0.0)
    transition = heads * per_head
    ramp = ramp_weeks / 2.0 * weekly_cost if time_billed else 0.0
    run = weekly_cost * spec.weeks_per_month * escalated
    replacement = heads * attrition / 12.0 * per_head * escalated
    return ContractCost(
        months=months,
        setup_fee=setup,
        transition_training=transition,
        ramp=ramp,
        run=run,
        replacement_training=replacement,
        annual_increase=increase,
        training_billed=billed,
        total=math.fsum((setup, transition, ramp, run, replacement)),
        assumptions=tuple(notes),
    )
