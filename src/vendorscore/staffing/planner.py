"""The buyer's demand staffed and priced for each vendor: agents, heads, money and service.

For every interval of the demand week, the vendor's handle time (buyer baseline x aht_factor)
gives the offered load; the smallest agent count meeting every target (service level,
abandonment, blocking, occupancy) comes from `erlang.agents_for_targets`; heads follow from the
vendor's shrinkage. Money follows the vendor's own pricing model, converted to the criteria's base
currency, plus the set-up fee spread over the minimum contract.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from vendorscore import erlang
from vendorscore.errors import Problem, ScoringError
from vendorscore.model.criteria import Criteria
from vendorscore.model.demand import Demand
from vendorscore.model.plans import IntervalPlan, StaffingPlan, VendorPlan
from vendorscore.model.vendor import Vendor
from vendorscore.scoring.money import base_factor
from vendorscore.staffing.contract import contract_cost
from vendorscore.staffing.fit import infeasible as infeasible_reasons
from vendorscore.staffing.fit import reported_service_level, time_shares

__all__ = ["plan_vendor", "plan_vendors"]

_SETUP_SPREAD_DEFAULT_MONTHS = 12


@dataclass(frozen=True, slots=True)
class _Workforce:
    """How one vendor works the queue: its handle time, shrinkage, caps, lines and model."""

    aht_seconds: float
    shrinkage: float  # the roster loss: 1 - (1 - shrinkage) x (1 - absenteeism)
    max_occupancy: float | None
    lines: int | None
    model: erlang.Model
    given_shrinkage: float  # as the profile gives it (or the demand's default)
    absenteeism: float  # applied on top (0 when the shrinkage includes it)


@dataclass(frozen=True, slots=True)
class _Targets:
    """What every interval is staffed for: the demand's targets, the same for every vendor."""

    sl_target: float
    threshold_seconds: float
    sl_definition: erlang.SlDefinition
    patience_seconds: float | None
    max_abandon_rate: float | None
    max_blocking: float | None
    redial_probability: float
    short_abandon_seconds: float

    @classmethod
    def of(cls, demand: Demand) -> _Targets:
        """The targets of a demand profile."""
        spec = demand.spec
        return cls(
            spec.service_level.target,
            spec.service_level.threshold_seconds,
            spec.service_level.definition,
            spec.patience_seconds,
            spec.max_abandon_rate,
            spec.max_blocking,
            spec.redial_probability,
            spec.service_level.short_abandon_seconds,
        )


@lru_cache(maxsize=65536)
def _staff(
    calls_per_hour: float, workforce: _Workforce, targets: _Targets
) -> erlang.StaffingResult:
    # Cached: a demand week repeats the same volumes, and vendors share handle times.
    load = erlang.offered_load_erlangs(calls_per_hour, workforce.aht_seconds)
    abandons = workforce.model != "erlang_c"
    return erlang.agents_for_targets(
        load,
        aht_seconds=workforce.aht_seconds,
        model=workforce.model,
        sl_target=targets.sl_target,
        threshold_seconds=targets.threshold_seconds,
        patience_seconds=targets.patience_seconds if abandons else None,
        max_abandon_rate=targets.max_abandon_rate if abandons else None,
        max_blocking=targets.max_blocking if workforce.model == "erlang_x" else None,
        max_occupancy=workforce.max_occupancy,
        lines=workforce.lines if workforce.model == "erlang_x" else None,
        redial_probability=targets.redial_probability if abandons else 0.0,
        shrinkage=workforce.shrinkage,
        sl_definition=targets.sl_definition,
        short_abandon_seconds=targets.short_abandon_seconds,
    )


def _roster_loss(shrinkage: float, vendor: Vendor, notes: list[str]) -> tuple[float, float]:
    """Absenteeism applied on top of shrinkage (unless the profile says shrinkage includes it):
    heads = agents / ((1 - shrinkage) x (1 - absenteeism)). Returns (loss, absenteeism used)."""
    wf = vendor.profile.workforce
    if wf is not None and wf.shrinkage_includes_absenteeism:
        return shrinkage, 0.0
    absent = wf.absenteeism if wf is not None else None
    if absent is None:
        notes.append(
            "workforce.absenteeism not given: assumed 0 (heads = agents / (1 - shrinkage))"
        )
        return shrinkage, 0.0
    loss = 1.0 - (1.0 - shrinkage) * (1.0 - absent)
    if loss >= 0.95:  # the heads would be 20 times the agents or more: not a roster
        raise ValueError(
            f"shrinkage {shrinkage:g} with absenteeism {absent:g} leaves "
            f"{1 - loss:.1%} of paid time on the phones"
        )
    return loss, absent


