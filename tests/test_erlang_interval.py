"""`erlang.evaluate_or_staff`: the calculator's one library call, evaluation or staffing search."""

from __future__ import annotations

import pytest

from vendorscore import erlang

LOAD = erlang.offered_load_erlangs(200, 180)  # 10 Erlangs


def test_evaluation_is_queue_metrics_at_the_given_count() -> None:
    result = erlang.evaluate_or_staff(LOAD, aht_seconds=180, agents=14, shrinkage=0.3)
    assert result.metrics == erlang.queue_metrics(
        LOAD, model="erlang_c", agents=14, aht_seconds=180
    )
    assert (result.agents, result.scheduled_agents, result.shrinkage) == (14, 20, 0.3)
    assert (result.staffed, result.feasible, result.binding) == (False, True, ())


def test_staffing_is_agents_for_targets() -> None:
    result = erlang.evaluate_or_staff(
        LOAD, aht_seconds=180, model="erlang_a", sl_target=0.8, patience_seconds=120.0,
        max_occupancy=0.85, shrinkage=0.3,
    )  # fmt: skip
    found = erlang.agents_for_targets(
        LOAD, aht_seconds=180, model="erlang_a", sl_target=0.8, patience_seconds=120.0,
        max_occupancy=0.85, shrinkage=0.3,
    )  # fmt: skip
    assert (result.metrics, result.agents, result.scheduled_agents) == (
        found.metrics,
        found.agents,
        found.scheduled_agents,
    )
    assert (result.staffed, result.feasible, result.binding) == (True, True, found.binding)
    assert (result.agents, result.scheduled_agents) == (12, 18)


@pytest.mark.parametrize("agents", [12, None])
def test_erlang_b_counts_lines_and_has_no_heads_to_schedule(agents: int | None) -> None:
    result = erlang.evaluate_or_staff(
        LOAD,
        aht_seconds=180,
        model="erlang_b",
        agents=agents,
        max_blocking=None if agents else 0.01,
        shrinkage=0.3,
    )
    assert result.scheduled_agents is None
    assert result.metrics.model == "erlang_b"
    # Erlang B by its recursion B(k) = A B(k-1) / (k + A B(k-1)) (Cooper, ch. 3), on 10 Erlangs:
    # 12 lines block 11.97% of calls (tests/data: X_A10_N12_L12_is_erlangB); the fewest lines
    # blocking at most 1% are 18 (B(17) = 1.29%, B(18) = 0.71%).
    blocking = [1.0]
    for k in range(1, 30):
        blocking.append(10.0 * blocking[-1] / (k + 10.0 * blocking[-1]))
    lines = 12 if agents else next(k for k, b in enumerate(blocking) if b <= 0.01)
    assert lines == (12 if agents else 18)
    assert (result.agents, result.metrics.agents) == (lines, lines)
    assert result.metrics.blocking_probability == pytest.approx(blocking[lines], rel=1e-12)
    assert blocking[12] == pytest.approx(0.11973918844482515, rel=1e-12)
    assert blocking[17] > 0.01 >= blocking[18]
    assert result.metrics.occupancy == pytest.approx(10 * (1 - blocking[lines]) / lines, rel=1e-12)


def test_an_infeasible_search_is_returned_with_the_targets_missed() -> None:
    result = erlang.evaluate_or_staff(
        LOAD, aht_seconds=180, model="erlang_x", sl_target=0.9, patience_seconds=60.0, lines=12
    )
    assert (result.feasible, result.agents, result.binding) == (False, 12, ("service_level",))


def test_a_count_and_a_target_together_are_refused() -> None:
    with pytest.raises(ValueError, match="not both"):
        erlang.evaluate_or_staff(LOAD, aht_seconds=180, agents=14, sl_target=0.8)
