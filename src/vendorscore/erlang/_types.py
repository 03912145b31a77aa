"""Model names, service-level definitions and the result dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Model = Literal["erlang_b", "erlang_c", "erlang_a", "erlang_x"]
SlDefinition = Literal[
    "answered_of_offered",  # P(answered and waited <= T); abandoned and blocked calls fail
    "answered_of_answered",  # P(waited <= T | answered); abandoned calls ignored
    "answered_excl_short_abandons",  # answered within T / (offered - abandoned within T)
    "short_abandons_as_met",  # P(answered or abandoned within T)
    "virtual_wait",  # P(an infinitely patient caller would wait <= T)
]
SL_DEFINITIONS: tuple[SlDefinition, ...] = get_args(SlDefinition)
# The offered load the queueing maths is checked up to (tests/test_erlang*.py); beyond it the
# staffing search could take seconds, so callers refuse larger loads.
MAX_OFFERED_LOAD_ERLANGS = 100_000
# The Erlang X chain sums over queue positions (vendorscore.erlang._kernels._chain_sums).
_ChainSums = tuple[float, float, float, float, float, float, float, float, float, bool]


@dataclass(frozen=True, slots=True)
class QueueMetrics:
    """What one interval delivers with a given agent count (None: the model has no such figure).

    With redials, offered_load_erlangs is the effective load (fresh calls plus redials) and the
    probabilities and service level count per attempt. An unstable Erlang C queue (agents <=
    load) reports prob_wait 1 and occupancy 1 (the limits) and no service level or ASA (None).
    """

    model: Model
    offered_load_erlangs: float
    agents: int
    lines: int | None
    stable: bool
    blocking_probability: float | None
    prob_wait: float | None
    prob_abandon: float | None
    service_level: float | None
    service_level_definition: SlDefinition | None
    threshold_seconds: float | None
    asa_seconds: float | None  # mean wait of answered calls
    occupancy: float | None  # carried load / agents
    fresh_offered_load_erlangs: float
    redial_probability: float
    lost_fraction_of_fresh_callers: float | None  # blocked or abandoned and never redialled


@dataclass(frozen=True, slots=True)
class StaffingResult:
    """The smallest agent count meeting every target, heads to schedule and the metrics there."""

    agents: int
    scheduled_agents: int
    shrinkage: float
    feasible: bool  # False: no agent count up to the limit (lines for Erlang X) meets the targets
    binding: tuple[str, ...]  # targets that one agent fewer would miss (infeasible: those missed)
    metrics: QueueMetrics


@dataclass(frozen=True, slots=True)
class IntervalResult:
    """One calculator run: the metrics at `agents`, how that count was found, heads to schedule."""

    metrics: QueueMetrics
    agents: int  # lines for Erlang B
    scheduled_agents: int | None  # None for Erlang B: it counts lines, not people
    shrinkage: float
    staffed: bool  # True: the smallest count meeting the targets; False: the count given
    feasible: bool  # False: no count up to the limit meets the targets (staffed only)
    binding: tuple[str, ...]  # staffed: targets one agent fewer would miss (infeasible: missed)


@dataclass(frozen=True, slots=True)
class _Parts:
    """Probabilities of offered calls for one model evaluation (redials already resolved)."""

    load: float
    p_nowait: float  # accepted and answered at once
    p_wait: float  # accepted and found every agent busy
    p_block: float
    p_abandon: float
    answered_t: float  # answered within T
    served_wait: float  # waited, then answered
    waited_gt_t: float  # accepted and would wait longer than T if patient
    x: float  # P(patience > T)
    asa_numerator_seconds: float | None  # E[wait; answered], per offered call
    log_norm: float = 0.0  # Erlang A: log of sum_k pi_k / pi_N, kept to add the ASA later
    # Abandoned within the short-abandon threshold when it differs from T (None: within T).
    abandoned_short: float | None = None
