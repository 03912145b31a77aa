"""Details of the scoring and staffing core that the happy path never reaches (issue 18).

Written against the mutants bench/mutation.py found alive: field kinds and their refusals, the
messages of values a scale cannot place, TOPSIS on hand-computed distances, where a missing
demand is blamed, and the staffing plan's notes, caps, weights and refusals. Each expectation is
worked out in its comment or read from the profile schema (model/vendor.py).
"""

from __future__ import annotations

import math

import pytest

from vendorscore.errors import CriteriaError, ScoringError
from vendorscore.inputs.loading import criteria_from_text, vendor_from_text
from vendorscore.model.criteria import ScaleSpec
from vendorscore.model.demand import Demand, DemandProfile
from vendorscore.scoring.fields import FieldKind, field_kind, profile_value, suggest_fields
from vendorscore.scoring.pipeline import score
from vendorscore.scoring.scales import ScaleValueError, describe_scale, utility
from vendorscore.staffing.planner import plan_vendors

# ------------------------------------------------------------------------------ field kinds

SIZES = ("small", "mid_market", "enterprise")
LEVELS = ("native", "near_native", "bilingual", "fluent", "conversational")


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("scorecard.fcr", FieldKind("number")),
        ("technology.lines", FieldKind("number")),
        ("scorecard.service_level.achieved", FieldKind("number")),
        ("clients.typical_size", FieldKind("category", SIZES)),
        ("languages.fr-CA.proficiency", FieldKind("category", LEVELS)),
        ("languages.es.agents", FieldKind("number")),
        ("security.controls.mfa", FieldKind("bool")),
        ("headquarters", FieldKind("text")),
        ("technology.disaster_recovery.last_test", FieldKind("date")),
        ("extra.anything", FieldKind("any")),
        ("derived.rate", FieldKind("number")),
        ("derived.monthly_cost", FieldKind("number", needs_demand=True)),
        ("derived.site_count", FieldKind("number")),
    ],
)
def test_field_kinds(path: str, kind: FieldKind) -> None:
    assert field_kind(path) == kind


def test_a_list_field_carries_its_choices() -> None:
    got = field_kind("security.certifications")
    assert got.kind == "list"
    assert {"pci_dss", "soc2_type2", "iso27001", "hipaa_baa"} <= set(got.choices)
    assert got.needs_demand is False


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            "languages.EN-us.proficiency",
            "write the language tag in 'languages.EN-us.proficiency' as in profiles: "
            "'languages.en-US.proficiency'",
        ),
        (
            "sites",
            "'sites' is a list of records; score it through derived.total_seats, "
            "derived.site_count or derived.site_countries",
        ),
        ("security", "'security' is a group of fields; name one of its fields"),
        (
            "pricing.rat",
            "'pricing.rat' is not a field of a vendor profile (did you mean 'pricing.rate' or "
            "'pricing.ramp_weeks' or 'pricing.model'?)",
        ),
        ("zzz", "'zzz' is not a field of a vendor profile"),
        (
            "languages.es",
            "'languages.es' is not a field of a vendor profile (did you mean "
            "'languages.es.agents' or 'languages.es.proficiency'?)",
        ),
    ],
)
def test_field_refusals_say_what_to_write(path: str, message: str) -> None:
    with pytest.raises(ValueError) as exc:
        field_kind(path)
    assert str(exc.value) == message


def test_suggestions_are_the_three_closest_real_fields() -> None:
    assert suggest_fields("scorecard.fcrr") == ["scorecard.fcr", "scorecard.csat", "scorecard.qa_score"]  # fmt: skip
    assert suggest_fields("languages.fr.agnts") == ["languages.fr.agents", "languages.fr.proficiency"]  # fmt: skip
    assert suggest_fields("fcr") == []


