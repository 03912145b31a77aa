"""One interval, the calculator's way: evaluate a given agent count, or staff for targets."""

from __future__ import annotations

from vendorscore.erlang._metrics import queue_metrics
from vendorscore.erlang._staffing import agents_for_targets, scheduled_agents
from vendorscore.erlang._types import IntervalResult, Model, SlDefinition


def evaluate_or_staff(
    offered_load_erlangs: float,
    *,
    aht_seconds: float,
    model: Model = "erlang_c",
    agents: int | None = None,
    sl_target: float | None = None,
    threshold_seconds: float = 20.0,
    patience_seconds: float | None = None,
    max_abandon_rate: float | None = None,
    max_blocking: float | None = None,
    max_occupancy: float | None = None,
    lines: int | None = None,
    redial_probability: float = 0.0,
    shrinkage: float = 0.0,
    sl_definition: SlDefinition = "answered_of_offered",
    short_abandon_seconds: float | None = None,
) -> IntervalResult:
    """The metrics of `agents` (lines for Erlang B), or of the smallest count meeting the targets.

    Given `agents`, no target may be given. Without `agents`, this is `agents_for_targets`; an
    infeasible search is returned (feasible False, binding: the targets missed), not raised.
    Erlang B counts lines, not people, so it has no heads to schedule (scheduled_agents None).
    """
    if agents is None:
        found = agents_for_targets(
            offered_load_erlangs, aht_seconds=aht_seconds, model=model, sl_target=sl_target,
            threshold_seconds=threshold_seconds, patience_seconds=patience_seconds,
            max_abandon_rate=max_abandon_rate, max_blocking=max_blocking,
            max_occupancy=max_occupancy, lines=lines, redial_probability=redial_probability,
            shrinkage=shrinkage, sl_definition=sl_definition,
            short_abandon_seconds=short_abandon_seconds,
        )  # fmt: skip
        metrics, n, scheduled = found.metrics, found.agents, found.scheduled_agents
        staffed, feasible, binding = True, found.feasible, found.binding
    else:
        if any(x is not None for x in (sl_target, max_abandon_rate, max_blocking, max_occupancy)):
            raise ValueError("give either agents (evaluate) or targets (staff), not both")
        metrics = queue_metrics(
            offered_load_erlangs, model=model, agents=agents, aht_seconds=aht_seconds,
            threshold_seconds=threshold_seconds, patience_seconds=patience_seconds, lines=lines,
            redial_probability=redial_probability, sl_definition=sl_definition,
            short_abandon_seconds=short_abandon_seconds,
        )  # fmt: skip
        n, scheduled = agents, scheduled_agents(agents, shrinkage=shrinkage)
        staffed, feasible, binding = False, True, ()
    return IntervalResult(
        metrics=metrics,
        agents=n,
        scheduled_agents=None if model == "erlang_b" else scheduled,
        shrinkage=shrinkage,
        staffed=staffed,
        feasible=feasible,
        binding=binding,
    )
