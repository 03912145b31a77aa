"""Money for every pricing model under every queue model, lost calls included (issue 18).

The week: 200 calls an hour for 10 hours, handle time 180 s (10 Erlangs), 80% answered within
20 s, occupancy at most 0.85, shrinkage 0.3, patience 120 s (Erlang A and X), 14 lines (Erlang
X). Agent counts and lost-call shares come from tests/queueing_reference.py, an independent
calculator checked here against the mpmath values of tests/data/erlang_published.json; Erlang C
needs 14 agents and Erlang A 12 (staffing_cases[0], the pyworkforce documentation's example).
The money is then worked out by hand from the pricing model's definition:

  per_productive_hour  rate x agents on the phones x hours
  per_paid_hour        rate x scheduled heads (agents / (1 - shrinkage), rounded up) x hours
  per_handled_minute   rate x handled calls x handle time in minutes
  per_call             rate x handled calls
  per_fte_month        rate x paid hours / 40 a month, so weekly = that / (52 / 12)

Handled calls are offered calls less those lost: an abandoned or blocked call is not billed per
call or per minute. The issue's reference week under Erlang A at 3 USD a call costs 5,630.42,
not 6,000.00 (2,000 offered x (1 - 6.16% abandoned) x 3).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from tests.queueing_reference import Queue, erlang_ax, erlang_c, staff

from vendorscore.inputs.loading import criteria_from_text, vendor_from_text
from vendorscore.model.demand import Demand, DemandProfile
from vendorscore.staffing.planner import plan_vendors

REFERENCE = json.loads(
    (Path(__file__).parent / "data" / "erlang_published.json").read_text(encoding="utf-8")
)
WEEKS_PER_MONTH = 52 / 12
CALLS, HOURS, AHT, PATIENCE, LINES, SHRINKAGE = 200.0, 10.0, 180.0, 120.0, 14, 0.3
CRITERIA = criteria_from_text(
    "name: T\ncurrency: USD\nexchange_rates: {EUR: 1.08}\ncriteria:\n"
    "  - {id: cost, weight: 1, field: derived.monthly_cost, scale: {linear: {worst: 1e6, best: 0}}}\n",
    "tco.yaml",
)
RATES = {
    "per_productive_hour": 10.0,
    "per_paid_hour": 9.0,
    "per_handled_minute": 0.5,
    "per_call": 3.0,
    "per_fte_month": 3000.0,
}


def _demand(model: str, intervals: list[tuple[float, float]] | None = None, **extra: object):
    spec: dict[str, object] = {
        "name": "Reference week",
        "aht_seconds": AHT,
        "model": model,
        "service_level": {"target": 0.8, "threshold_seconds": 20},
        "max_occupancy": 0.85,
        "intervals": [
            {"label": f"i{n}", "calls_per_hour": c, "hours_per_week": h}
            for n, (c, h) in enumerate(intervals or [(CALLS, HOURS)])
        ],
        **extra,
    }
    if model != "erlang_c":
        spec["patience_seconds"] = PATIENCE
    return Demand(DemandProfile.model_validate(spec), "demand.yaml")


def _vendor(pricing: str, *, lines: int | None = LINES, currency: str = "USD"):
    tech = f"technology: {{programme_lines: {lines}}}\n" if lines else ""
    return vendor_from_text(
        f"name: V\ndelivery_model: offshore\npricing: {{currency: {currency}, {pricing}}}\n"
        f"workforce: {{shrinkage: {SHRINKAGE}, aht_factor: 1.0}}\n{tech}",
        "v.yaml",
    )


def _plan(model: str, pricing: str, **kw: object):
    demand_kw = {k: v for k, v in kw.items() if k not in ("lines", "currency")}
    vendor_kw = {k: v for k, v in kw.items() if k in ("lines", "currency")}
    (plan,) = plan_vendors(
        [_vendor(pricing, **vendor_kw)], _demand(model, **demand_kw), CRITERIA
    ).vendors  # type: ignore[arg-type]
    return plan


def _independent(model: str, load: float = CALLS * AHT / 3600, redial: float = 0.0) -> Queue:
    return staff(
        load,
        model=model,
        aht=AHT,
        threshold=20.0,
        sl_target=0.8,
        max_occupancy=0.85,
        patience=PATIENCE,
        lines=LINES if model == "erlang_x" else None,
        redial=redial,
    )


def _expected_weekly(pricing: str, q: Queue, hours: float = HOURS, calls: float = CALLS) -> float:
    rate = RATES[pricing]
    heads = math.ceil(q.agents / (1 - SHRINKAGE) - 1e-9)
    handled = calls * hours * (1 - q.lost_fresh)
    return {
        "per_productive_hour": rate * q.agents * hours,
        "per_paid_hour": rate * heads * hours,
        "per_handled_minute": rate * handled * AHT / 60,
        "per_call": rate * handled,
        "per_fte_month": rate * heads * hours / 40 / WEEKS_PER_MONTH,
    }[pricing]


# ------------------------------------------------------- the independent calculator is right


@pytest.mark.parametrize("case", REFERENCE["cases"], ids=lambda c: c["id"])
def test_the_independent_calculator_matches_the_mpmath_reference(case: dict) -> None:
    i, a, c = case["inputs"], case["erlang_a"], case["erlang_c"]
    got = erlang_ax(
        i["offered_load_erlangs"],
        i["agents"],
        aht=i["aht_seconds"],
        patience=i["mean_patience_seconds"],
        threshold=i["sl_threshold_seconds"],
    )
    assert got.abandoned == pytest.approx(a["prob_abandon"], rel=1e-9)
    assert got.service_level == pytest.approx(a["sl_answered_within_T_of_offered"], rel=1e-9)
    assert got.occupancy == pytest.approx(a["occupancy"], rel=1e-9)
    if c.get("service_level") is not None:
        sl = erlang_c(
            i["offered_load_erlangs"],
            i["agents"],
            aht=i["aht_seconds"],
            threshold=i["sl_threshold_seconds"],
        ).service_level
        assert sl == pytest.approx(c["service_level"], rel=1e-9)


@pytest.mark.parametrize("case", REFERENCE["erlang_x_cases"], ids=lambda c: c["id"])
def test_the_independent_calculator_matches_the_erlang_x_reference(case: dict) -> None:
    i, r = case["inputs"], case["results"]
    got = erlang_ax(
        i.get("offered_load_erlangs", i.get("fresh_offered_load_erlangs")),
        i["agents"],
        aht=i["aht_seconds"],
        patience=i["mean_patience_seconds"],
        threshold=i["sl_threshold_seconds"],
        lines=i["lines"],
        redial=i["redial_probability"],
    )
    blocked = r.get("prob_blocked", r.get("prob_blocked_per_attempt"))
    abandoned = r.get("prob_abandon", r.get("prob_abandon_per_attempt"))
    assert got.blocked == pytest.approx(blocked, rel=1e-9)
    assert got.abandoned == pytest.approx(abandoned, rel=1e-9, abs=1e-15)
    assert got.occupancy == pytest.approx(r["occupancy"], rel=1e-9)
    if "fresh_callers_finally_lost_fraction" in r:
        assert got.lost_fresh == pytest.approx(r["fresh_callers_finally_lost_fraction"], rel=1e-9)


def test_the_reference_week_staffs_as_published() -> None:
    case = REFERENCE["staffing_cases"][0]["results"]
    assert _independent("erlang_c").agents == case["agents_erlang_c"] == 14
    assert _independent("erlang_a").agents == case["agents_erlang_a"] == 12
    assert _independent("erlang_a").abandoned == pytest.approx(
        case["erlang_a_abandon_at_agents"], rel=1e-9
    )
    x = _independent("erlang_x")
    assert (x.agents, round(x.blocked, 4), round(x.abandoned, 4)) == (12, 0.0515, 0.0270)


# ------------------------------------------------------------------ every pricing x queue model


@pytest.mark.parametrize("queue", ["erlang_c", "erlang_a", "erlang_x"])
@pytest.mark.parametrize("pricing", list(RATES))
def test_weekly_and_monthly_cost_by_hand(pricing: str, queue: str) -> None:
    q = _independent(queue)
    plan = _plan(queue, f"model: {pricing}, rate: {RATES[pricing]}")
    (interval,) = plan.intervals
    heads = math.ceil(q.agents / (1 - SHRINKAGE) - 1e-9)
    assert (plan.peak_agents, plan.peak_scheduled_agents) == (q.agents, heads)
    handled = CALLS * HOURS * (1 - q.lost_fresh)
    assert plan.handled_calls_per_month == pytest.approx(handled * WEEKS_PER_MONTH, rel=1e-9)
    weekly = _expected_weekly(pricing, q)
    assert plan.weekly_cost == pytest.approx(weekly, rel=1e-9)
    assert interval.weekly_cost == pytest.approx(weekly, rel=1e-9)  # the only interval
    assert plan.monthly_cost == pytest.approx(weekly * WEEKS_PER_MONTH, rel=1e-9)
    assert plan.cost_per_call == pytest.approx(weekly / handled, rel=1e-9)
    assert plan.billable_fte == pytest.approx(heads * HOURS / 40)
    if queue == "erlang_c":  # nobody abandons and no line is busy: no such figures
        assert (plan.abandon_rate, plan.blocking_rate) == (None, None)
    else:
        assert plan.abandon_rate == pytest.approx(q.abandoned, rel=1e-9)
        assert (plan.blocking_rate or 0.0) == pytest.approx(q.blocked, rel=1e-9)


# The same figures written out, for a reader checking them with a calculator. Erlang C: 14
# agents, 20 heads, nothing lost. Erlang A: 12 agents, 18 heads, 6.1597% abandon. Erlang X with
# 14 lines: 12 agents, 18 heads, 5.1515% blocked and 2.7045% abandoned (7.8561% lost).
HAND = {
    ("erlang_c", "per_productive_hour"): 14 * 10 * 10.0,  # 1,400
    ("erlang_c", "per_paid_hour"): 20 * 10 * 9.0,  # 1,800
    ("erlang_c", "per_handled_minute"): 2000 * 3 * 0.5,  # 3,000
    ("erlang_c", "per_call"): 2000 * 3.0,  # 6,000
    ("erlang_c", "per_fte_month"): 200 / 40 * 3000 / (52 / 12),  # 15,000 a month
    ("erlang_a", "per_productive_hour"): 12 * 10 * 10.0,  # 1,200
    ("erlang_a", "per_paid_hour"): 18 * 10 * 9.0,  # 1,620
    ("erlang_a", "per_handled_minute"): 1876.8052459926392 * 3 * 0.5,  # 2,815.21
    ("erlang_a", "per_call"): 1876.8052459926392 * 3.0,  # 5,630.42
    ("erlang_a", "per_fte_month"): 180 / 40 * 3000 / (52 / 12),  # 13,500 a month
    ("erlang_x", "per_call"): 2000 * (1 - 0.07856063921917594) * 3.0,  # 5,528.64
    ("erlang_x", "per_handled_minute"): 2000 * (1 - 0.07856063921917594) * 3 * 0.5,
}


@pytest.mark.parametrize(("queue", "pricing"), list(HAND))
def test_weekly_cost_written_out(queue: str, pricing: str) -> None:
    plan = _plan(queue, f"model: {pricing}, rate: {RATES[pricing]}")
    assert plan.weekly_cost == pytest.approx(HAND[queue, pricing], rel=1e-9)


def test_abandoned_calls_are_not_billed_per_call() -> None:
    # The figure: 2,000 offered calls, 6.1597% abandon under Erlang A, 3 USD a call.
    plan = _plan("erlang_a", "model: per_call, rate: 3")
    assert round(plan.weekly_cost, 2) == 5630.42
    assert plan.handled_calls_per_month == pytest.approx(1876.8052459926392 * 52 / 12)


def test_blocked_and_abandoned_calls_are_not_billed_per_minute() -> None:
    # Erlang X, 14 lines: 2,000 x (1 - 5.1515% - 2.7045%) = 1,842.88 calls x 3 min x 0.5 USD.
    plan = _plan("erlang_x", "model: per_handled_minute, rate: 0.5")
    assert round(plan.weekly_cost, 2) == 2764.32
    (interval,) = plan.intervals
    assert interval.handled_calls_per_week == pytest.approx(1842.8787215616482, rel=1e-9)


def test_redialled_calls_are_billed_once_when_finally_handled() -> None:
    # Erlang X with 30% of lost callers trying again: the load rises to 10.269 Erlangs, 8.745%
    # of attempts are lost, so a fresh caller is finally lost with p (1 - r) / (1 - p r) =
    # 6.2863%; each fresh caller who gets through is billed once, however many attempts it took.
    q = _independent("erlang_x", redial=0.3)
    assert (q.agents, round(q.load, 3), round(q.lost_fresh, 6)) == (12, 10.269, 0.062863)
    plan = _plan("erlang_x", "model: per_call, rate: 3", redial_probability=0.3)
    assert plan.peak_agents == 12
    assert plan.weekly_cost == pytest.approx(2000 * (1 - q.lost_fresh) * 3, rel=1e-9)
    assert plan.intervals[0].offered_load_erlangs == pytest.approx(10.0)  # fresh calls


def test_erlang_x_without_lines_falls_back_to_erlang_a_and_says_so() -> None:
    plan = _plan("erlang_x", "model: per_call, rate: 3", lines=None)
    assert plan.queue_model == "erlang_a"
    assert plan.weekly_cost == pytest.approx(HAND["erlang_a", "per_call"], rel=1e-9)
    assert (
        "technology.programme_lines not given: blocking not modelled (Erlang A used), so derived.blocking_rate is missing"
        in plan.notes
    )


# ------------------------------------------------------------------ several intervals, minimums


def test_a_two_interval_week_adds_up_and_shares_the_cost_by_what_is_billed() -> None:
    # 200 calls/h for 10 h (10 Erlangs: 14 agents, 20 heads) and 100 calls/h for 20 h (5 Erlangs:
    # 8 agents by the independent Erlang C search, ceil(8 / 0.7) = 12 heads).
    low = _independent("erlang_c", load=5.0)
    assert low.agents == 8
    intervals = [(200.0, 10.0), (100.0, 20.0)]
    paid = _plan("erlang_c", "model: per_paid_hour, rate: 9", intervals=intervals)
    # 9 x (20 x 10 + 12 x 20) = 9 x 440 = 3,960 a week; the intervals' shares 1,800 and 2,160
    assert paid.weekly_cost == pytest.approx(3960.0)
    assert [i.weekly_cost for i in paid.intervals] == pytest.approx([1800.0, 2160.0])
    productive = _plan("erlang_c", "model: per_productive_hour, rate: 10", intervals=intervals)
    # 10 x (14 x 10 + 8 x 20) = 3,000; shares 1,400 and 1,600
    assert productive.weekly_cost == pytest.approx(3000.0)
    assert [i.weekly_cost for i in productive.intervals] == pytest.approx([1400.0, 1600.0])
    per_call = _plan("erlang_c", "model: per_call, rate: 3", intervals=intervals)
    # 3 x (2,000 + 2,000) = 12,000; shares by handled calls, 6,000 each
    assert per_call.weekly_cost == pytest.approx(12000.0)
    assert [i.weekly_cost for i in per_call.intervals] == pytest.approx([6000.0, 6000.0])
    minutes = _plan("erlang_c", "model: per_handled_minute, rate: 0.5", intervals=intervals)
    # 0.5 x 3 min x 4,000 calls = 6,000; shares by handled calls (2,000 each), not by hours
    assert minutes.weekly_cost == pytest.approx(6000.0)
    assert [i.weekly_cost for i in minutes.intervals] == pytest.approx([3000.0, 3000.0])
    fte = _plan("erlang_c", "model: per_fte_month, rate: 3000", intervals=intervals)
    # 440 paid hours / 40 = 11 FTE x 3,000 = 33,000 a month; shares by paid hours (200 : 240)
    assert fte.monthly_cost == pytest.approx(33000.0)
    assert fte.billable_fte == pytest.approx(11.0)
    assert [i.weekly_cost for i in fte.intervals] == pytest.approx(
        [33000 / WEEKS_PER_MONTH * 200 / 440, 33000 / WEEKS_PER_MONTH * 240 / 440]
    )
    # Offered-weighted service level and agent-hour-weighted occupancy of the week
    high = _independent("erlang_c")
    assert paid.service_level == pytest.approx(
        (2000 * high.service_level + 2000 * low.service_level) / 4000, rel=1e-9
    )
    assert paid.occupancy == pytest.approx(
        (140 * high.occupancy + 160 * low.occupancy) / 300, rel=1e-9
    )


@pytest.mark.parametrize(
    ("pricing", "weekly", "counts_minimum"),
    [
        # 10 seats x 40 h = 400 paid hours; 70% of paid hours on the phones (14 / 20) = 280
        ("per_productive_hour", 280 * 10.0, True),
        ("per_paid_hour", 400 * 9.0, True),
        ("per_fte_month", 10 * 3000.0 / WEEKS_PER_MONTH, True),
        # per call and per minute bill the work, not the seats
        ("per_call", 2000 * 3.0, False),
        ("per_handled_minute", 2000 * 3 * 0.5, False),
    ],
)
def test_minimum_seats_raise_only_seat_billed_costs(
    pricing: str, weekly: float, counts_minimum: bool
) -> None:
    plan = _plan("erlang_c", f"model: {pricing}, rate: {RATES[pricing]}, minimum_seats: 10")
    assert plan.weekly_cost == pytest.approx(weekly)
    assert plan.billable_fte == pytest.approx(10.0 if counts_minimum else 5.0)
    note = "minimum of 10 seats exceeds the 5.0 FTE this demand needs"
    assert (note + "; the cost counts the minimum" if counts_minimum else note) in plan.notes


def test_a_minimum_below_the_need_changes_nothing() -> None:
    plan = _plan("erlang_c", "model: per_paid_hour, rate: 9, minimum_seats: 4")
    assert plan.weekly_cost == pytest.approx(1800.0)
    assert plan.billable_fte == pytest.approx(5.0)
    assert not any("minimum" in note for note in plan.notes)


def test_a_foreign_rate_and_set_up_fee_are_converted_and_spread() -> None:
    # 9 EUR x 1.08 = 9.72 USD a paid hour x 200 paid hours = 1,944 USD a week; set-up 12,000 EUR
    # = 12,960 USD over the default 12 months = 1,080 USD a month.
    plan = _plan("erlang_c", "model: per_paid_hour, rate: 9, setup_fee: 12000", currency="EUR")
    assert plan.rate_in_base == pytest.approx(9.72)
    assert plan.weekly_cost == pytest.approx(1944.0)
    assert plan.setup_fee_per_month == pytest.approx(1080.0)
    assert plan.monthly_cost == pytest.approx(1944.0 * WEEKS_PER_MONTH + 1080.0)
    assert plan.cost_per_call == pytest.approx(plan.monthly_cost / (2000 * WEEKS_PER_MONTH))
    assert "pricing.contract_min_months not given: set-up fee spread over 12 months" in plan.notes


def test_no_rate_means_no_cost_and_says_so() -> None:
    vendor = vendor_from_text(
        "name: V\ndelivery_model: offshore\npricing: {currency: USD, model: per_call}\n", "v.yaml"
    )
    (plan,) = plan_vendors([vendor], _demand("erlang_c"), CRITERIA).vendors
    assert (plan.weekly_cost, plan.monthly_cost, plan.cost_per_call) == (None, None, None)
    assert plan.intervals[0].weekly_cost is None
    assert "pricing rate or model not given: cost not computed" in plan.notes