def test_profile_values_for_dates_lists_and_language_ranges() -> None:
    v = vendor_from_text(
        "name: V\ndelivery_model: onshore\n"
        "languages:\n  es-MX: {proficiency: fluent, agents: 20}\n"
        "  es-CO: {proficiency: native, agents: 5}\n  esx: {agents: 99}\n"
        "technology: {disaster_recovery: {last_test: 2025-12-06}}\n"
        "security: {certifications: [pci_dss]}\n",
        "v.yaml",
    ).profile
    assert profile_value(v, "languages.es.agents") == 25  # es-MX + es-CO; esx is another tag
    assert profile_value(v, "languages.es.proficiency") == "native"  # the best of the range
    assert profile_value(v, "languages.es-MX.agents") == 20
    assert profile_value(v, "languages.es-MX.proficiency") == "fluent"
    assert profile_value(v, "languages.fr.agents") is None
    assert profile_value(v, "technology.disaster_recovery.last_test") == "2025-12-06"
    assert profile_value(v, "security.certifications") == ["pci_dss"]
    assert profile_value(v, "scorecard.fcr") is None  # no scorecard at all


# ------------------------------------------------------------------------------ scales


@pytest.mark.parametrize(
    ("scale", "value", "message"),
    [
        ({"linear": {"worst": 0, "best": 1}}, "abc", "'abc' is not a number"),
        ({"linear": {"worst": 0, "best": 1}}, True, "true is not a number"),
        ({"piecewise": [[0, 0], [1, 100]]}, False, "false is not a number"),
        ({"ordinal": ["a", "b"]}, "c", "'c' is not on the scale; allowed: a, b"),
        ({"ordinal": ["a", "b"]}, 3, "3 is not on the scale; allowed: a, b"),
        (
            {"map": {"x": 10}},
            2.5,
            "2.5 is a number; a map scale matches text, so score numbers with a linear or "
            "piecewise scale",
        ),
        ({"map": {"x": 10, "z": 1}}, "y", "'y' has no utility in the map; mapped values: x, z"),
        ({"map": {"x": 10}}, False, "false has no utility in the map; mapped values: x"),
        ({"boolean": {True: 100, False: 0}}, "yes", "'yes' is not true or false"),
        ({"coverage": ["a", "b"]}, "a", "'a' is not a list"),
    ],
)
def test_a_value_the_scale_cannot_place_is_named(scale: dict, value: object, message: str) -> None:
    with pytest.raises(ScaleValueError) as exc:
        utility(ScaleSpec.model_validate(scale), value)
    assert str(exc.value) == message


@pytest.mark.parametrize(
    ("scale", "value", "expected"),
    [
        ({"ordinal": ["a", "b", "c"]}, "b", 50.0),  # 3 levels: 0, 50, 100
        ({"map": {"x": 10, "y": 2.5}}, "y", 2.5),
        ({"boolean": {True: 30, False: 70}}, False, 70.0),
        ({"coverage": ["a", "b", "c", "d"]}, ["b", "d", "z"], 50.0),  # 2 of 4 listed items
        ({"linear": {"worst": 0.12, "best": 0.02}}, 0.07, 50.0),  # lower is better
        ({"piecewise": [[0, 0], [4, 60], [8, 100]]}, 7, 90.0),  # 60 + 40 x 3/4
    ],
)
def test_scale_values_by_hand(scale: dict, value: object, expected: float) -> None:
    assert utility(ScaleSpec.model_validate(scale), value) == pytest.approx(expected, abs=1e-12)


def test_scales_describe_themselves_in_words() -> None:
    shown = [
        describe_scale(ScaleSpec.model_validate(s))
        for s in (
            {"linear": {"worst": 40, "best": 8.5}},
            {"piecewise": [[0, 0], [4, 60.5]]},
            {"ordinal": ["a", "b", "c"]},
            {"map": {"x": 10, "y": 2.5}},
            {"boolean": {True: 100, False: 0}},
            {"coverage": ["a", "b"]},
        )
    ]
    assert shown == [
        "linear 40 (worst) -> 8.5 (best)",
        "piecewise 0:0 4:60.5",
        "ordinal a < b < c",
        "map x=10, y=2.5",
        "boolean true=100, false=0",
        "coverage of a, b",
    ]


# ------------------------------------------------------------------------------ TOPSIS

TWO = """
name: Two
criteria:
  - {id: a, weight: 1, field: extra.a, scale: {linear: {worst: 0, best: 100}}}
  - {id: b, weight: 3, field: extra.b, scale: {linear: {worst: 0, best: 100}}}
"""