def _workforce(vendor: Vendor, demand: Demand, notes: list[str]) -> _Workforce:
    spec = demand.spec
    wf = vendor.profile.workforce
    tech = vendor.profile.technology
    factor = wf.aht_factor if wf and wf.aht_factor is not None else None
    if factor is None:
        notes.append("workforce.aht_factor not given: assumed 1.0 (the buyer's handle time)")
        factor = 1.0
    shrinkage = wf.shrinkage if wf and wf.shrinkage is not None else None
    if shrinkage is None:
        notes.append(f"workforce.shrinkage not given: assumed {spec.default_shrinkage:g}")
        shrinkage = spec.default_shrinkage
    loss, absent = _roster_loss(shrinkage, vendor, notes)
    caps = [c for c in (spec.max_occupancy, wf.max_occupancy if wf else None) if c is not None]
    # The lines committed to this programme; the site-wide trunks (technology.lines) are shared
    # with every other client, so they say nothing about this programme's busy signals.
    lines = tech.programme_lines if tech and tech.programme_lines is not None else None
    model: erlang.Model = spec.model
    if model == "erlang_x" and lines is None:
        notes.append(
            "technology.programme_lines not given: blocking not modelled (Erlang A used), "
            "so derived.blocking_rate is missing"
        )
        model = "erlang_a"
    cap = min(caps) if caps else None
    return _Workforce(spec.aht_seconds * factor, loss, cap, lines, model, shrinkage, absent)


def _weighted(pairs: Sequence[tuple[float | None, float]]) -> float | None:
    known = [(v, w) for v, w in pairs if v is not None and w > 0]
    weight = math.fsum(w for _, w in known)
    if not known or weight <= 0:
        return None
    return math.fsum(v * w for v, w in known) / weight


@dataclass(frozen=True, slots=True)
class _Week:
    """Totals of one vendor's staffed week."""

    productive_hours: float  # agents on the phones x hours
    paid_hours: float  # scheduled heads x hours
    handled_calls: float
    handled_minutes: float


def _price(
    vendor: Vendor, demand: Demand, rate: float | None, week: _Week, notes: list[str]
) -> tuple[float | None, float]:
    """Weekly cost in the base currency under the vendor's pricing model, and the FTE billed."""
    spec = demand.spec
    pricing = vendor.profile.pricing
    model = pricing.model if pricing else None
    # Shifts cannot follow the calls exactly: the rostered hours are the heads' interval hours
    # over the schedule efficiency, and per-hour and per-FTE prices bill rostered time.
    roster = 1.0 / spec.schedule_efficiency
    fte = week.paid_hours * roster / spec.fte_hours_per_week
    billed = fte
    minimum = pricing.minimum_seats if pricing else None
    if minimum is not None and minimum > fte:
        seat_billed = model in _SEAT_BILLED
        billed = float(minimum) if seat_billed else fte
        notes.append(
            f"minimum of {minimum} seats exceeds the {fte:.1f} FTE this demand needs"
            + ("; the cost counts the minimum" if seat_billed else "")
        )
    if rate is None or model is None:
        notes.append("pricing rate or model not given: cost not computed")
        return None, billed
    # Minimum seats raise the hours billed to the seats' full-time hours (even with no calls).
    seat_hours = billed * spec.fte_hours_per_week
    if model == "per_productive_hour":
        on_phones = week.productive_hours / week.paid_hours if week.paid_hours > 0 else 1.0
        return rate * max(week.productive_hours * roster, seat_hours * on_phones), billed
    if model == "per_paid_hour":
        return rate * max(week.paid_hours * roster, seat_hours), billed
    if model == "per_handled_minute":
        return rate * week.handled_minutes, billed
    if model == "per_call":
        return rate * week.handled_calls, billed
    return rate * billed / spec.weeks_per_month, billed  # per_fte_month


