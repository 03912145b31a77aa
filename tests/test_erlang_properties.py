"""Properties of the Erlang formulas that hold for every input (hypothesis, derandomised)."""

from __future__ import annotations

import itertools
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from vendorscore.erlang import (
    agents_for_targets,
    erlang_a_metrics,
    erlang_b,
    erlang_c,
    erlang_c_metrics,
    erlang_x_metrics,
)

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True)

loads = st.floats(min_value=0.05, max_value=3000.0, allow_nan=False)
ahts = st.floats(min_value=30.0, max_value=900.0)
patiences = st.floats(min_value=5.0, max_value=1200.0)
thresholds = st.floats(min_value=0.0, max_value=120.0)


def agents_near(load: float, offset: int) -> int:
    return max(1, math.floor(load) + offset)


@SETTINGS
@given(loads, st.integers(-60, 60))
def test_erlang_b_is_a_probability_falling_with_lines(load: float, offset: int) -> None:
    n = agents_near(load, offset)
    b, b_next = erlang_b(load, n), erlang_b(load, n + 1)
    assert 0.0 <= b_next <= b <= 1.0


@SETTINGS
@given(loads, st.integers(1, 80))
def test_erlang_b_never_exceeds_erlang_c(load: float, spare: int) -> None:
    n = math.floor(load) + spare
    assert erlang_b(load, n) <= erlang_c(load, n) <= 1.0


@SETTINGS
@given(loads, st.integers(1, 80), ahts, thresholds)
def test_erlang_c_waits_fall_and_service_rises_with_agents(
    load: float, spare: int, aht: float, t: float
) -> None:
    n = math.floor(load) + spare
    now = erlang_c_metrics(load, agents=n, aht_seconds=aht, threshold_seconds=t)
    more = erlang_c_metrics(load, agents=n + 1, aht_seconds=aht, threshold_seconds=t)
    assert now.prob_wait is not None and more.prob_wait is not None
    assert 0.0 <= more.prob_wait <= now.prob_wait <= 1.0
    assert now.service_level is not None and more.service_level is not None
    assert 0.0 <= now.service_level <= more.service_level <= 1.0


@SETTINGS
@given(loads, st.integers(-60, 60), ahts, patiences, thresholds)
def test_erlang_a_figures_are_bounded_and_improve_with_agents(
    load: float, offset: int, aht: float, patience: float, t: float
) -> None:
    n = agents_near(load, offset)
    kw = {"aht_seconds": aht, "patience_seconds": patience, "threshold_seconds": t}
    now = erlang_a_metrics(load, agents=n, **kw)
    more = erlang_a_metrics(load, agents=n + 1, **kw)
    for m in (now, more):
        for p in (m.prob_wait, m.prob_abandon, m.service_level, m.occupancy):
            assert p is not None and 0.0 <= p <= 1.0
        assert m.prob_abandon is not None and m.prob_wait is not None
        assert m.prob_abandon <= m.prob_wait * (1 + 1e-12)
        assert m.asa_seconds is not None and 0.0 <= m.asa_seconds < math.inf
    tol = 1e-12
    assert more.prob_wait is not None and now.prob_wait is not None
    assert more.prob_wait <= now.prob_wait + tol
    assert more.prob_abandon is not None and now.prob_abandon is not None
    assert more.prob_abandon <= now.prob_abandon + tol
    assert more.service_level is not None and now.service_level is not None
    assert more.service_level >= now.service_level - tol


