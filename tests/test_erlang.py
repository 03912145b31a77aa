"""Erlang B, C, A and X against the cross-checked reference values.

Expected values come from `shared/reference/erlang_published.json` (a copy ships in
tests/data/ so the tests never skip): each value was computed at 60 significant digits from
closed forms (direct Poisson sums, Garnett-Mandelbaum-Reiman / Mandelbaum-Zeltyn
incomplete-gamma formulas, Erlang X per-position quadrature) and agreed to 1e-9 relative with two
independent float64 methods. The `published_checks` entries cite their own sources (pyworkforce
docs and GitHub issue #35, the erlang.com calculator manual, standard Erlang B tables, Wolfram
Mathematica, the voip-calculator.com manual).
"""

from __future__ import annotations

import json
import math
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any

import pytest

from vendorscore.erlang import (
    SL_DEFINITIONS,
    agents_for_targets,
    erlang_a_metrics,
    erlang_b,
    erlang_b_capacity,
    erlang_b_metrics,
    erlang_c,
    erlang_c_metrics,
    erlang_x_metrics,
    log_erlang_b,
    offered_load_erlangs,
    queue_metrics,
    scheduled_agents,
)

_SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
_LOCAL = Path(__file__).resolve().parent / "data"
# The versioned copy is the one the tests use; test_local_copy_matches_shared_reference keeps it
# equal to shared/reference, and tests/data/erlang_reference.py regenerates it (mpmath).
REFERENCE_PATH = _LOCAL / "erlang_published.json"
REF: dict[str, Any] = json.loads(REFERENCE_PATH.read_text(encoding="utf-8"))
REL = 1e-9

# Reference key -> our service-level definition name.
SL_KEYS = {
    "sl_answered_within_T_of_offered": "answered_of_offered",
    "sl_answered_within_T_of_answered": "answered_of_answered",
    "sl_answered_within_T_excl_abandons_within_T": "answered_excl_short_abandons",
    "sl_wait_le_T_incl_abandoned": "short_abandons_as_met",
    "p_offered_wait_le_T": "virtual_wait",
}


def close(got: float | None, expected: float, rel: float = REL) -> bool:
    assert got is not None
    return got == pytest.approx(expected, rel=rel, abs=1e-300)


def cases() -> list[Any]:
    return [pytest.param(c, id=c["id"]) for c in REF["cases"]]


def test_local_copy_matches_shared_reference() -> None:
    """tests/data holds the same file as shared/reference (CI has shared/ beside the clone)."""
    shared = _SHARED / "erlang_published.json"
    if not shared.exists():
        pytest.skip(f"no shared reference at {shared} to compare the local copy with")
    assert REFERENCE_PATH.read_bytes() == shared.read_bytes()


def _decimal_erlang_b(load: float, lines: int) -> Decimal:
    """B(N, A) by the direct Poisson sum in 50-digit decimals (the file's definition)."""
    with localcontext() as ctx:
        ctx.prec = 50
        a = Decimal(load)
        term = total = Decimal(1)
        for k in range(1, lines + 1):
            term = term * a / k
            total += term
        return term / total


@pytest.mark.parametrize(
    "case", [c for c in REF["cases"] if c["inputs"]["agents"] <= 200], ids=lambda c: c["id"]
)
def test_reference_erlang_b_and_c_follow_their_definitions(case: dict[str, Any]) -> None:
    """The file's Erlang B and C values recomputed here from the formulas in its `definitions`."""
    i = case["inputs"]
    load, n = i["offered_load_erlangs"], i["agents"]
    b = _decimal_erlang_b(load, n)
    assert case["erlang_b"]["blocking_probability"] == pytest.approx(float(b), rel=1e-14)
    c = case["erlang_c"]
    if n <= load:
        assert (c["stable"], c["prob_wait"], c["service_level"]) == (False, 1.0, None)
        return
    with localcontext() as ctx:
        ctx.prec = 50
        pw = n * b / (n - Decimal(load) * (1 - b))
        sl = (
            1
            - pw
            * (
                -(n - Decimal(load))
                * Decimal(i["sl_threshold_seconds"])
                / Decimal(i["aht_seconds"])
            ).exp()
        )
        asa = pw * Decimal(i["aht_seconds"]) / (n - Decimal(load))
    assert c["prob_wait"] == pytest.approx(float(pw), rel=1e-14)
    assert c["service_level"] == pytest.approx(float(sl), rel=1e-14)
    assert c["asa_seconds"] == pytest.approx(float(asa), rel=1e-14)
    assert c["occupancy"] == pytest.approx(load / n, rel=1e-15)