@pytest.mark.parametrize(
    ("a", "b", "closeness"),
    [
        # weights 1/4 and 3/4; d+ = sqrt(sum w (100 - u)^2), d- = sqrt(sum w u^2)
        (100, 0, 100 * math.sqrt(0.25 * 100**2) / (math.sqrt(0.75 * 100**2) + math.sqrt(0.25 * 100**2))),  # 36.60
        (80, 60, 100 * math.sqrt(0.25 * 6400 + 0.75 * 3600) / (math.sqrt(0.25 * 400 + 0.75 * 1600) + math.sqrt(0.25 * 6400 + 0.75 * 3600))),  # 64.52
        (100, 100, 100.0),
        (0, 0, 0.0),
    ],
)  # fmt: skip
def test_topsis_closeness_by_hand(a: float, b: float, closeness: float) -> None:
    vendor = vendor_from_text(
        f"name: V\ndelivery_model: onshore\nextra: {{a: {a}, b: {b}}}\n", "v.yaml"
    )
    (v,) = score([vendor], criteria_from_text(TWO, "two.yaml"), method="topsis").vendors
    assert v.total == pytest.approx(closeness, abs=1e-9)
    assert sum(v.contributions.values()) == pytest.approx(0.25 * a + 0.75 * b)  # weighted sum


def test_topsis_leaves_out_an_excluded_leaf() -> None:
    # b excluded: only a counts (weight 1 of 1): u = 80 -> d+ = 20, d- = 80, closeness 80.
    criteria = criteria_from_text(TWO.replace("best: 100}}}\n", "best: 100}}, missing: exclude}\n"), "t.yaml")  # fmt: skip
    vendor = vendor_from_text("name: V\ndelivery_model: onshore\nextra: {a: 80}\n", "v.yaml")
    (v,) = score([vendor], criteria, method="topsis").vendors
    assert v.total == pytest.approx(80.0)
    assert v.completeness == pytest.approx(0.25)


# ------------------------------------------------------------------------------ where blame goes


def test_a_demand_field_without_demand_is_blamed_on_its_first_use() -> None:
    text = (
        "name: T\n"
        "criteria:\n"
        "  - id: money\n"
        "    weight: 1\n"
        "    criteria:\n"
        "      - {id: fcr, weight: 1, field: scorecard.fcr, scale: {linear: {worst: 0, best: 1}}}\n"
        "      - {id: tco, weight: 1, field: derived.monthly_cost, scale: {linear: {worst: 9, best: 0}}}\n"
    )
    with pytest.raises(CriteriaError) as exc:
        score([], criteria_from_text(text, "c.yaml"))
    (problem,) = exc.value.problems
    assert (problem.file, problem.line, problem.column) == ("c.yaml", 7, 37)
    assert problem.message == (
        "this criteria set uses derived.monthly_cost, which need the buyer's demand: "
        "give a demand profile (see samples/demand.yaml)"
    )


def test_a_demand_field_only_in_a_requirement_is_blamed_there() -> None:
    text = (
        "name: T\n"
        "criteria:\n"
        "  - {id: fcr, weight: 1, field: scorecard.fcr, scale: {linear: {worst: 0, best: 1}}}\n"
        "requirements:\n"
        "  - {field: derived.cost_per_call, max: 5}\n"
        "  - {field: derived.agents, max: 50}\n"
    )
    with pytest.raises(CriteriaError) as exc:
        score([], criteria_from_text(text, "c.yaml"))
    (problem,) = exc.value.problems
    assert (problem.line, problem.column) == (6, 13)  # derived.agents sorts first
    assert problem.message.startswith(
        "this criteria set uses derived.agents, derived.cost_per_call, which need"
    )


def test_a_missing_exchange_rate_is_blamed_on_the_vendors_currency() -> None:
    criteria = criteria_from_text(
        "name: T\ncriteria:\n"
        "  - {id: r, weight: 1, field: derived.rate, scale: {linear: {worst: 40, best: 8}}}\n",
        "c.yaml",
    )
    vendor = vendor_from_text(
        "name: V\ndelivery_model: onshore\npricing:\n  rate: 10\n  currency: INR\n", "v.yaml"
    )
    with pytest.raises(ScoringError) as exc:
        score([vendor], criteria)
    (problem,) = exc.value.problems
    assert (problem.file, problem.line, problem.column) == ("v.yaml", 5, 13)
    assert problem.message == (
        "no exchange rate from INR to USD: give the rate with the run as INR=<USD per INR>, or "
        "add `INR: <USD per INR>` under exchange_rates in c.yaml"
    )


