"""Erlang B, C, A and X queue metrics and staffing searches in floats that never overflow.

Every kernel works with ratios to the probability of the state "all N agents busy, nobody
queued", summed only over terms that matter and combined in log space, so 100,000 agents are as
safe as 10. Erlang A uses the Garnett-Mandelbaum-Reiman / Mandelbaum-Zeltyn incomplete-gamma
forms; Erlang X (finite lines) sums the birth-death chain position by position (long chains
in numpy blocks, numpy loaded only then). Assumptions: Poisson arrivals, exponential handle
time and (Erlang A/X) exponential patience.
"""

from __future__ import annotations

from vendorscore.erlang._calculator import evaluate_or_staff
from vendorscore.erlang._metrics import (
    erlang_a_metrics,
    erlang_b,
    erlang_b_capacity,
    erlang_b_metrics,
    erlang_c,
    erlang_c_metrics,
    erlang_x_metrics,
    log_erlang_b,
    queue_metrics,
)
from vendorscore.erlang._staffing import (
    agents_for_targets,
    offered_load_erlangs,
    scheduled_agents,
)
from vendorscore.erlang._types import (
    MAX_OFFERED_LOAD_ERLANGS,
    SL_DEFINITIONS,
    IntervalResult,
    Model,
    QueueMetrics,
    SlDefinition,
    StaffingResult,
)

__all__ = [
    "MAX_OFFERED_LOAD_ERLANGS",
    "SL_DEFINITIONS",
    "IntervalResult",
    "Model",
    "QueueMetrics",
    "SlDefinition",
    "StaffingResult",
    "agents_for_targets",
    "erlang_a_metrics",
    "erlang_b",
    "erlang_b_capacity",
    "erlang_b_metrics",
    "erlang_c",
    "erlang_c_metrics",
    "erlang_x_metrics",
    "evaluate_or_staff",
    "log_erlang_b",
    "offered_load_erlangs",
    "queue_metrics",
    "scheduled_agents",
]