def _setup_per_month(vendor: Vendor, factor: float | None, notes: list[str]) -> float | None:
    pricing = vendor.profile.pricing
    if pricing is None or pricing.setup_fee is None or factor is None:
        return None
    months = pricing.contract_min_months
    if not months:
        months = _SETUP_SPREAD_DEFAULT_MONTHS
        notes.append(
            f"pricing.contract_min_months not given: set-up fee spread over {months} months"
        )
    return pricing.setup_fee * factor / months


def plan_vendor(vendor: Vendor, demand: Demand, criteria: Criteria) -> VendorPlan:
    """One vendor staffed and priced for the demand week.

    ScoringError when its money cannot be converted to the base currency, its handle time puts
    the demand beyond the staffing search, or the queueing maths refuse its figures.
    """
    spec = demand.spec
    notes: list[str] = []
    try:
        wf = _workforce(vendor, demand, notes)
    except ValueError as exc:
        raise ScoringError(
            Problem(f"vendor '{vendor.profile.name}' cannot be staffed: {exc}", vendor.file)
        ) from None
    factor = base_factor(vendor, criteria)
    pricing = vendor.profile.pricing
    rate = pricing.rate * factor if pricing and pricing.rate is not None and factor else None
    peak = max(
        erlang.offered_load_erlangs(i.calls_per_hour, wf.aht_seconds) for i in spec.intervals
    )
    if peak > erlang.MAX_OFFERED_LOAD_ERLANGS:
        raise ScoringError(
            Problem(
                f"vendor '{vendor.profile.name}': the demand is {peak:,.0f} Erlangs at peak with "
                f"its handle time; staffing is checked up to {erlang.MAX_OFFERED_LOAD_ERLANGS:,} "
                "(split the queue)",
                demand.file,
            )
        )
    targets = _Targets.of(demand)
    try:
        results = [_staff(i.calls_per_hour, wf, targets) for i in spec.intervals]
    except ValueError as exc:  # the kernels refuse impossible figures; name the vendor
        raise ScoringError(
            Problem(f"vendor '{vendor.profile.name}' cannot be staffed: {exc}", vendor.file)
        ) from None
    pairs = list(zip(spec.intervals, results, strict=True))
    handled = [_handled(i.calls_per_hour, i.hours_per_week, r.metrics) for i, r in pairs]
    week = _Week(
        productive_hours=math.fsum(r.agents * i.hours_per_week for i, r in pairs),
        paid_hours=math.fsum(r.scheduled_agents * i.hours_per_week for i, r in pairs),
        handled_calls=math.fsum(handled),
        handled_minutes=math.fsum(handled) * wf.aht_seconds / 60.0,
    )
    weekly, billed_fte = _price(vendor, demand, rate, week, notes)
    model = pricing.model if pricing else None
    plans = tuple(
        IntervalPlan(
            label=i.label,
            calls_per_hour=i.calls_per_hour,
            hours_per_week=i.hours_per_week,
            aht_seconds=wf.aht_seconds,
            offered_load_erlangs=r.metrics.fresh_offered_load_erlangs,
            agents=r.agents,
            scheduled_agents=r.scheduled_agents,
            feasible=r.feasible,
            binding=r.binding,
            service_level=r.metrics.service_level,
            abandon_rate=r.metrics.prob_abandon,
            blocking_rate=r.metrics.blocking_probability,
            occupancy=r.metrics.occupancy,
            asa_seconds=r.metrics.asa_seconds,
            handled_calls_per_week=n,
            weekly_cost=None
            if weekly is None
            else weekly * _share(model, r, i.hours_per_week, n, week),
        )
        for i, r, n in zip(spec.intervals, results, handled, strict=True)
    )
    infeasible = infeasible_reasons(vendor, demand, plans, lines=wf.lines, model=wf.model)
    notes[:0] = [f"cannot meet the targets: {r}" for r in infeasible]
    setup = _setup_per_month(vendor, factor, notes)
    contract = contract_cost(
        vendor,
        demand,
        criteria,
        weekly_cost=weekly,
        factor=factor,
        intervals=plans,
    )
    monthly = None if weekly is None else weekly * spec.weeks_per_month + (setup or 0.0)
    handled_month = week.handled_calls * spec.weeks_per_month
    offered = [p.calls_per_hour * p.hours_per_week for p in plans]
    seats = sum(s.seats for s in vendor.profile.sites or [] if s.seats is not None)
    shares = time_shares(vendor, demand, notes)
    peak_heads = max(p.scheduled_agents for p in plans)
    return VendorPlan(
        vendor=vendor.profile.name,
        file=vendor.file,
        queue_model=wf.model,
        aht_seconds=wf.aht_seconds,
        shrinkage=wf.given_shrinkage,
        absenteeism=wf.absenteeism,
        max_occupancy=wf.max_occupancy,
        lines=wf.lines,
        pricing_model=model,
        currency=pricing.currency if pricing else None,
        rate_in_base=rate,
        intervals=plans,
        feasible=not infeasible,
        infeasible=tuple(infeasible),
        peak_agents=max(p.agents for p in plans),
        peak_scheduled_agents=peak_heads,
        fte_to_hire=week.paid_hours / spec.schedule_efficiency / spec.fte_hours_per_week,
        billable_fte=billed_fte,
        handled_calls_per_month=handled_month,
        weekly_cost=weekly,
        setup_fee_per_month=setup,
        monthly_cost=monthly,
        cost_per_call=monthly / handled_month
        if monthly is not None and handled_month > 0
        else None,
        service_level=_weighted(
            [(p.service_level, w) for p, w in zip(plans, offered, strict=True)]
        ),
        abandon_rate=_weighted([(p.abandon_rate, w) for p, w in zip(plans, offered, strict=True)]),
        blocking_rate=_weighted(
            [(p.blocking_rate, w) for p, w in zip(plans, offered, strict=True)]
        ),
        occupancy=_weighted([(p.occupancy, p.agents * p.hours_per_week) for p in plans]),
        asa_seconds=_weighted([(p.asa_seconds, p.handled_calls_per_week) for p in plans]),
        buyer_share_of_seats=peak_heads / seats if seats > 0 else None,
        reported_service_level=reported_service_level(vendor, demand, notes),
        night_share=shares[0],
        daytime_share=shares[1],
        notes=tuple(notes),
        contract=contract,
    )