# --------------------------------------------------------------------------- Erlang B


@pytest.mark.parametrize("case", cases())
def test_erlang_b_blocking_matches_reference(case: dict[str, Any]) -> None:
    i = case["inputs"]
    expected = case["erlang_b"]
    assert close(erlang_b(i["offered_load_erlangs"], i["agents"]), expected["blocking_probability"])
    log10 = log_erlang_b(i["offered_load_erlangs"], i["agents"]) / math.log(10)
    assert close(log10, expected["log10_blocking"])


def test_erlang_b_log_stays_finite_where_blocking_underflows() -> None:
    assert erlang_b(1.0, 100_000) == 0.0
    assert math.isfinite(log_erlang_b(1.0, 100_000))
    assert log_erlang_b(1.0, 100_000) < -1e6


def test_erlang_b_with_zero_lines_blocks_everything() -> None:
    assert erlang_b(3.0, 0) == 1.0


# --------------------------------------------------------------------------- Erlang C


@pytest.mark.parametrize("case", cases())
def test_erlang_c_matches_reference(case: dict[str, Any]) -> None:
    i = case["inputs"]
    expected = case["erlang_c"]
    m = erlang_c_metrics(
        i["offered_load_erlangs"],
        agents=i["agents"],
        aht_seconds=i["aht_seconds"],
        threshold_seconds=i["sl_threshold_seconds"],
    )
    assert m.stable is expected["stable"]
    assert close(m.prob_wait, expected["prob_wait"])
    if not expected["stable"]:
        assert m.service_level is None and m.asa_seconds is None
        return
    assert close(m.service_level, expected["service_level"])
    assert close(m.asa_seconds, expected["asa_seconds"])
    assert close(m.occupancy, expected["occupancy"])
    assert m.asa_seconds is not None and m.prob_wait is not None
    assert close(m.asa_seconds / m.prob_wait, expected["mean_wait_given_delay_seconds"])


def test_erlang_c_unstable_reports_limits_not_probabilities_above_one() -> None:
    m = erlang_c_metrics(10, agents=10, aht_seconds=180)
    assert (m.stable, m.prob_wait, m.occupancy) == (False, 1.0, 1.0)
    assert m.service_level is None and m.asa_seconds is None
    assert erlang_c(100, 90) == 1.0


def test_erlang_c_at_a_hundred_thousand_agents_is_finite() -> None:
    m = erlang_c_metrics(99_000, agents=100_000, aht_seconds=300)
    assert m.prob_wait is not None and 0.0 < m.prob_wait < 1e-2
    assert m.service_level is not None and 0.999 < m.service_level <= 1.0
    # Halfin-Whitt: 1,000 spare agents is beta = 3.18, where the wait probability is about 1e-3.
    assert 1e-4 < m.prob_wait < 1e-2


# --------------------------------------------------------------------------- Erlang A


@pytest.mark.parametrize("case", cases())
@pytest.mark.parametrize("key", list(SL_KEYS))
def test_erlang_a_service_levels_match_reference(case: dict[str, Any], key: str) -> None:
    i = case["inputs"]
    m = erlang_a_metrics(
        i["offered_load_erlangs"],
        agents=i["agents"],
        aht_seconds=i["aht_seconds"],
        patience_seconds=i["mean_patience_seconds"],
        threshold_seconds=i["sl_threshold_seconds"],
        sl_definition=SL_KEYS[key],  # type: ignore[arg-type]
    )
    assert m.service_level_definition == SL_KEYS[key]
    assert close(m.service_level, case["erlang_a"][key])


@pytest.mark.parametrize("case", cases())
def test_erlang_a_waits_abandonment_and_occupancy_match_reference(case: dict[str, Any]) -> None:
    i = case["inputs"]
    expected = case["erlang_a"]
    m = erlang_a_metrics(
        i["offered_load_erlangs"],
        agents=i["agents"],
        aht_seconds=i["aht_seconds"],
        patience_seconds=i["mean_patience_seconds"],
        threshold_seconds=i["sl_threshold_seconds"],
    )
    assert m.stable and m.blocking_probability is None
    assert close(m.prob_wait, expected["prob_wait"])
    assert close(m.prob_abandon, expected["prob_abandon"])
    assert close(m.asa_seconds, expected["asa_answered_seconds"])
    assert close(m.occupancy, expected["occupancy"])
    assert m.prob_abandon is not None
    wait_all = m.prob_abandon * i["mean_patience_seconds"]
    assert close(wait_all, expected["mean_wait_all_seconds"])


