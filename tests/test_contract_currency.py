"""derived.contract_cost over the term, and how far a currency moves before the winner changes.

Every expected figure is worked by hand in the comments from the formulas in
staffing/contract.py and robustness/currency.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from vendorscore.cli import app
from vendorscore.model.demand import Demand, DemandProfile
from vendorscore.model.plans import IntervalPlan
from vendorscore.robustness.currency import currency_stability
from vendorscore.scoring.pipeline import score
from vendorscore.staffing.contract import contract_cost, escalation_months
from vendorscore.staffing.planner import plan_vendors
from vendorscore.testing import leaf, make_criteria, make_vendor

ROOT = Path(__file__).resolve().parents[1]
VENDORS = ROOT / "samples" / "vendors"


def _demand(**extra: object) -> Demand:
    spec = {
        "name": "Week",
        "aht_seconds": 360,
        "model": "erlang_c",
        "service_level": {"target": 0.8, "threshold_seconds": 20},
        "intervals": [{"label": "all", "calls_per_hour": 100, "hours_per_week": 40}],
        **extra,
    }
    return Demand(DemandProfile.model_validate(spec), "demand.yaml")


# Ten heads for 40 hours: 400 paid hours a week, 8,000 a week, so 20 an agent hour.
INTERVALS = (
    IntervalPlan(
        label="all",
        calls_per_hour=100,
        hours_per_week=40,
        aht_seconds=360,
        offered_load_erlangs=10,
        agents=8,
        scheduled_agents=10,
        feasible=True,
        binding=(),
        service_level=0.8,
        abandon_rate=None,
        blocking_rate=None,
        occupancy=0.8,
        asa_seconds=10,
        handled_calls_per_week=4000,
        weekly_cost=8000,
    ),
)
CRITERIA = make_criteria([leaf("fcr", "scorecard.fcr", {"linear": {"worst": 0, "best": 1}})])


def test_escalation_counts_each_contract_year_at_its_price() -> None:
    # 30 months at 5%: 12 x 1 + 12 x 1.05 + 6 x 1.05^2 = 12 + 12.6 + 6.615 = 31.215.
    assert escalation_months(30, 0.05) == pytest.approx(31.215)
    assert escalation_months(36, 0.0) == 36.0


def test_contract_cost_by_hand_for_a_time_billed_vendor() -> None:
    vendor = make_vendor(
        pricing={
            "currency": "USD",
            "model": "per_paid_hour",
            "rate": 20,
            "setup_fee": 10_000,
            "training_hours_per_agent": 100,
            "training_billed": True,
            "ramp_weeks": 4,
            "annual_increase": 0.05,
        },
        workforce={"attrition_annual": 0.6},
    )
    cost = contract_cost(
        vendor,
        _demand(contract_months=30, weeks_per_month=4.5),
        CRITERIA,
        weekly_cost=8000.0,
        factor=1.0,
        intervals=INTERVALS,
    )
    assert cost is not None
    assert cost.months == 30
    assert cost.setup_fee == 10_000
    assert cost.transition_training == pytest.approx(10 * 100 * 20)  # 20,000
    assert cost.ramp == pytest.approx(4 / 2 * 8000)  # 16,000: half the output of 4 weeks
    assert cost.run == pytest.approx(8000 * 4.5 * 31.215)  # 1,123,740
    # 10 heads x 0.6 / 12 a month x 100 h x 20 x 31.215 month-equivalents = 31,215.
    assert cost.replacement_training == pytest.approx(31_215)
    assert cost.total == pytest.approx(10_000 + 20_000 + 16_000 + 1_123_740 + 31_215)
    assert cost.assumptions == ()


def test_per_call_pricing_passes_on_no_ramp_and_included_training_costs_nothing() -> None:
    vendor = make_vendor(
        pricing={
            "currency": "EUR",
            "model": "per_call",
            "rate": 2,
            "setup_fee": 1000,
            "training_hours_per_agent": 80,
            "training_billed": False,
            "ramp_weeks": 6,
        },
        workforce={"attrition_annual": 0.5},
    )
    cost = contract_cost(
        vendor,
        _demand(weeks_per_month=4),
        CRITERIA,
        weekly_cost=8000.0,
        factor=1.1,
        intervals=INTERVALS,
    )
    assert cost is not None
    # No term given: 36 months; no escalation given: 8,000 x 4 x 36 = 1,152,000.
    assert (cost.months, cost.run) == (36, pytest.approx(1_152_000))
    assert (cost.ramp, cost.transition_training, cost.replacement_training) == (0, 0, 0)
    assert cost.setup_fee == pytest.approx(1100)  # 1,000 EUR at 1.10
    assert cost.assumptions == (
        "no contract_months in the demand or criteria: priced over 36 months",
        "pricing.annual_increase not given: no price escalation counted",
    )


def test_a_longer_vendor_minimum_sets_the_term() -> None:
    vendor = make_vendor(
        pricing={"currency": "USD", "model": "per_call", "rate": 2, "contract_min_months": 48}
    )
    cost = contract_cost(
        vendor,
        _demand(contract_months=24),
        CRITERIA,
        weekly_cost=100.0,
        factor=1.0,
        intervals=INTERVALS,
    )
    assert cost is not None and cost.months == 48
    assert "exceeds the 24-month term" in cost.assumptions[0]


def test_the_planner_attaches_the_contract_and_criteria_can_score_it() -> None:
    criteria = make_criteria(
        [leaf("term", "derived.contract_cost", {"linear": {"worst": 1e7, "best": 0}})],
        contract_months=12,
    )
    vendor = make_vendor(
        pricing={"currency": "USD", "model": "per_call", "rate": 2, "annual_increase": 0.1}
    )
    staffing = plan_vendors([vendor], _demand(), criteria)
    (plan,) = staffing.vendors
    assert plan.contract is not None and plan.weekly_cost is not None
    # One year: no escalation yet; per call, so no ramp; no fee, no training given.
    assert plan.contract.total == pytest.approx(plan.weekly_cost * 52 / 12 * 12)
    (result,) = score([vendor], criteria, staffing=staffing).vendors
    assert result.values["derived.contract_cost"] == plan.contract.total


def test_staffing_shows_every_part_of_the_contract_cost() -> None:
    result = CliRunner().invoke(
        app,
        ["staffing", str(VENDORS), "--demand", str(ROOT / "samples" / "demand.yaml")],
        env={"COLUMNS": "250"},
    )
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Contract cost over the term (USD, thousands, 36 months)" in out
    header = next(line for line in out.splitlines() if "Set-up" in line)
    assert [h.strip() for h in header.split("┃")[1:-1]] == [
        "Vendor", "Set-up", "Training", "Ramp", "Run", "Leavers", "Total",
    ]  # fmt: skip
    # Sarana: 1,200,000 INR set-up at 0.012 = 14,400 USD, then 36 staffed months.
    contract = out[out.index("Contract cost over the term") :].splitlines()
    sarana = next(line for line in contract if line.startswith("│ Sarana"))
    assert sarana.split("│")[2].strip() == "14k"
    assert "pricing.annual_increase not given: no price escalation counted (every vendor)" in out


# Currency stability: two leaves of equal weight, cost per contact (linear 6 -> 1 USD) and
# FCR (linear 0.6 -> 0.85). Per-call prices make the cost per contact the rate itself.
def _two(
    a_currency: str, a_rate: float, a_fcr: float, b_currency: str, b_rate: float, b_fcr: float
):
    criteria = make_criteria(
        [
            leaf("cost", "derived.cost_per_contact", {"linear": {"worst": 6, "best": 1}}),
            leaf("fcr", "scorecard.fcr", {"linear": {"worst": 0.6, "best": 0.85}}),
        ],
        exchange_rates={"EUR": 1.0},
        exchange_rates_as_of="2026-11-30",
    )
    a = make_vendor(
        name="A",
        pricing={"currency": a_currency, "model": "per_call", "rate": a_rate},
        scorecard={"fcr": a_fcr},
    )
    b = make_vendor(
        name="B",
        pricing={"currency": b_currency, "model": "per_call", "rate": b_rate},
        scorecard={"fcr": b_fcr},
    )
    return score([a, b], criteria)


def test_a_rival_priced_in_a_falling_currency_overtakes_at_the_computed_move() -> None:
    # A (USD 3.00, FCR 0.85): (60 + 100) / 2 = 80. B (EUR 2.00, FCR 0.775): (80 + 70) / 2 = 75.
    # With EUR at f: B = (120 - 40 f + 70) / 2 = 95 - 20 f, which is 80 at f = 0.75: a 25% fall.
    ranking = _two("USD", 3.0, 0.85, "EUR", 2.0, 0.775)
    (eur,) = currency_stability(ranking)
    assert (eur.rate.currency, eur.rate.as_of, eur.vendors) == ("EUR", "2026-11-30", ("B",))
    assert eur.fall == pytest.approx(-0.25) and eur.fall_leader == "B"
    assert eur.rise is None and eur.rise_leader is None  # B only gets dearer


def test_the_winners_own_currency_rising_hands_the_lead_over() -> None:
    # A (EUR 3.00, FCR 0.85) = 80; B (USD 2.00, FCR 0.775) = 75. With EUR at f, A's cost utility
    # is (6 - 3 f) / 5 x 100 = 120 - 60 f, A = (220 - 60 f) / 2 = 110 - 30 f = 75 at f = 7/6.
    ranking = _two("EUR", 3.0, 0.85, "USD", 2.0, 0.775)
    (eur,) = currency_stability(ranking)
    assert eur.rise == pytest.approx(1 / 6) and eur.rise_leader == "B"
    assert eur.fall is None


def test_a_clamped_scale_stops_the_rival_short() -> None:
    # B (EUR 1.20, FCR 0.6): (96 + 0) / 2 = 48 against A's 80. Falling, B's cost utility reaches
    # 100 at f = 1/1.2 and stays there: B never passes 50, so no fall changes the winner.
    ranking = _two("USD", 3.0, 0.85, "EUR", 1.2, 0.6)
    (eur,) = currency_stability(ranking)
    assert eur.fall is None and eur.rise is None


def test_sensitivity_reports_the_currency_moves(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["sensitivity", str(VENDORS), "-n", "0", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    import json

    data = json.loads(result.stdout)
    assert [c["currency"] for c in data["currency_stability"]] == ["EUR", "INR", "MXN", "PHP"]
    assert data["exchange_rates"]["EUR"] == {"rate": 1.08, "as_of": "2026-01-15", "given": False}


PLN_VENDOR = """\
name: Wisla Contact Krakow
delivery_model: nearshore
pricing: {currency: PLN, model: per_paid_hour, rate: 70}
workforce: {shrinkage: 0.28, max_occupancy: 0.85, aht_factor: 1.0}
"""


def test_a_missing_rate_asks_for_rate_or_a_copy_never_the_installed_file(tmp_path: Path) -> None:
    vendor = tmp_path / "pl.yaml"
    vendor.write_text(PLN_VENDOR, encoding="utf-8")
    result = CliRunner().invoke(app, ["rank", str(vendor)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{vendor}:3:21: no exchange rate from PLN to USD: pass --rate PLN=<USD per PLN>, or add "
        "`PLN: <USD per PLN>` under exchange_rates in a copy of the bundled 'default' set "
        "(`vendorscore criteria show default --yaml > mine.yaml`, then --criteria mine.yaml)\n"
    )
    given = CliRunner().invoke(app, ["rank", str(vendor), "--rate", "PLN=0.25", "-f", "json"])
    assert given.exit_code == 0, given.stderr
    import json

    doc = json.loads(given.stdout)
    assert doc["criteria"]["exchange_rates"] == {
        "PLN": {"rate": 0.25, "as_of": None, "given": True}
    }
    # 70 PLN x 0.25 = 17.50 USD a paid hour; / 0.72 on the phones; x 360 / (3600 x 0.85).
    cost = doc["vendors"][0]["values"]["derived.cost_per_contact"]
    assert cost == pytest.approx(17.5 / 0.72 * 360 / 3060)
    bad = CliRunner().invoke(app, ["rank", str(vendor), "--rate", "PLN=cheap"])
    assert bad.exit_code == 2
    assert (
        bad.stderr
        == "--rate 'PLN=cheap': write CODE=<base units per unit of CODE>, e.g. PLN=0.25\n"
    )


def test_criteria_show_yaml_prints_the_file_to_copy() -> None:
    from vendorscore.inputs.loading import bundled_criteria

    result = CliRunner().invoke(app, ["criteria", "show", "default", "--yaml"])
    assert result.exit_code == 0
    assert result.stdout == bundled_criteria()["default"].read_text(encoding="utf-8")


# ---------------------------------------------------------------- the closed form, checked

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _pair(rate_eur: float, a: tuple[float, float], b: tuple[float, float]):
    criteria = make_criteria(
        [
            leaf("cost", "derived.cost_per_contact", {"piecewise": [[1, 100], [3, 60], [6, 0]]}),
            leaf("fcr", "scorecard.fcr", {"linear": {"worst": 0.6, "best": 0.85}}),
        ],
        exchange_rates={"EUR": rate_eur},
    )
    vendors = [
        make_vendor(
            name=name,
            pricing={"currency": currency, "model": "per_call", "rate": price},
            scorecard={"fcr": fcr},
        )
        for name, currency, (price, fcr) in (("A", "USD", a), ("B", "EUR", b))
    ]
    return score(vendors, criteria)


@settings(max_examples=60, deadline=None)
@given(
    a=st.tuples(st.floats(0.5, 7.0), st.floats(0.6, 0.85)),
    b=st.tuples(st.floats(0.5, 7.0), st.floats(0.6, 0.85)),
)
def test_the_winner_changes_exactly_at_the_reported_move(
    a: tuple[float, float], b: tuple[float, float]
) -> None:
    """Rescoring at the reported rate x (1 -/+ 0.1%) around the move flips the winner."""
    ranking = _pair(1.0, a, b)
    if abs(ranking.vendors[0].total - ranking.vendors[1].total) < 1e-6:
        return  # a tie has no single winner to keep
    winner = ranking.vendors[0].name
    (eur,) = currency_stability(ranking)
    for move, leader in ((eur.fall, eur.fall_leader), (eur.rise, eur.rise_leader)):
        if move is None:
            continue
        before = _pair((1 + move) * (1 - 1e-3 * (1 if move > 0 else -1)), a, b)
        after = _pair((1 + move) * (1 + 1e-3 * (1 if move > 0 else -1)), a, b)
        assert before.vendors[0].name == winner  # still strictly ahead
        assert before.vendors[0].total > before.vendors[1].total
        totals = {v.name: v.total for v in after.vendors}
        assert leader is not None and leader != winner
        assert totals[leader] >= totals[winner] - 1e-9  # caught up: level (a scale's end) or ahead
    # Nothing within the searched range when no move is reported.
    if eur.fall is None:
        assert _pair(0.5 + 1e-9, a, b).vendors[0].name == winner
    if eur.rise is None:
        assert _pair(3.0 - 1e-9, a, b).vendors[0].name == winner


def test_staffing_json_carries_each_contract_cost_part_by_part() -> None:
    # `staffing --format json` failed with "ContractCost is not JSON serializable" once the
    # contract cost joined the plan: no test wrote the staffing plan as JSON.
    import json

    result = CliRunner().invoke(
        app,
        ["staffing", str(VENDORS), "--demand", str(ROOT / "samples" / "demand.yaml"), "-f", "json"],
    )
    assert result.exit_code == 0, result.stderr
    vendors = json.loads(result.stdout)["vendors"]
    assert len(vendors) == 14
    for v in vendors:
        c = v["contract"]
        assert c["months"] == 36  # samples/demand.yaml: contract_months
        parts = ("setup_fee", "transition_training", "ramp", "run", "replacement_training")
        assert c["total"] == pytest.approx(sum(c[p] for p in parts), rel=1e-9)
        assert isinstance(c["assumptions"], list)
