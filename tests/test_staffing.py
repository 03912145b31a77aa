"""Staffing and pricing on a demand week, from the reference staffing case S_pyworkforce_doc.

../shared/reference/erlang_published.json, staffing_cases[0]: 100 calls per 30 minutes (200 an
hour), AHT 180 s (10 Erlangs), 80% within 20 s, max occupancy 0.85, shrinkage 0.3 -> Erlang C
needs 14 agents on the phones and ceil(14 / 0.7) = 20 scheduled heads.
"""

from __future__ import annotations

import pytest

from vendorscore.errors import ScoringError
from vendorscore.inputs.loading import criteria_from_text, vendor_from_text
from vendorscore.model.demand import Demand, DemandProfile
from vendorscore.staffing.planner import plan_vendors

WEEKS_PER_MONTH = 52 / 12
CRITERIA = criteria_from_text(
    """
name: T
exchange_rates: {PHP: 0.02}
criteria:
  - {id: cost, weight: 1, field: derived.monthly_cost, scale: {linear: {worst: 100000, best: 0}}}
""",
    "tco.yaml",
)


def demand(model="erlang_c", **extra):
    spec = {
        "name": "Reference week",
        "aht_seconds": 180,
        "model": model,
        "service_level": {"target": 0.8, "threshold_seconds": 20},
        "max_occupancy": 0.85,
        "intervals": [{"label": "flat", "calls_per_hour": 200, "hours_per_week": 10}],
        **extra,
    }
    if model != "erlang_c":
        spec.setdefault("patience_seconds", 120)
    return Demand(DemandProfile.model_validate(spec), "demand.yaml")


def vendor(pricing: str, workforce: str = "{shrinkage: 0.3, aht_factor: 1.0}", extra: str = ""):
    text = f"name: V\ndelivery_model: offshore\npricing: {pricing}\nworkforce: {workforce}\n{extra}"
    return vendor_from_text(text, "v.yaml")


def plan(pricing: str, **kw):
    (result,) = plan_vendors([vendor(pricing, **kw)], demand(), CRITERIA).vendors
    return result


def test_agents_and_heads_match_the_reference_staffing():
    p = plan("{currency: USD, model: per_productive_hour, rate: 10}")
    (interval,) = p.intervals
    assert (interval.agents, interval.scheduled_agents) == (14, 20)
    assert interval.offered_load_erlangs == pytest.approx(10.0)
    assert interval.service_level == pytest.approx(0.8883500191794669, rel=1e-9)  # json value


def test_per_productive_hour_bills_agents_on_the_phones():
    # 14 agents x 10 h x 10 USD = 1,400 USD a week
    p = plan("{currency: USD, model: per_productive_hour, rate: 10}")
    assert p.weekly_cost == pytest.approx(1400.0)
    assert p.monthly_cost == pytest.approx(1400.0 * WEEKS_PER_MONTH)


def test_per_paid_hour_bills_scheduled_heads():
    # 20 heads x 10 h x 10 USD = 2,000 USD a week
    assert plan("{currency: USD, model: per_paid_hour, rate: 10}").weekly_cost == pytest.approx(
        2000.0
    )


def test_per_call_bills_handled_calls():
    # Erlang C loses no calls: 200 x 10 = 2,000 handled calls x 3 USD
    p = plan("{currency: USD, model: per_call, rate: 3}")
    assert p.weekly_cost == pytest.approx(6000.0)
    assert p.cost_per_call == pytest.approx(3.0)


def test_per_handled_minute_bills_handle_time():
    # 2,000 calls x 3 minutes x 0.5 USD
    assert plan(
        "{currency: USD, model: per_handled_minute, rate: 0.5}"
    ).weekly_cost == pytest.approx(3000.0)


def test_per_fte_month_bills_paid_hours_as_full_time_equivalents():
    # 200 paid hours a week / 40 = 5 FTE x 3,000 USD a month
    assert plan("{currency: USD, model: per_fte_month, rate: 3000}").monthly_cost == pytest.approx(
        15000.0
    )