@pytest.mark.parametrize("case", cases())
def test_erlang_x_with_endless_lines_agrees_with_erlang_a(case: dict[str, Any]) -> None:
    """The position-by-position chain (Erlang X) is an independent check of the closed forms."""
    i = case["inputs"]
    kw = {
        "agents": i["agents"],
        "aht_seconds": i["aht_seconds"],
        "patience_seconds": i["mean_patience_seconds"],
        "threshold_seconds": i["sl_threshold_seconds"],
    }
    for definition in SL_DEFINITIONS:
        x = erlang_x_metrics(i["offered_load_erlangs"], lines=10**7, sl_definition=definition, **kw)
        a = erlang_a_metrics(i["offered_load_erlangs"], sl_definition=definition, **kw)
        assert close(x.service_level, a.service_level or 0.0, 1e-12)
        assert close(x.prob_abandon, a.prob_abandon or 0.0, 1e-12)
        assert close(x.asa_seconds, a.asa_seconds or 0.0, 1e-12)
        assert x.blocking_probability == 0.0


def test_erlang_a_far_below_the_load_stays_finite() -> None:
    m = erlang_a_metrics(100_000, agents=50_000, aht_seconds=300, patience_seconds=180)
    assert m.prob_wait == pytest.approx(1.0)
    assert m.prob_abandon == pytest.approx(0.5, rel=1e-3)
    assert m.occupancy is not None and 0.99 < m.occupancy <= 1.0
    assert m.asa_seconds is not None and math.isfinite(m.asa_seconds)


# --------------------------------------------------------------------------- Erlang X


def x_cases() -> list[Any]:
    return [pytest.param(c, id=c["id"]) for c in REF["erlang_x_cases"]]


def x_metrics(case: dict[str, Any], definition: str = "answered_of_offered") -> Any:
    i = case["inputs"]
    load = i.get("offered_load_erlangs", i.get("fresh_offered_load_erlangs"))
    return erlang_x_metrics(
        load,
        agents=i["agents"],
        lines=i["lines"],
        aht_seconds=i["aht_seconds"],
        patience_seconds=i["mean_patience_seconds"],
        threshold_seconds=i["sl_threshold_seconds"],
        redial_probability=i["redial_probability"],
        sl_definition=definition,
    )


@pytest.mark.parametrize("case", x_cases())
def test_erlang_x_matches_reference(case: dict[str, Any]) -> None:
    m = x_metrics(case)
    figures = {
        "prob_blocked": m.blocking_probability,
        "prob_abandon": m.prob_abandon,
        "sl_answered_within_T_of_offered": m.service_level,
        "sl_wait_le_T_incl_abandoned": x_metrics(case, "short_abandons_as_met").service_level,
        "p_offered_wait_le_T": x_metrics(case, "virtual_wait").service_level,
        "occupancy": m.occupancy,
        "effective_offered_load_erlangs": m.offered_load_erlangs,
        "prob_blocked_per_attempt": m.blocking_probability,
        "prob_abandon_per_attempt": m.prob_abandon,
        "sl_answered_within_T_of_attempts": m.service_level,
        "fresh_callers_finally_lost_fraction": m.lost_fraction_of_fresh_callers,
    }
    for key, expected in case["results"].items():
        if expected == 0.0:
            assert figures[key] == pytest.approx(0.0, abs=1e-15), key
        else:
            assert close(figures[key], expected), key


def test_erlang_x_lines_below_agents_is_an_error() -> None:
    with pytest.raises(ValueError, match="lines must be >= agents"):
        erlang_x_metrics(10, agents=12, lines=11, aht_seconds=180, patience_seconds=60)


# --------------------------------------------------------------------------- published checks


def published(source_prefix: str) -> dict[str, Any]:
    return next(p for p in REF["published_checks"] if p["source"].startswith(source_prefix))


def test_pyworkforce_erlang_c_service_level_is_reproduced() -> None:
    """pyworkforce docs / issue #35: 100 calls in 30 min, AHT 3 min, 14 agents -> SL 0.88835."""
    load = offered_load_erlangs(200, 180)
    m = erlang_c_metrics(load, agents=14, aht_seconds=180, threshold_seconds=20)
    assert close(m.service_level, published("pyworkforce docs")["ours"])
    assert round(m.service_level or 0.0, 5) == 0.88835


