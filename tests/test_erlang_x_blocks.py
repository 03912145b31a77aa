"""The Erlang X sums in numpy blocks (erlang/_chain.py) against exact and independent references.

Long queue chains (hundreds of thousands of Erlangs) are summed a block of positions at a time;
short ones position by position (erlang/_kernels.py). Both must give the same figures:
- exact sums: mpmath at 40 digits, summing the chain term by term from its definition
  (t_j = y^j / ((c+1)...(c+j)), the negative binomial cdf x^s sum_{k<=j} (s)_k/k! (1-x)^k);
- the published Erlang X cases (tests/data/erlang_published.json, mpmath) and the independent
  birth-death calculator of tests/queueing_reference.py, with the numpy path forced;
- the position-by-position loop, over random chains (hypothesis).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.queueing_reference import erlang_ax

from vendorscore.erlang import _kernels, agents_for_targets, erlang_x_metrics
from vendorscore.erlang._chain import _chain_sums_numpy, _log_inv_erlang_b_numpy
from vendorscore.erlang._kernels import _chain_sums, _erlang_x_parts, _solve_redials
from vendorscore.erlang._special import _log_inv_erlang_b

REF: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "erlang_published.json").read_text(encoding="utf-8")
)
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True)

# (y = lambda/theta, c = N mu/theta, queue slots m (-1: none), T/patience) -> the exact
# log(sum t_j), then E[j], and over j < m: sum t_j, sum t_j f_j, sum t_j f_j (1 - F_{c+1}(j)),
# sum t_j F_c(j), sum t_j f_j H_j, each divided by sum t_j (f_j = c/(c+j+1), H_j = sum_{i<=j+1}
# 1/(c+i), F_s(j) = P(V > T | j ahead) for shape s). mpmath at 40 digits, term by term:
# tests/data/erlang_x_chain_reference.py.
EXACT = [
    # About 84,100 Erlangs, 46,200 agents, 100,000 lines, patience 60 s, AHT 360 s, T 20 s:
    # the weights peak at j = 6,320 and the chain is cut about 1,100 positions later.
    (
        (14021.0, 7701.0, 53792, 1 / 3),
        (1710.9079791734106679, 6320.0, 1.0, 0.54924755723557520862, 3.6569305900912950728e-40,
         1.0, 0.32907678009676731858),
    ),
    # 500,000 Erlangs (the redial solver's old upper bracket): the weights rise to the last line.
    (
        (83333.3, 7701.0, 53792, 1 / 3),
        (54141.636558521164198, 53789.185408135056744, 0.73788252005062867541,
         0.092412036964814782698, 6.152861317584932605e-41, 0.73788252005062867541,
         0.19198328889819778705),
    ),
    # 3,000 Erlangs, 2,900 agents, no line limit, patience 180 s, T 20 s (a normal size).
    (
        (3000.0, 2900.0, -1, 20 / 180),
        (6.5574301498388803848, 104.11663411108310767, 1.0, 0.96529445529630563078,
         0.96527532696615056679, 0.000021466439840851364107, 0.033954003144060140823),
    ),
]  # fmt: skip


def _normalised(sums: tuple[float, ...]) -> list[float]:
    tot, t_log = sums[0], sums[8]
    return [math.log(tot) + t_log] + [v / tot for v in sums[1:7]]


@pytest.mark.parametrize("chain", [_chain_sums_numpy, _chain_sums], ids=["blocks", "loop"])
@pytest.mark.parametrize(("args", "exact"), EXACT, ids=["peak-6320", "to-last-line", "3000-E"])
def test_chain_sums_match_the_exact_sums(
    chain: Any, args: tuple[float, float, int, float], exact: tuple[float, ...]
) -> None:
    y, c, m, t_over_patience = args
    got = _normalised(chain(y, c, m, -t_over_patience, -math.expm1(-t_over_patience)))
    # The loop's rescaling by 1e250 adds rounding to the log scale (7e-11 here at 54,141);
    # the blocks rescale by exact powers of two.
    log_tol = 1e-9 if chain is _chain_sums else 1e-12
    assert got[0] == pytest.approx(exact[0], abs=log_tol)
    assert got[1] == pytest.approx(exact[1], rel=1e-13)
    # Probabilities: to 1e-12 absolute. x^c = e^-2567 carries 3e-13 of rounding in its
    # exponent alone, so a cdf that is 1 to 40 digits may come out 1 - 1e-13.
    for value, expected in zip(got[2:], exact[2:], strict=True):
        assert value == pytest.approx(expected, rel=1e-12, abs=1e-12)


@pytest.fixture
def blocks_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """Send every Erlang X chain and every Erlang B sum near the load through numpy."""
    monkeypatch.setattr(_kernels, "_NUMPY_FROM_POSITIONS", 0.0)


@pytest.mark.usefixtures("blocks_everywhere")
@pytest.mark.parametrize("case", REF["erlang_x_cases"], ids=lambda c: c["id"])
def test_blocks_give_the_published_erlang_x_figures(case: dict[str, Any]) -> None:
    i, r = case["inputs"], case["results"]
    m = erlang_x_metrics(
        i.get("offered_load_erlangs", i.get("fresh_offered_load_erlangs")),
        agents=i["agents"],
        lines=i["lines"],
        aht_seconds=i["aht_seconds"],
        patience_seconds=i["mean_patience_seconds"],
        threshold_seconds=i["sl_threshold_seconds"],
        redial_probability=i["redial_probability"],
    )
    figures = {
        "prob_blocked": m.blocking_probability,
        "prob_blocked_per_attempt": m.blocking_probability,
        "prob_abandon": m.prob_abandon,
        "prob_abandon_per_attempt": m.prob_abandon,
        "sl_answered_within_T_of_offered": m.service_level,
        "sl_answered_within_T_of_attempts": m.service_level,
        "occupancy": m.occupancy,
        "effective_offered_load_erlangs": m.offered_load_erlangs,
        "fresh_callers_finally_lost_fraction": m.lost_fraction_of_fresh_callers,
    }
    checked = 0
    for key, expected in r.items():
        if key in figures:
            assert figures[key] == pytest.approx(expected, rel=1e-9, abs=1e-15), key
            checked += 1
    assert checked >= 3


# (fresh load, agents, lines, AHT s, patience s, T s, redial probability)
SMALL = [
    (10.0, 11, 15, 180.0, 60.0, 20.0, 0.0),
    (30.0, 25, 60, 300.0, 90.0, 20.0, 0.0),  # fewer agents than the load
    (48.0, 50, 55, 240.0, 120.0, 15.0, 0.5),
    (80.0, 70, 200, 360.0, 60.0, 20.0, 0.9),  # overloaded, redials: the hostile shape, small
    (5.0, 3, 3, 120.0, 600.0, 0.0, 0.3),  # no queue at all; T = 0
]


@pytest.mark.usefixtures("blocks_everywhere")
@pytest.mark.parametrize("case", SMALL, ids=lambda c: f"A{c[0]:g}-N{c[1]}-L{c[2]}-r{c[6]:g}")
def test_blocks_match_the_independent_birth_death_calculator(
    case: tuple[float, int, int, float, float, float, float],
) -> None:
    load, n, lines, aht, patience, t, redial = case
    got = erlang_x_metrics(
        load, agents=n, lines=lines, aht_seconds=aht, patience_seconds=patience,
        threshold_seconds=t, redial_probability=redial,
    )  # fmt: skip
    want = erlang_ax(load, n, aht=aht, patience=patience, threshold=t, lines=lines, redial=redial)
    assert got.offered_load_erlangs == pytest.approx(want.load, rel=1e-9)
    assert got.blocking_probability == pytest.approx(want.blocked, rel=1e-9, abs=1e-15)
    assert got.prob_abandon == pytest.approx(want.abandoned, rel=1e-9, abs=1e-15)
    assert got.service_level == pytest.approx(want.service_level, rel=1e-9, abs=1e-15)
    assert got.occupancy == pytest.approx(want.occupancy, rel=1e-9)
    assert got.lost_fraction_of_fresh_callers == pytest.approx(want.lost_fresh, rel=1e-9)


@SETTINGS
@given(
    y=st.floats(0.01, 20_000.0),
    c=st.floats(0.01, 20_000.0),
    m=st.one_of(st.just(-1), st.integers(0, 30_000)),
    t_over_patience=st.floats(0.0, 30.0),
)
def test_blocks_and_loop_agree_on_any_chain(
    y: float, c: float, m: int, t_over_patience: float
) -> None:
    args = (y, c, m, -t_over_patience, -math.expm1(-t_over_patience))
    loop, blocks = _chain_sums(*args), _chain_sums_numpy(*args)
    assert loop[9] == blocks[9]  # both cut the tail off, or both reach line m
    a, b = _normalised(loop), _normalised(blocks)
    assert b[0] == pytest.approx(a[0], rel=1e-13, abs=1e-11)
    assert b[1] == pytest.approx(a[1], rel=1e-11, abs=1e-11)
    for x, z in zip(a[2:], b[2:], strict=True):
        assert z == pytest.approx(x, rel=1e-11, abs=1e-12)
    if m >= 0 and not loop[9]:  # the weight at the last line: blocking
        assert math.log(blocks[7]) + blocks[8] == pytest.approx(
            math.log(loop[7]) + loop[8], abs=1e-9
        )


@SETTINGS
@given(load=st.floats(0.5, 200_000.0), ratio=st.floats(0.2, 2.0))
def test_erlang_b_sums_agree(load: float, ratio: float) -> None:
    n = max(1, round(load * ratio))
    assert _log_inv_erlang_b_numpy(n, load) == pytest.approx(
        _log_inv_erlang_b(n, load), rel=1e-13, abs=1e-15
    )


@SETTINGS
@given(
    fresh=st.floats(0.5, 400.0),
    spare=st.integers(-100, 40),
    room=st.integers(0, 300),
    patience=st.floats(5.0, 1200.0),
    redial=st.floats(0.05, 0.99),
)
def test_the_redial_fixed_point_is_below_the_carried_load_bound(
    fresh: float, spare: int, room: int, patience: float, redial: float
) -> None:
    """The solver's upper bracket: the root is at most fresh - g(fresh) / (1 - r)."""
    n = max(1, round(fresh) + spare)

    def evaluate(load: float) -> Any:
        return _erlang_x_parts(load, n, n + room, 300.0, patience, 20.0)

    p0 = evaluate(fresh)
    g0 = fresh * (1.0 - redial * (p0.p_block + p0.p_abandon)) - fresh
    root = _solve_redials(fresh, redial, evaluate).load
    assert fresh <= root <= (fresh - g0 / (1.0 - redial)) * (1.0 + 1e-12)
    p = evaluate(root)  # and it is the fixed point
    assert root == pytest.approx(fresh + redial * root * (p.p_block + p.p_abandon), rel=1e-12)


def test_hostile_staffing_answer_is_unchanged() -> None:
    """50,000 Erlangs, 100,000 lines, patience 60 s, redials 0.9 (bench/bench_hostile.py):
    49,739 agents, held by the abandonment target, as the position-by-position sums gave
    before the blocks (commit 513aac7)."""
    got = agents_for_targets(
        50_000.0, aht_seconds=360.0, model="erlang_x", sl_target=0.8, threshold_seconds=20.0,
        patience_seconds=60.0, lines=100_000, redial_probability=0.9, max_blocking=0.01,
        max_abandon_rate=0.05,
    )  # fmt: skip
    assert (got.agents, got.feasible, got.binding) == (49_739, True, ("abandon_rate",))
    assert got.metrics.prob_abandon is not None and got.metrics.prob_abandon <= 0.05