def test_derived_site_figures_and_the_rate_in_the_base_currency() -> None:
    criteria = criteria_from_text(
        "name: T\ncurrency: USD\nexchange_rates: {EUR: 1.08}\ncriteria:\n"
        "  - {id: r, weight: 1, field: derived.rate, scale: {linear: {worst: 40, best: 8}}}\n"
        "  - {id: s, weight: 0, field: derived.total_seats, scale: {linear: {worst: 0, best: 100}}}\n"
        "  - {id: n, weight: 0, field: derived.site_count, scale: {linear: {worst: 0, best: 100}}}\n"
        "  - {id: c, weight: 0, field: derived.site_countries, scale: {linear: {worst: 0, best: 100}}}\n",
        "c.yaml",
    )
    vendor = vendor_from_text(
        "name: V\ndelivery_model: onshore\npricing: {rate: 20, currency: EUR}\n"
        "sites:\n  - {country: IE, seats: 40}\n  - {country: IE}\n  - {country: PT, seats: 10}\n",
        "v.yaml",
    )
    (v,) = score([vendor], criteria).vendors
    # 20 EUR x 1.08 = 21.6 USD: (40 - 21.6) / 32 = 57.5; seats 40 + 10; 3 sites; 2 countries
    assert v.values["derived.rate"] == pytest.approx(21.6)
    assert v.scores["r"] == pytest.approx(57.5)
    assert (v.values["derived.total_seats"], v.values["derived.site_count"]) == (50, 3)
    assert v.values["derived.site_countries"] == 2
    assert v.total == pytest.approx(57.5)  # the zero weights count for nothing


# ------------------------------------------------------------------------------ staffing plan

CRITERIA = criteria_from_text(
    "name: T\ncriteria:\n"
    "  - {id: c, weight: 1, field: derived.monthly_cost, scale: {linear: {worst: 1e6, best: 0}}}\n",
    "c.yaml",
)


def _demand(intervals: list[tuple[str, float, float]], **extra: object) -> Demand:
    spec: dict[str, object] = {
        "name": "Week",
        "aht_seconds": 180,
        "model": "erlang_c",
        "service_level": {"target": 0.8, "threshold_seconds": 20},
        "intervals": [
            {"label": label, "calls_per_hour": calls, "hours_per_week": hours}
            for label, calls, hours in intervals
        ],
        **extra,
    }
    return Demand(DemandProfile.model_validate(spec), "d.yaml")


def _vendor(extra: str = "", name: str = "V"):
    return vendor_from_text(
        f"name: {name}\ndelivery_model: onshore\n"
        "pricing: {currency: USD, model: per_productive_hour, rate: 10}\n" + extra,
        f"{name}.yaml",
    )


def test_the_lower_occupancy_cap_of_buyer_and_vendor_applies() -> None:
    # 10 Erlangs at 80/20 under Erlang C: SL(13) = 0.7956 < 0.8 <= SL(14) = 0.8884 (the
    # pyworkforce example), so 14 agents without a cap. With the vendor's cap 0.7, 10 / 14 =
    # 0.714 is too busy and 10 / 15 = 0.667 is not: 15 agents; the buyer's looser 0.9 does not
    # loosen the vendor's.
    week = [("flat", 200, 10)]
    (free,) = plan_vendors(
        [_vendor("workforce: {shrinkage: 0.3}\n")], _demand(week), CRITERIA
    ).vendors
    (capped,) = plan_vendors(
        [_vendor("workforce: {shrinkage: 0.3, max_occupancy: 0.7}\n")],
        _demand(week, max_occupancy=0.9),
        CRITERIA,
    ).vendors
    assert free.max_occupancy is None
    assert capped.max_occupancy == 0.7
    assert (free.peak_agents, free.intervals[0].binding) == (14, ("service_level",))
    assert (capped.peak_agents, capped.intervals[0].binding) == (15, ("occupancy",))
    (buyer,) = plan_vendors(
        [_vendor("workforce: {shrinkage: 0.3, max_occupancy: 0.9}\n")],
        _demand(week, max_occupancy=0.7),
        CRITERIA,
    ).vendors
    assert (buyer.max_occupancy, buyer.peak_agents) == (0.7, 15)