def test_minimum_seats_above_the_need_are_billed_and_reported():
    p = plan("{currency: USD, model: per_fte_month, rate: 3000, minimum_seats: 25}")
    assert p.monthly_cost == pytest.approx(75000.0)
    assert (
        "minimum of 25 seats exceeds the 5.0 FTE this demand needs; the cost counts the minimum"
        in p.notes
    )


def test_setup_fee_is_spread_over_the_minimum_contract_and_converted():
    # 10 PHP x 0.02 = 0.2 USD per productive hour: 14 x 10 x 0.2 = 28 USD a week;
    # set-up 60,000 PHP = 1,200 USD over 24 months = 50 USD a month.
    p = plan(
        "{currency: PHP, model: per_productive_hour, rate: 10, setup_fee: 60000, contract_min_months: 24}"
    )
    assert p.setup_fee_per_month == pytest.approx(50.0)
    assert p.monthly_cost == pytest.approx(28.0 * WEEKS_PER_MONTH + 50.0)


def test_handle_time_factor_raises_the_load():
    # AHT 180 x 1.5 = 270 s: 200 calls an hour = 15 Erlangs
    p = plan(
        "{currency: USD, model: per_call, rate: 1}", workforce="{shrinkage: 0.3, aht_factor: 1.5}"
    )
    assert p.intervals[0].offered_load_erlangs == pytest.approx(15.0)


def test_missing_workforce_figures_are_assumed_and_said():
    p = plan("{currency: USD, model: per_call, rate: 1}", workforce="{}")
    assert p.notes[:2] == (
        "workforce.aht_factor not given: assumed 1.0 (the buyer's handle time)",
        "workforce.shrinkage not given: assumed 0.3",
    )


def test_buyer_share_of_seats_is_peak_heads_over_vendor_seats():
    p = plan(
        "{currency: USD, model: per_call, rate: 1}", extra="sites: [{seats: 100}, {seats: 60}]\n"
    )
    assert p.buyer_share_of_seats == pytest.approx(20 / 160)


def test_a_currency_without_an_exchange_rate_is_a_located_error():
    with pytest.raises(ScoringError, match=r"no exchange rate from INR to USD"):
        plan_vendors([vendor("{currency: INR, model: per_call, rate: 1}")], demand(), CRITERIA)


def test_erlang_a_needs_fewer_agents_than_erlang_c_when_callers_abandon():
    # staffing_cases[0]: Erlang A with patience 120 s needs 12 agents (18 heads).
    (p,) = plan_vendors(
        [vendor("{currency: USD, model: per_call, rate: 1}")], demand("erlang_a"), CRITERIA
    ).vendors
    assert (p.peak_agents, p.peak_scheduled_agents) == (12, 18)
    assert p.abandon_rate == pytest.approx(0.06159737700368042, rel=1e-9)


def test_too_few_lines_under_erlang_x_are_reported_not_hidden():
    v = vendor(
        "{currency: USD, model: per_call, rate: 1}", extra="technology: {programme_lines: 11}\n"
    )
    (p,) = plan_vendors([v], demand("erlang_x", max_blocking=0.01), CRITERIA).vendors
    assert not p.feasible
    assert any("on its 11 programme lines" in note for note in p.notes)


def test_plan_lists_vendors_cheapest_first_unpriced_last() -> None:
    # Same demand and workforce for all, so the rates alone set the order (8 < 20 per hour);
    # a vendor without a rate has no monthly cost and comes last.
    vendors = [
        vendor_from_text(f"name: {name}\ndelivery_model: offshore\n{pricing}", f"{name}.yaml")
        for name, pricing in [
            ("Dear", "pricing: {currency: USD, model: per_productive_hour, rate: 20}\n"),
            ("Unpriced", ""),
            ("Cheap", "pricing: {currency: USD, model: per_productive_hour, rate: 8}\n"),
        ]
    ]
    plan = plan_vendors(vendors, demand(), CRITERIA)
    assert [v.vendor for v in plan.vendors] == ["Dear", "Unpriced", "Cheap"]  # input order
    assert [v.vendor for v in plan.by_monthly_cost] == ["Cheap", "Dear", "Unpriced"]