@SETTINGS
@given(st.floats(min_value=0.5, max_value=200.0), st.integers(1, 40), ahts, st.floats(0.0, 60.0))
def test_erlang_a_tends_to_erlang_c_as_patience_grows(
    load: float, spare: int, aht: float, t: float
) -> None:
    n = math.floor(load) + spare
    c = erlang_c_metrics(load, agents=n, aht_seconds=aht, threshold_seconds=t)
    assert c.prob_wait is not None and c.service_level is not None and c.asa_seconds is not None
    gaps = []
    for patience in (aht * 1e2, aht * 1e4, aht * 1e6):
        a = erlang_a_metrics(
            load, agents=n, aht_seconds=aht, patience_seconds=patience, threshold_seconds=t
        )
        assert a.prob_wait is not None and a.service_level is not None
        assert a.asa_seconds is not None and a.prob_abandon is not None
        gaps.append(
            (
                abs(a.prob_wait - c.prob_wait),
                abs(a.service_level - c.service_level),
                abs(a.asa_seconds - c.asa_seconds) / c.asa_seconds,
                a.prob_abandon,
            )
        )
    for earlier, later in itertools.pairwise(gaps):
        assert all(g2 <= g1 + 1e-12 for g1, g2 in zip(earlier, later, strict=True))
    # The gap shrinks like (mean delay) / patience, and the mean delay of Erlang C grows like
    # AHT / (N - A): a nearly critical queue (N - A = 0.03, say) converges ~30 times slower.
    assert max(gaps[-1]) < 2e-3 * max(1.0, 1.0 / (n - load))


@SETTINGS
@given(st.floats(0.5, 200.0), st.integers(-5, 20), ahts, patiences)
def test_erlang_x_without_queue_slots_is_erlang_b(
    load: float, offset: int, aht: float, patience: float
) -> None:
    n = agents_near(load, offset)
    x = erlang_x_metrics(load, agents=n, lines=n, aht_seconds=aht, patience_seconds=patience)
    assert x.blocking_probability is not None
    assert math.isclose(x.blocking_probability, erlang_b(load, n), rel_tol=1e-12)
    assert x.prob_abandon == 0.0


@SETTINGS
@given(
    st.floats(0.5, 300.0), st.integers(0, 30), ahts, patiences, thresholds,
    st.floats(0.5, 0.95), st.sampled_from([None, 0.02, 0.1]), st.sampled_from([None, 0.85]),
)  # fmt: skip
def test_erlang_a_staffing_meets_targets_and_one_fewer_does_not(
    load: float,
    _: int,
    aht: float,
    patience: float,
    t: float,
    target: float,
    max_abandon: float | None,
    max_occ: float | None,
) -> None:
    kw = {"aht_seconds": aht, "patience_seconds": patience, "threshold_seconds": t}
    s = agents_for_targets(
        load, model="erlang_a", sl_target=target, max_abandon_rate=max_abandon,
        max_occupancy=max_occ, **kw,
    )  # fmt: skip
    assert s.feasible

    def meets(n: int) -> bool:
        m = erlang_a_metrics(load, agents=n, **kw)
        assert m.service_level is not None and m.prob_abandon is not None
        assert m.occupancy is not None
        return (
            m.service_level >= target
            and (max_abandon is None or m.prob_abandon <= max_abandon)
            and (max_occ is None or m.occupancy <= max_occ)
        )

    assert meets(s.agents)
    assert s.agents == 1 or not meets(s.agents - 1)
    assert s.metrics == erlang_a_metrics(load, agents=s.agents, **kw)


@SETTINGS
@given(loads, ahts, thresholds, st.floats(0.3, 0.99), st.sampled_from([None, 0.8, 0.95]))
def test_erlang_c_staffing_meets_targets_and_one_fewer_does_not(
    load: float, aht: float, t: float, target: float, max_occ: float | None
) -> None:
    s = agents_for_targets(
        load, aht_seconds=aht, threshold_seconds=t, sl_target=target, max_occupancy=max_occ
    )

    def meets(n: int) -> bool:
        m = erlang_c_metrics(load, agents=n, aht_seconds=aht, threshold_seconds=t)
        return (
            m.service_level is not None
            and m.service_level >= target
            and (max_occ is None or (m.occupancy or 1.0) <= max_occ)
        )

    assert s.feasible and s.agents > load
    assert meets(s.agents)
    assert s.agents == 1 or not meets(s.agents - 1)