def test_intervals_that_cannot_be_staffed_are_listed_three_at_most() -> None:
    # Erlang X with 11 lines for 10 Erlangs and a 0.1% blocking cap: no agent count within 11
    # lines gets blocking that low (Erlang B(11 lines, 10 Erlangs) = 16.8% even with 11 agents).
    week = [(f"i{k}", 200, 1) for k in range(5)]
    demand = _demand(week, model="erlang_x", patience_seconds=120, max_blocking=0.001)
    (p,) = plan_vendors([_vendor("technology: {programme_lines: 11}\n")], demand, CRITERIA).vendors
    assert not p.feasible
    assert p.infeasible == (
        "misses the blocking cap on its 11 programme lines in 5 interval(s) (i0, i1, i2, ...)",
    )
    assert p.notes[0] == "cannot meet the targets: " + p.infeasible[0]
    week = [("a", 200, 1), ("b", 1, 1)]
    demand = _demand(week, model="erlang_x", patience_seconds=120, max_blocking=0.001)
    (p,) = plan_vendors([_vendor("technology: {programme_lines: 11}\n")], demand, CRITERIA).vendors
    assert p.infeasible == (
        "misses the blocking cap on its 11 programme lines in 1 interval(s) (a)",
    )
    assert [i.feasible for i in p.intervals] == [False, True]


def test_too_few_programme_lines_outside_erlang_x_make_the_vendor_infeasible() -> None:
    # Erlang C staffs 14 agents for 10 Erlangs; the vendor commits 13 lines to the programme.
    (p,) = plan_vendors(
        [_vendor("technology: {programme_lines: 13, lines: 900}\n")],
        _demand([("flat", 200, 10)]),
        CRITERIA,
    ).vendors
    assert not p.feasible
    assert p.infeasible == (
        "technology.programme_lines (13) are fewer than the 14 agents needed at peak "
        "(model: erlang_x quantifies the busy signals)",
    )
    assert p.notes[0] == "cannot meet the targets: " + p.infeasible[0]
    # The site-wide trunks are a resilience figure: they never limit the programme.
    (ok,) = plan_vendors(
        [_vendor("technology: {programme_lines: 14, lines: 13}\n")],
        _demand([("flat", 200, 10)]),
        CRITERIA,
    ).vendors
    assert ok.feasible and ok.infeasible == ()


def test_week_figures_are_weighted_by_what_they_measure() -> None:
    # Two intervals, Erlang C, no cap: 200 calls/h for 10 h (10 Erlangs, 14 agents) and an empty
    # one. Service level weighs offered calls and ASA answered calls (the empty interval weighs
    # nothing in either); the buyer's share of seats is peak heads over the vendor's seats.
    (p,) = plan_vendors(
        [_vendor("workforce: {shrinkage: 0.2}\nsites: [{seats: 26}, {seats: 39}]\n")],
        _demand([("busy", 200, 10), ("night", 0, 8)]),
        CRITERIA,
    ).vendors
    busy, night = p.intervals
    assert busy.agents == 14 and busy.scheduled_agents == 18  # ceil(14 / 0.8)
    assert p.service_level == pytest.approx(busy.service_level)
    assert p.occupancy == pytest.approx(
        (busy.occupancy * 14 * 10 + (night.occupancy or 0) * night.agents * 8)
        / (140 + night.agents * 8)
    )
    assert p.asa_seconds == pytest.approx(busy.asa_seconds)
    assert p.buyer_share_of_seats == pytest.approx(18 / 65)
    assert p.peak_scheduled_agents == 18
    assert night.handled_calls_per_week == 0