_SEAT_BILLED = ("per_productive_hour", "per_paid_hour", "per_fte_month")


def _handled(calls_per_hour: float, hours: float, metrics: erlang.QueueMetrics) -> float:
    lost = metrics.lost_fraction_of_fresh_callers
    if lost is None:
        lost = (metrics.prob_abandon or 0.0) + (metrics.blocking_probability or 0.0)
    return calls_per_hour * hours * max(0.0, 1.0 - lost)


def _share(
    model: str | None, r: erlang.StaffingResult, hours: float, handled: float, week: _Week
) -> float:
    """This interval's share of the weekly cost, by what the pricing model bills."""
    if model in ("per_handled_minute", "per_call"):
        return handled / week.handled_calls if week.handled_calls > 0 else 0.0
    if model == "per_productive_hour":
        return r.agents * hours / week.productive_hours if week.productive_hours > 0 else 0.0
    return r.scheduled_agents * hours / week.paid_hours if week.paid_hours > 0 else 0.0


def plan_vendors(vendors: Sequence[Vendor], demand: Demand, criteria: Criteria) -> StaffingPlan:
    """Every vendor staffed and priced for the demand; every vendor's problems raised together."""
    spec = demand.spec
    plans: list[VendorPlan] = []
    problems: list[Problem] = []
    for vendor in vendors:
        try:
            plans.append(plan_vendor(vendor, demand, criteria))
        except ScoringError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScoringError(problems)
    return StaffingPlan(
        demand_name=spec.name,
        demand_file=demand.file,
        queue_model=spec.model,
        sl_target=spec.service_level.target,
        threshold_seconds=spec.service_level.threshold_seconds,
        sl_definition=spec.service_level.definition,
        max_abandon_rate=spec.max_abandon_rate,
        max_blocking=spec.max_blocking,
        max_occupancy=spec.max_occupancy,
        base_currency=criteria.spec.currency,
        weeks_per_month=spec.weeks_per_month,
        schedule_efficiency=spec.schedule_efficiency,
        short_abandon_seconds=spec.service_level.short_abandon_seconds,
        calls_per_week=math.fsum(i.calls_per_hour * i.hours_per_week for i in spec.intervals),
        vendors=tuple(plans),
    )