def test_pyworkforce_erlang_c_positions_are_reproduced() -> None:
    """pyworkforce ErlangC docstring: SL 80%, max occupancy 85%, shrinkage 30% -> 14 raw, 20."""
    s = agents_for_targets(10, aht_seconds=180, sl_target=0.8, max_occupancy=0.85, shrinkage=0.3)
    assert published("pyworkforce ErlangC")["ours"] == "raw 14, scheduled ceil(14/0.7)=20"
    assert (s.agents, s.scheduled_agents) == (14, 20)


def test_pyworkforce_erlang_b_positions_are_reproduced() -> None:
    """pyworkforce ErlangB docstring: 2% blocking, shrinkage 30% -> 17 raw, 25 scheduled."""
    s = agents_for_targets(10, aht_seconds=180, model="erlang_b", max_blocking=0.02, shrinkage=0.3)
    assert published("pyworkforce ErlangB")["ours"] == "raw 17, scheduled 25"
    assert (s.agents, s.scheduled_agents) == (17, 25)
    assert s.binding == ("blocking",)


def test_erlang_com_fifteen_lines_carry_8_108_erlangs() -> None:
    """erlang.com calculator manual (Westbay): 15 lines at 1% blocking carry 8.108 Erlangs."""
    assert close(erlang_b_capacity(15, blocking=0.01), published("erlang.com")["ours"])


def test_erlang_b_table_ten_lines() -> None:
    """Standard Erlang B tables: 10 lines at 1% blocking carry 4.46 E; B(10, 10) = 0.2146."""
    capacity, blocking = published("standard Erlang B")["ours"]
    assert close(erlang_b_capacity(10, blocking=0.01), capacity)
    assert close(erlang_b(10, 10), blocking)


def test_mathematica_erlang_b_example() -> None:
    """Wolfram Mathematica ErlangB example: 30 lines, 25 Erlangs -> about 0.05."""
    assert close(erlang_b(25, 30), published("Wolfram")["ours"])


def test_voip_calculator_blocking_with_retries() -> None:
    """voip-calculator.com ExtErlBBlocking: 1500 E on 1000 lines, 20% retry -> blocking 0.386."""
    expected = published("voip-calculator")["ours"]
    m = erlang_b_metrics(1500, lines=1000, redial_probability=0.2)
    assert close(m.blocking_probability, expected["blocking"])
    assert close(m.offered_load_erlangs, expected["effective_load_erlangs"])
    assert m.fresh_offered_load_erlangs == 1500


# --------------------------------------------------------------------------- staffing


def staffing_cases() -> list[Any]:
    return [pytest.param(c, id=c["id"]) for c in REF["staffing_cases"]]


@pytest.mark.parametrize("case", staffing_cases())
def test_erlang_c_staffing_matches_reference(case: dict[str, Any]) -> None:
    i, r = case["inputs"], case["results"]
    s = agents_for_targets(
        i["offered_load_erlangs"],
        aht_seconds=i["aht_seconds"],
        sl_target=i["sl_target"],
        threshold_seconds=i["sl_threshold_seconds"],
        max_occupancy=i["max_occupancy"],
        shrinkage=i["shrinkage"],
    )
    assert s.feasible
    assert (s.agents, s.scheduled_agents) == (r["agents_erlang_c"], r["scheduled_agents_erlang_c"])
    assert close(s.metrics.service_level, r["erlang_c_sl_at_agents"])
    assert close(s.metrics.occupancy, r["erlang_c_occupancy"])


@pytest.mark.parametrize("case", staffing_cases())
def test_erlang_a_staffing_matches_reference(case: dict[str, Any]) -> None:
    i, r = case["inputs"], case["results"]
    s = agents_for_targets(
        i["offered_load_erlangs"],
        aht_seconds=i["aht_seconds"],
        model="erlang_a",
        patience_seconds=i["mean_patience_seconds"],
        sl_target=i["sl_target"],
        threshold_seconds=i["sl_threshold_seconds"],
        max_occupancy=i["max_occupancy"],
        max_abandon_rate=i["max_abandon_rate"],
        shrinkage=i["shrinkage"],
    )
    assert s.feasible
    assert (s.agents, s.scheduled_agents) == (r["agents_erlang_a"], r["scheduled_agents_erlang_a"])
    assert close(s.metrics.service_level, r["erlang_a_sl_answered_within_T_of_offered_at_agents"])
    assert close(s.metrics.prob_abandon, r["erlang_a_abandon_at_agents"])
    assert close(s.metrics.occupancy, r["erlang_a_occupancy"])