def test_a_demand_beyond_the_checked_range_is_refused_by_vendor() -> None:
    # 2,000,001 calls an hour x 180 s = 100,000.05 Erlangs, past the 100,000 checked.
    demand = _demand([("flood", 2_000_001, 1)])
    with pytest.raises(ScoringError) as exc:
        plan_vendors([_vendor(name="A"), _vendor(name="B")], demand, CRITERIA)
    assert [p.message for p in exc.value.problems] == [
        f"vendor '{n}': the demand is 100,000 Erlangs at peak with its handle time; staffing is "
        "checked up to 100,000 (split the queue)"
        for n in ("A", "B")
    ]
    assert {p.file for p in exc.value.problems} == {"d.yaml"}


def test_the_plan_carries_the_demand_and_its_week() -> None:
    demand = _demand(
        [("a", 200, 10), ("b", 100, 20)], max_occupancy=0.85, weeks_per_month=4.0,
        max_abandon_rate=None,
    )  # fmt: skip
    plan = plan_vendors([_vendor()], demand, CRITERIA)
    assert (plan.demand_name, plan.demand_file, plan.queue_model) == ("Week", "d.yaml", "erlang_c")
    assert (plan.sl_target, plan.threshold_seconds, plan.sl_definition) == (
        0.8,
        20,
        "answered_of_offered",
    )
    assert (plan.max_occupancy, plan.base_currency, plan.weeks_per_month) == (0.85, "USD", 4.0)
    assert plan.calls_per_week == 200 * 10 + 100 * 20
    (v,) = plan.vendors
    # 14 agents x 10 h + 8 x 20 h = 300 productive hours x 10 USD = 3,000 a week, x 4 a month
    assert v.monthly_cost == pytest.approx(12000.0)
    from vendorscore.scoring.derived import Source, derived_values

    (vendor,) = [_vendor()]
    found = derived_values(
        Source(vendor, CRITERIA, v), ["derived.monthly_cost", "scorecard.fcr"], []
    )
    assert found == {"derived.monthly_cost": pytest.approx(12000.0)}


# ------------------------------------------------------------------------------ edges of the week


def _one(
    pricing: str, intervals: list[tuple[str, float, float]], workforce: str = "{shrinkage: 0.5}"
):
    vendor = vendor_from_text(
        f"name: V\ndelivery_model: onshore\npricing: {{currency: USD, {pricing}}}\n"
        f"workforce: {workforce}\n",
        "V.yaml",
    )
    (plan,) = plan_vendors([vendor], _demand(intervals), CRITERIA).vendors
    return plan


@pytest.mark.parametrize(
    "pricing",
    [
        "model: per_call, rate: 3",
        "model: per_productive_hour, rate: 10",
        "model: per_paid_hour, rate: 9",
    ],
)
def test_a_week_without_calls_costs_nothing_and_shares_nothing(pricing: str) -> None:
    plan = _one(pricing, [("a", 0, 10), ("b", 0, 5)])
    assert plan.weekly_cost == 0.0
    assert [i.weekly_cost for i in plan.intervals] == [0.0, 0.0]
    assert (plan.peak_agents, plan.handled_calls_per_month, plan.cost_per_call) == (0, 0.0, None)
    assert (plan.service_level, plan.occupancy, plan.asa_seconds) == (None, None, None)


def test_a_minimum_with_no_calls_bills_the_seats_fully_on_the_phones() -> None:
    # No calls: no paid hours to take the on-the-phones share from, so the 2 minimum seats bill
    # 2 x 40 h = 80 productive hours x 10 USD = 800 a week.
    plan = _one("model: per_productive_hour, rate: 10, minimum_seats: 2", [("a", 0, 10)])
    assert plan.weekly_cost == pytest.approx(800.0)
    assert plan.billable_fte == 2.0


