"""Operations figures that measure the vendor (issue 12): programme lines, feasibility, rostering
and the short-abandon threshold, each against a figure computed by hand here.

Prairie Voice Omaha's Monday peak (samples): 560 calls an hour, 360 s x aht_factor 0.95 =
342 s handle time, so 560 x 342 / 3600 = 53.2 Erlangs; patience 120 s (theta = 342 / 120).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vendorscore import erlang
from vendorscore.errors import VendorScoreError
from vendorscore.inputs.loading import criteria_from_text, load_demand, vendor_from_text
from vendorscore.model.demand import Demand, DemandProfile
from vendorscore.scoring.derived import DERIVED_FIELDS, Source
from vendorscore.scoring.pipeline import score
from vendorscore.staffing.planner import plan_vendors

LOAD = 560 * 342 / 3600  # 53.2 Erlangs
THETA = 342 / 120  # abandonment rate in units of the service rate

CRITERIA = criteria_from_text(
    "name: T\ncriteria:\n"
    "  - {id: c, weight: 1, field: derived.monthly_cost, scale: {linear: {worst: 1e6, best: 0}}}\n",
    "c.yaml",
)


def _chain_blocking(load: float, agents: int, lines: int, theta: float) -> float:
    """pi_L of the M/M/N/L+M birth-death chain, by detailed balance (written out here, apart
    from vendorscore.erlang): birth rate `load`, death rate min(k, N) + max(k - N, 0) theta."""
    weights = [1.0]
    for k in range(1, lines + 1):
        weights.append(weights[-1] * load / (min(k, agents) + max(k - agents, 0) * theta))
    return weights[-1] / math.fsum(weights)


def _erlang_b(load: float, lines: int) -> float:
    """The textbook recursion B(k) = A B(k-1) / (k + A B(k-1))."""
    b = 1.0
    for k in range(1, lines + 1):
        b = load * b / (k + load * b)
    return b


def _demand(**extra: object) -> Demand:
    spec: dict[str, object] = {
        "name": "Monday peak",
        "aht_seconds": 360,
        "patience_seconds": 120,
        "model": "erlang_x",
        "service_level": {"target": 0.8, "threshold_seconds": 20},
        "max_abandon_rate": 0.05,
        "max_occupancy": 0.88,
        "intervals": [{"label": "Mon 08-12", "calls_per_hour": 560, "hours_per_week": 4}],
        **extra,
    }
    return Demand(DemandProfile.model_validate(spec), "d.yaml")


def _prairie(
    technology: str = "{lines: 1300, programme_lines: 66}",
    workforce: str = "",
    name: str = "Prairie",
) -> object:
    wf = workforce or "{shrinkage: 0.30, absenteeism: 0.05, max_occupancy: 0.85, aht_factor: 0.95}"
    return vendor_from_text(
        f"name: {name}\ndelivery_model: onshore\n"
        "pricing: {currency: USD, model: per_call, rate: 4}\n"
        f"workforce: {wf}\ntechnology: {technology}\n",
        "prairie.yaml",
    )


def _plan(vendor: object, demand: Demand | None = None):  # type: ignore[no-untyped-def]
    (plan,) = plan_vendors([vendor], demand or _demand(), CRITERIA).vendors  # type: ignore[list-item]
    return plan


# ---- 1. programme lines ---------------------------------------------------------------------


def test_the_issue_figures_2_83_percent_on_62_lines_and_0_94_on_66() -> None:
    # 62 agents on 62 lines: no queue slot, so Erlang X is Erlang B(62 lines, 53.2 Erlangs).
    on_62 = erlang.queue_metrics(
        LOAD, model="erlang_x", agents=62, lines=62, aht_seconds=342, patience_seconds=120
    )
    assert on_62.blocking_probability == pytest.approx(_erlang_b(LOAD, 62), rel=1e-12)
    assert round(on_62.blocking_probability, 4) == 0.0283
    on_66 = erlang.queue_metrics(
        LOAD, model="erlang_x", agents=62, lines=66, aht_seconds=342, patience_seconds=120
    )
    assert on_66.blocking_probability == pytest.approx(_chain_blocking(LOAD, 62, 66, THETA), 1e-12)
    assert round(on_66.blocking_probability, 4) == 0.0094


def test_blocking_uses_the_programme_lines_not_the_site_trunks() -> None:
    # 66 programme lines: the occupancy cap (0.85) sets 62 agents; blocked: pi_66 of the chain.
    plan = _plan(_prairie())
    (peak,) = plan.intervals
    assert (plan.lines, peak.agents) == (66, 62)
    assert peak.blocking_rate == pytest.approx(_chain_blocking(LOAD, 62, 66, THETA), rel=1e-9)
    assert plan.blocking_rate == pytest.approx(0.009355852622426362, rel=1e-9)
    # 62 programme lines: 61 agents meet the other targets (one queue slot left); 2.75% blocked.
    tight = _plan(_prairie("{lines: 1300, programme_lines: 62}"))
    assert tight.intervals[0].agents == 61
    assert tight.blocking_rate == pytest.approx(_chain_blocking(LOAD, 61, 62, THETA), rel=1e-9)
    # The site's 1,300 trunks alone were the old input: they hid the busy signals entirely.
    assert _chain_blocking(LOAD, 62, 1300, THETA) < 1e-12


def test_without_programme_lines_blocking_is_missing_with_a_note_never_zero() -> None:
    plan = _plan(_prairie("{lines: 1300}"))
    assert plan.queue_model == "erlang_a" and plan.blocking_rate is None
    assert (
        "technology.programme_lines not given: blocking not modelled (Erlang A used), so "
        "derived.blocking_rate is missing"
    ) in plan.notes
    vendor = _prairie("{lines: 1300}")
    source = Source(vendor, CRITERIA, plan)  # type: ignore[arg-type]
    assert DERIVED_FIELDS["blocking_rate"].compute(source) is None
    # The leaf's missing policy applies: `worst` gives 0 points, `neutral` 50.
    criteria = criteria_from_text(
        "name: T\ncriteria:\n"
        "  - {id: b, weight: 1, field: derived.blocking_rate, missing: worst,\n"
        "     scale: {piecewise: [[0, 100], [0.03, 0]]}}\n",
        "c.yaml",
    )
    staffing = plan_vendors([vendor], _demand(), criteria)  # type: ignore[list-item]
    (result,) = score([vendor], criteria, staffing=staffing).vendors  # type: ignore[list-item]
    assert result.total == 0.0


# ---- 2. feasibility -------------------------------------------------------------------------


def test_a_vendor_short_of_lines_or_seats_is_flagged_and_can_be_required_feasible() -> None:
    demand = _demand(max_blocking=0.01)
    short = _prairie("{lines: 1300, programme_lines: 62}", name="Short")
    small = vendor_from_text(
        "name: Small\ndelivery_model: onshore\n"
        "sites: [{city: Omaha, country: US, timezone: America/Chicago, seats: 90}]\n"
        "pricing: {currency: USD, model: per_call, rate: 4}\n"
        "workforce: {shrinkage: 0.30, absenteeism: 0.05, max_occupancy: 0.85, aht_factor: 0.95}\n"
        "technology: {programme_lines: 66}\n",
        "small.yaml",
    )
    good = _prairie()
    criteria = criteria_from_text(
        "name: T\nrequirements: [{field: derived.feasible, equals: true}]\ncriteria:\n"
        "  - {id: c, weight: 1, field: derived.monthly_cost, scale: {linear: {worst: 1e6, best: 0}}}\n",
        "c.yaml",
    )
    staffing = plan_vendors([short, small, good], demand, criteria)  # type: ignore[list-item]
    by_name = {p.vendor: p for p in staffing.vendors}
    # 61 agents on 62 lines block 2.75% > 1%; adding agents only blocks more (fewer queue slots).
    assert by_name["Prairie"].feasible is True
    assert by_name["Small"].infeasible == (
        "its 90 seats are fewer than the 94 heads needed at peak",
    )
    ranking = score([short, small, good], criteria, staffing=staffing)  # type: ignore[list-item]
    assert [r.name for r in ranking.vendors if r.eligible] == ["Prairie"]
    assert (
        "Small cannot meet the targets: its 90 seats are fewer than the 94 heads needed at peak"
        in (ranking.warnings)
    )
    del by_name
    staffing = plan_vendors([short], demand, criteria)  # type: ignore[list-item]
    (plan,) = staffing.vendors
    assert plan.infeasible == (
        "misses the blocking cap on its 62 programme lines in 1 interval(s) (Mon 08-12)",
    )
    assert plan.notes[0] == "cannot meet the targets: " + plan.infeasible[0]


# ---- 4. rostering ---------------------------------------------------------------------------


def test_heads_divide_by_shrinkage_and_absenteeism_unless_shrinkage_includes_it() -> None:
    # 62 agents / ((1 - 0.30) x (1 - 0.05)) = 62 / 0.665 = 93.23 -> 94 heads.
    assert _plan(_prairie()).peak_scheduled_agents == 94
    # The profile says its 30% already counts absence: 62 / 0.70 = 88.57 -> 89 heads.
    included = _prairie(
        workforce="{shrinkage: 0.30, absenteeism: 0.05, shrinkage_includes_absenteeism: true,"
        " max_occupancy: 0.85, aht_factor: 0.95}"
    )
    assert _plan(included).peak_scheduled_agents == 89
    # No absenteeism given: shrinkage alone, and the note says so.
    silent = _prairie(workforce="{shrinkage: 0.30, max_occupancy: 0.85, aht_factor: 0.95}")
    plan = _plan(silent)
    assert plan.peak_scheduled_agents == 89
    assert "workforce.absenteeism not given: assumed 0 (heads = agents / (1 - shrinkage))" in (
        plan.notes
    )


@pytest.mark.parametrize(
    ("pricing", "hand"),
    [
        # 94 heads x 4 h = 376 paid hours; / 0.8 efficiency = 470 rostered hours x 20 USD.
        ("{currency: USD, model: per_paid_hour, rate: 20}", 470 * 20),
        # 62 agents x 4 h = 248 productive hours / 0.8 = 310 x 30 USD.
        ("{currency: USD, model: per_productive_hour, rate: 30}", 310 * 30),
        # 470 rostered hours / 40 h = 11.75 FTE x 4,000 USD a month / (52 / 12) weeks.
        ("{currency: USD, model: per_fte_month, rate: 4000}", 11.75 * 4000 / (52 / 12)),
    ],
)
def test_schedule_efficiency_turns_interval_heads_into_rostered_fte(
    pricing: str, hand: float
) -> None:
    vendor = vendor_from_text(
        f"name: P\ndelivery_model: onshore\npricing: {pricing}\n"
        "workforce: {shrinkage: 0.30, absenteeism: 0.05, max_occupancy: 0.85, aht_factor: 0.95}\n"
        "technology: {programme_lines: 66}\n",
        "p.yaml",
    )
    plan = _plan(vendor, _demand(schedule_efficiency=0.8))
    assert (plan.peak_agents, plan.peak_scheduled_agents) == (62, 94)
    assert plan.fte_to_hire == pytest.approx(94 * 4 / 0.8 / 40)  # 11.75
    assert plan.weekly_cost == pytest.approx(hand, rel=1e-12)


def test_per_call_prices_ignore_the_roster() -> None:
    # A per-call rate carries the vendor's rostering losses already: the efficiency changes
    # the FTE to hire, not the bill.
    lean, loose = (_plan(_prairie(), _demand(schedule_efficiency=e)) for e in (1.0, 0.8))
    assert lean.weekly_cost == loose.weekly_cost
    assert (lean.fte_to_hire, loose.fte_to_hire) == (pytest.approx(9.4), pytest.approx(11.75))


# ---- 5. short abandons ----------------------------------------------------------------------

# Independent Erlang A figures: tests/data/erlang_reference.py's `lossy` (the birth-death chain in
# mpmath at 60 digits, Mandelbaum-Zeltyn forms) at 42 Erlangs, AHT 360 s, patience 120 s:
#   answered within 20 s of offered  = lossy(42, n, 20, 360, 120)["sl_answered_within_T_of_offered"]
#   abandoned within 5 s             = incl - sl of lossy(42, n, 5, 360, 120)
# computed with: cd tests/data && python -c "from erlang_reference import lossy; ..."
REFERENCE = {
    # agents: (answered within 20 s, abandoned within 5 s, abandoned within 20 s)
    42: (0.76471743638190386, 0.015120842774411744, 0.047189119206622244),
    45: (0.86000183789825606, 0.0098923409327850314, 0.029715081716567604),
}


@pytest.mark.parametrize("agents", sorted(REFERENCE))
def test_short_abandons_at_5_s_match_an_independent_erlang_a(agents: int) -> None:
    sl20, short5, within20 = REFERENCE[agents]

    def level(definition: str, short: float | None) -> float | None:
        return erlang.queue_metrics(
            42, model="erlang_a", agents=agents, aht_seconds=360, patience_seconds=120,
            threshold_seconds=20, sl_definition=definition, short_abandon_seconds=short,  # type: ignore[arg-type]
        ).service_level  # fmt: skip

    assert level("answered_excl_short_abandons", 5) == pytest.approx(sl20 / (1 - short5), 1e-12)
    assert level("short_abandons_as_met", 5) == pytest.approx(sl20 + short5, rel=1e-12)
    # Without the field, short abandons are those within the 20 s threshold (the old reading).
    assert level("answered_excl_short_abandons", None) == pytest.approx(
        sl20 / (1 - within20), rel=1e-12
    )
    # The definitions that forgive no abandons do not depend on it.
    assert level("answered_of_offered", 5) == pytest.approx(sl20, rel=1e-12)


def test_the_demand_threshold_for_short_abandons_defaults_to_5_s_and_reaches_the_plan() -> None:
    demand = _demand(
        model="erlang_a",
        aht_seconds=360,
        service_level={
            "target": 0.75,
            "threshold_seconds": 20,
            "definition": "answered_excl_short_abandons",
        },
        max_abandon_rate=None,
        max_occupancy=None,
        intervals=[{"label": "flat", "calls_per_hour": 420, "hours_per_week": 10}],
    )
    assert demand.spec.service_level.short_abandon_seconds == 5.0
    vendor = vendor_from_text(
        "name: V\ndelivery_model: onshore\npricing: {currency: USD, model: per_call, rate: 1}\n"
        "workforce: {shrinkage: 0.3, absenteeism: 0, aht_factor: 1}\n",
        "v.yaml",
    )
    (interval,) = _plan(vendor, demand).intervals
    # 41 agents reach 73.98% forgiving 5 s abandons (76.85% forgiving 20 s ones: the old reading
    # would have staffed 41); 42 reach sl20 / (1 - short5) = 77.65%.
    assert interval.agents == 42
    sl20, short5, _ = REFERENCE[42]
    assert interval.service_level == pytest.approx(sl20 / (1 - short5), rel=1e-12)


def test_a_short_abandon_threshold_beyond_the_service_level_threshold_is_refused(
    tmp_path: Path,
) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(
        "name: D\naht_seconds: 300\nmodel: erlang_c\n"
        "service_level: {target: 0.8, threshold_seconds: 20, short_abandon_seconds: 30}\n"
        "intervals: [{label: a, calls_per_hour: 10, hours_per_week: 1}]\n",
        encoding="utf-8",
    )
    with pytest.raises(VendorScoreError) as caught:
        load_demand(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:4:16: service_level: short_abandon_seconds (30) is longer than "
        "threshold_seconds (20); short abandons are the first few seconds"
    ]


# ---- 7. time zones ----------------------------------------------------------------------------


def _timed_demand(**extra: object) -> Demand:
    return _demand(
        timezone="America/New_York",
        intervals=[
            {
                "label": "mornings",
                "calls_per_hour": 100,
                "hours_per_week": 20,
                "when": [
                    {"days": ["mon", "tue", "wed", "thu", "fri"], "from": "08:00", "to": "12:00"}
                ],
            },
            {
                "label": "afternoons",
                "calls_per_hour": 50,
                "hours_per_week": 30,
                "when": [
                    {"days": ["mon", "tue", "wed", "thu", "fri"], "from": "12:00", "to": "18:00"}
                ],
            },
        ],
        **extra,
    )


def _sited(sites: str) -> object:
    return vendor_from_text(
        f"name: S\ndelivery_model: offshore\nsites: {sites}\n"
        "pricing: {currency: USD, model: per_call, rate: 1}\n"
        "workforce: {shrinkage: 0.3, absenteeism: 0.05}\ntechnology: {programme_lines: 80}\n",
        "s.yaml",
    )


def test_night_share_of_a_manila_site_serving_us_eastern_hours() -> None:
    # New York 08-12 (100 calls/h) and 12-18 (50 calls/h), Monday to Friday: 700 calls a day.
    # January: Manila is 13 h ahead: 21:00-01:00 and 01:00-07:00 local. At night (22-06):
    #   3 h x 100 + 5 h x 50 = 550 calls of 700.
    # July (New York on daylight time): 12 h ahead: 20:00-24:00 and 00:00-06:00 local:
    #   2 h x 100 + 6 h x 50 = 500 calls of 700.
    # The typical week is the mean of the two: (550 + 500) / 1,400 = 0.75.
    plan = _plan(
        _sited("[{city: Manila, country: PH, timezone: Asia/Manila, seats: 300}]"), _timed_demand()
    )
    assert plan.night_share == pytest.approx(0.75, rel=1e-12)
    # Its daytime (07-19) never meets New York's 08-18 in either season.
    assert plan.daytime_share == 0.0
    # A Chicago site with 100 seats (local 07:00-17:00: no night, all daytime) dilutes both by
    # seats: night 0.75 x 300 / 400 = 0.5625; daytime 1 x 100 / 400 = 0.25.
    both = _plan(
        _sited(
            "[{city: Manila, country: PH, timezone: Asia/Manila, seats: 300},"
            " {city: Home agents, country: US, timezone: America/Chicago, seats: 100,"
            " home_based_share: 1.0}]"
        ),
        _timed_demand(),
    )
    assert (both.night_share, both.daytime_share) == (pytest.approx(0.5625), pytest.approx(0.25))


def test_without_times_or_zones_the_shares_are_missing() -> None:
    manila = _sited("[{city: Manila, country: PH, timezone: Asia/Manila, seats: 300}]")
    assert _plan(manila).night_share is None  # the demand gives no times
    unzoned = _plan(_sited("[{city: Manila, country: PH, seats: 300}]"), _timed_demand())
    assert unzoned.night_share is None and unzoned.daytime_share is None
    assert "no site gives its timezone: night and daytime shares not computed" in unzoned.notes


def test_a_time_zone_that_is_not_iana_is_a_located_error(tmp_path: Path) -> None:
    from vendorscore.inputs.loading import load_vendors

    path = tmp_path / "v.yaml"
    path.write_text(
        "name: V\ndelivery_model: offshore\nsites:\n"
        "  - {city: Olympus, timezone: Mars/Olympus}\n"
        "  - {city: Manila, timezone: asia/manila}\n",
        encoding="utf-8",
    )
    with pytest.raises(VendorScoreError) as caught:
        load_vendors([path])
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:4:31: sites.0.timezone: 'Mars/Olympus' is not an IANA time zone "
        "(e.g. America/New_York, Asia/Manila)",
        f"{path}:5:30: sites.1.timezone: 'asia/manila' is not an IANA time zone "
        "(did you mean 'Asia/Manila'?)",
    ]


def test_only_iana_names_are_zones_on_every_machine() -> None:
    # A Linux zone folder also holds `localtime`, `posixrules` and the posix/ and right/ copies
    # of every zone; zoneinfo opens them there but not where it reads the tzdata package
    # (Windows, slim containers). None is an IANA name, so none validates anywhere.
    from vendorscore.model.hours import _timezone

    for name in ("localtime", "posixrules", "posix/Asia/Manila", "right/UTC", "right/Asia/Manila"):
        with pytest.raises(ValueError, match="is not an IANA time zone"):
            _timezone(name)
    for name in ("Asia/Manila", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "US/Eastern"):
        assert _timezone(name) == name


def test_interval_times_must_last_its_hours(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(
        "name: D\naht_seconds: 300\nmodel: erlang_c\ntimezone: America/New_York\n"
        "service_level: {target: 0.8, threshold_seconds: 20}\n"
        "intervals:\n"
        "  - {label: a, calls_per_hour: 10, hours_per_week: 40,"
        " when: [{days: [mon, tue, wed, thu, fri], from: '09:00', to: '18:00'}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(VendorScoreError) as caught:
        load_demand(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:7:5: intervals.0: its times ('when') last 45 hours a week, but hours_per_week "
        "is 40"
    ]


# ---- 6. service-level comparability -----------------------------------------------------------


@pytest.mark.parametrize(
    ("scorecard", "expected", "note"),
    [
        ("{service_level: {achieved: 0.82, threshold_seconds: 20}}", 0.82, None),
        (
            "{service_level: {achieved: 0.80, threshold_seconds: 30}}",
            None,
            "scorecard.service_level is measured at 30 s, not the buyer's 20 s: not comparable, "
            "treated as missing",
        ),
        (
            "{service_level: {achieved: 0.80}}",
            None,
            "scorecard.service_level gives no threshold_seconds: not comparable with the buyer's "
            "20 s, treated as missing",
        ),
        ("{fcr: 0.7}", None, None),
    ],
)
def test_a_reported_service_level_counts_only_at_the_buyers_threshold(
    scorecard: str, expected: float | None, note: str | None
) -> None:
    vendor = vendor_from_text(
        "name: V\ndelivery_model: onshore\npricing: {currency: USD, model: per_call, rate: 1}\n"
        f"technology: {{programme_lines: 80}}\nscorecard: {scorecard}\n",
        "v.yaml",
    )
    plan = _plan(vendor)
    assert plan.reported_service_level == expected
    source = Source(vendor, CRITERIA, plan)  # type: ignore[arg-type]
    assert DERIVED_FIELDS["reported_service_level"].compute(source) == expected
    assert (note in plan.notes) if note else not any("scorecard" in n for n in plan.notes)


@settings(max_examples=40, deadline=None)
@given(
    load=st.floats(min_value=2, max_value=40),
    aht=st.floats(min_value=120, max_value=600),
    patience=st.floats(min_value=20, max_value=400),
    short=st.sampled_from([0.0, 2.0, 5.0, 10.0]),
    spare=st.floats(min_value=1.0, max_value=1.6),
    definition=st.sampled_from(["answered_excl_short_abandons", "short_abandons_as_met"]),
    target=st.floats(min_value=0.5, max_value=0.9),
    max_blocking=st.sampled_from([None, 0.02, 0.05]),
)
def test_erlang_x_staffing_with_a_short_abandon_threshold_matches_a_brute_force_scan(
    load: float,
    aht: float,
    patience: float,
    short: float,
    spare: float,
    definition: str,
    target: float,
    max_blocking: float | None,
) -> None:
    # The search's bounds assume the short-abandon service levels fall as blocking rises; the
    # scan checks every count from 1 to the lines with the public evaluation instead.
    lines = int(load * spare) + 2
    kw = {
        "aht_seconds": aht, "model": "erlang_x", "patience_seconds": patience,
        "threshold_seconds": 20.0, "lines": lines, "sl_definition": definition,
        "short_abandon_seconds": short,
    }  # fmt: skip
    found = erlang.agents_for_targets(load, sl_target=target, max_blocking=max_blocking, **kw)  # type: ignore[arg-type]

    def meets(n: int) -> bool:
        m = erlang.queue_metrics(load, agents=n, **kw)  # type: ignore[arg-type]
        assert m.service_level is not None and m.blocking_probability is not None
        blocking_ok = max_blocking is None or m.blocking_probability <= max_blocking
        return m.service_level >= target and blocking_ok

    brute = next((n for n in range(1, lines + 1) if meets(n)), None)
    assert (found.agents if found.feasible else None) == brute