def test_erlang_a_staffing_goes_below_the_offered_load() -> None:
    """S_A4900_ab2pct: 4,808 agents for 4,900 Erlangs, bound by the 2% abandonment cap."""
    s = agents_for_targets(
        4900, aht_seconds=300, model="erlang_a", patience_seconds=180, sl_target=0.8,
        max_abandon_rate=0.02,
    )  # fmt: skip
    assert s.agents == 4808
    assert s.agents < 4900
    assert s.binding == ("abandon_rate",)


def test_staffing_metrics_equal_a_direct_evaluation() -> None:
    s = agents_for_targets(
        166.7, aht_seconds=300, model="erlang_a", patience_seconds=180, sl_target=0.8
    )
    direct = erlang_a_metrics(166.7, agents=s.agents, aht_seconds=300, patience_seconds=180)
    assert s.metrics == direct


def test_erlang_x_staffing_reports_lines_that_cannot_meet_blocking() -> None:
    """Impatient callers (patience < AHT): blocking rises with agents, so 15 lines never do 1%."""
    s = agents_for_targets(
        10, aht_seconds=180, model="erlang_x", patience_seconds=60, lines=15, sl_target=0.8,
        max_blocking=0.001,
    )  # fmt: skip
    assert not s.feasible
    assert "blocking" in s.binding


def test_erlang_x_staffing_meets_every_target() -> None:
    s = agents_for_targets(
        10, aht_seconds=180, model="erlang_x", patience_seconds=600, lines=30, sl_target=0.8,
        max_blocking=0.001, max_abandon_rate=0.05,
    )  # fmt: skip
    assert s.feasible and s.metrics.lines == 30
    m = s.metrics
    assert m.blocking_probability is not None and m.blocking_probability <= 0.001
    assert m.service_level is not None and m.service_level >= 0.8


def test_zero_load_needs_no_agents() -> None:
    s = agents_for_targets(0.0, aht_seconds=300, sl_target=0.8)
    assert (s.agents, s.scheduled_agents, s.feasible) == (0, 0, True)


# --------------------------------------------------------------------------- helpers and errors


def test_offered_load_is_calls_per_hour_times_handle_hours() -> None:
    assert offered_load_erlangs(200, 180) == 10.0


@pytest.mark.parametrize(
    ("agents", "shrinkage", "expected"),
    [(14, 0.3, 20), (17, 0.3, 25), (176, 0.35, 271), (0, 0.2, 0)],
)
def test_scheduled_agents_rounds_up_without_float_noise(
    agents: int, shrinkage: float, expected: int
) -> None:
    assert scheduled_agents(agents, shrinkage=shrinkage) == expected


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: erlang_b(-1, 3), "offered_load_erlangs must be a finite number >= 0"),
        (lambda: erlang_b(math.nan, 3), "offered_load_erlangs must be a finite number"),
        (lambda: erlang_c(5, 0), "agents must be a whole number >= 1"),
        (lambda: erlang_c_metrics(5, agents=6, aht_seconds=0), "aht_seconds must be a finite"),
        (
            lambda: erlang_a_metrics(5, agents=6, aht_seconds=60, patience_seconds=0),
            "patience_seconds must be a finite number > 0",
        ),
        (
            lambda: erlang_a_metrics(
                5, agents=6, aht_seconds=60, patience_seconds=9, sl_definition="fast"
            ),  # type: ignore[arg-type]
            "sl_definition must be one of",
        ),
        (lambda: erlang_b_metrics(5, lines=6, redial_probability=1.0), "redial_probability"),
        (lambda: scheduled_agents(5, shrinkage=1.0), "shrinkage must be in"),
        (lambda: agents_for_targets(5, aht_seconds=60), "give at least one target"),
        (
            lambda: agents_for_targets(5, aht_seconds=60, max_abandon_rate=0.05),
            "erlang_c cannot staff for a abandon target",
        ),
        (
            lambda: agents_for_targets(5, aht_seconds=60, sl_target=1.0),
            r"sl_target must be in \(0, 1\)",
        ),
        (
            lambda: agents_for_targets(5, aht_seconds=60, model="erlang_a", sl_target=0.8),
            "patience_seconds is required",
        ),
        (
            lambda: queue_metrics(
                5, model="erlang_x", agents=6, aht_seconds=60, patience_seconds=30
            ),
            "lines is required",
        ),
        (lambda: erlang_b_capacity(10, blocking=0.0), "blocking must be in"),
    ],
)
def test_impossible_arguments_raise_value_error(call: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