def test_a_tiny_week_is_still_shared_and_weighted() -> None:
    # 0.05 calls an hour for half an hour a week (0.025 calls): 1 agent, ceil(1 / 0.5) = 2 heads
    # (shrinkage 0.5). Every share and weight is below 1 and must still count.
    calls = _one("model: per_call, rate: 4", [("a", 0.05, 0.5)])
    assert calls.weekly_cost == pytest.approx(4 * 0.025)
    assert calls.intervals[0].weekly_cost == pytest.approx(4 * 0.025)
    assert calls.service_level == pytest.approx(calls.intervals[0].service_level)
    productive = _one("model: per_productive_hour, rate: 10", [("a", 0.05, 0.5)])
    assert (productive.peak_agents, productive.peak_scheduled_agents) == (1, 2)
    assert productive.weekly_cost == pytest.approx(5.0)  # 1 agent x 0.5 h x 10
    assert productive.intervals[0].weekly_cost == pytest.approx(5.0)
    paid = _one("model: per_paid_hour, rate: 9", [("a", 0.05, 0.5)])
    assert paid.intervals[0].weekly_cost == pytest.approx(9.0)  # 2 heads x 0.5 h x 9
    # With 1 minimum seat (40 h) and half the paid hours on the phones (1 agent of 2 heads):
    # 20 productive hours billed x 10 = 200.
    seats = _one("model: per_productive_hour, rate: 10, minimum_seats: 1", [("a", 0.05, 0.5)])
    assert seats.weekly_cost == pytest.approx(200.0)


def test_a_minimum_equal_to_the_need_is_not_reported() -> None:
    # 14 agents / 0.7 = 20 heads x 10 h = 200 paid hours = 5.0 FTE, exactly the minimum.
    plan = _one(
        "model: per_paid_hour, rate: 9, minimum_seats: 5", [("flat", 200, 10)], "{shrinkage: 0.3}"
    )
    assert plan.billable_fte == pytest.approx(5.0)
    assert not any("minimum" in note for note in plan.notes)


@pytest.mark.parametrize(("missed", "shown"), [(3, "i0, i1, i2"), (4, "i0, i1, i2, ...")])
def test_missed_intervals_list_three_then_dots(missed: int, shown: str) -> None:
    week = [(f"i{k}", 200, 1) for k in range(missed)]
    demand = _demand(week, model="erlang_x", patience_seconds=120, max_blocking=0.001)
    (p,) = plan_vendors([_vendor("technology: {programme_lines: 11}\n")], demand, CRITERIA).vendors
    assert p.infeasible == (
        f"misses the blocking cap on its 11 programme lines in {missed} interval(s) ({shown})",
    )


def test_a_language_path_written_without_dots_gets_real_suggestions() -> None:
    assert suggest_fields("languages en-US agents")[:2] == [
        "languages.en-US.agents",
        "languages.en-US.proficiency",
    ]


def test_a_list_value_off_the_ordinal_scale_is_shown_as_written() -> None:
    with pytest.raises(ScaleValueError) as exc:
        utility(ScaleSpec.model_validate({"ordinal": ["a", "b"]}), ["X"])
    assert str(exc.value) == "['X'] is not on the scale; allowed: a, b"


def test_topsis_with_every_leaf_excluded_is_zero_and_a_midpoint_is_fifty() -> None:
    criteria = criteria_from_text(TWO.replace("best: 100}}}\n", "best: 100}}, missing: exclude}\n"), "t.yaml")  # fmt: skip
    empty = vendor_from_text("name: E\ndelivery_model: onshore\n", "e.yaml")
    half = vendor_from_text("name: H\ndelivery_model: onshore\nextra: {a: 50, b: 50}\n", "h.yaml")
    ranking = score([empty, half], criteria, method="topsis")
    # H: d+ = d- = 50, closeness 50; E: no leaf left, closeness 0 and completeness 0.
    assert ranking.vendor("H").total == pytest.approx(50.0)
    assert (ranking.vendor("E").total, ranking.vendor("E").completeness) == (0.0, 0.0)


def test_a_criteria_set_built_in_code_is_blamed_without_a_position() -> None:
    from vendorscore.model.criteria import Criteria, CriteriaSpec

    spec = CriteriaSpec.model_validate(
        {
            "name": "T",
            "criteria": [
                {"id": "c", "weight": 1, "field": "derived.agents",
                 "scale": {"linear": {"worst": 100, "best": 0}}}
            ],
        }
    )  # fmt: skip
    with pytest.raises(CriteriaError) as exc:
        score([], Criteria(spec, "built.yaml"))
    (problem,) = exc.value.problems
    assert (problem.file, problem.line, problem.column) == ("built.yaml", None, None)
