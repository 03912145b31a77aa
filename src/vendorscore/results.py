"""The single output model: everything a presenter shows is computed here or before.

Frozen dataclasses and named tuples only; presenters (terminal, text, excel) render these and
compute nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

__all__ = [
    "TIE_TOLERANCE",
    "CriterionInfo",
    "InputFile",
    "IntervalPlan",
    "LeafScore",
    "Ranking",
    "RequirementResult",
    "StaffingPlan",
    "VendorPlan",
    "VendorResult",
]

Method = Literal["weighted_sum", "topsis"]
MissingPolicy = Literal["worst", "neutral", "exclude"]

# Totals closer than this share a rank (1, 2, 2, 4).
TIE_TOLERANCE = 1e-9


class InputFile(NamedTuple):
    """Provenance of one file read for a run."""

    path: str
    sha256: str
    kind: Literal["vendor", "criteria", "demand"]


class CriterionInfo(NamedTuple):
    """One node of the criteria tree, flattened in pre-order (a group before its children)."""

    id: str
    label: str
    parent: str | None  # None for top-level criteria
    depth: int  # 0 for top-level criteria
    weight: float  # the raw weight written in the criteria file
    local_weight: float  # weight / sum of sibling weights, 0..1
    global_weight: float  # product of local weights from the root, 0..1 (leaves sum to 1)
    is_leaf: bool
    field: str | None  # dotted profile path, leaves only
    scale: str | None  # human-readable scale description, leaves only
    missing: MissingPolicy | None  # policy for this leaf (after defaults), leaves only
    children: tuple[str, ...] = ()  # child ids, groups only


# LeafScore and RequirementResult are immutable named tuples rather than frozen dataclasses:
# a run creates one per vendor and leaf (270,000 for 10,000 vendors), and a tuple is built
# several times faster. Small value types are named tuples too: defining a frozen dataclass
# costs about a millisecond of start-up, a named tuple a fifth of that.
class LeafScore(NamedTuple):
    """How one leaf criterion scored for one vendor."""

    id: str
    field: str
    raw: object  # the raw profile value (JSON-able), None when missing
    missing: bool
    missing_policy: MissingPolicy | None  # the policy applied, None when the value was present
    utility: float | None  # 0..100, None when excluded as missing
    global_weight: float  # nominal weight in the total, before any exclusion (0..1)
    effective_weight: float  # weight in this vendor's total after exclusions (0..1)
    contribution: float  # points added to the total (effective_weight x utility)


class RequirementResult(NamedTuple):
    """One knock-out requirement checked against one vendor."""

    field: str
    rule: str  # e.g. "includes [pci_dss]", "max 0.1"
    why: str | None  # the criteria author's reason, if given
    passed: bool
    raw: object  # the value checked, None when missing
    reason: str | None  # why it failed, None when passed


@dataclass(frozen=True, slots=True)
class VendorResult:
    """One vendor's result: rank, total, every node's utility and every leaf's detail."""

    name: str
    file: str
    delivery_model: str
    headquarters: str | None
    rank: int | None  # None when ineligible
    eligible: bool
    total: float  # 0..100
    completeness: float  # 0..1, share of nominal weight whose leaves had data
    scores: Mapping[str, float | None]  # node id -> utility 0..100, None when excluded
    contributions: Mapping[str, float]  # leaf id -> points added to the total
    leaves: tuple[LeafScore, ...]
    requirements: tuple[RequirementResult, ...]
    values: Mapping[str, object] = field(default_factory=dict)  # every field used -> raw value

    @property
    def failed_requirements(self) -> tuple[str, ...]:
        """The reason of every failed requirement, in criteria-file order."""
        return tuple(r.reason for r in self.requirements if not r.passed and r.reason)


@dataclass(frozen=True, slots=True)
class Ranking:
    """The result of scoring a set of vendors against one criteria set."""

    criteria_name: str
    criteria_file: str
    method: Method
    base_currency: str
    missing_policy: MissingPolicy
    criteria: tuple[CriterionInfo, ...]  # pre-order
    requirement_rules: tuple[str, ...]  # "field rule" for each requirement, file order
    vendors: tuple[VendorResult, ...]  # ranking order; ineligible last, by name
    warnings: tuple[str, ...] = ()
    inputs: tuple[InputFile, ...] = ()  # provenance, filled in by the loading edge
    # Later analyses attach here (staffing plan, sensitivity); presenters show them when present.
    staffing: object | None = None
    sensitivity: object | None = None

    @property
    def top_level(self) -> tuple[CriterionInfo, ...]:
        """The top-level criteria, in file order."""
        return tuple(c for c in self.criteria if c.parent is None)

    @property
    def leaves(self) -> tuple[CriterionInfo, ...]:
        """The leaf criteria, in pre-order."""
        return tuple(c for c in self.criteria if c.is_leaf)

    def criterion(self, criterion_id: str) -> CriterionInfo:
        """The criterion with this id (KeyError if absent)."""
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)

    def vendor(self, name: str) -> VendorResult:
        """The vendor with this exact name (KeyError if absent)."""
        for v in self.vendors:
            if v.name == name:
                return v
        raise KeyError(name)

    @property
    def eligible(self) -> tuple[VendorResult, ...]:
        """Ranked vendors, in ranking order."""
        return tuple(v for v in self.vendors if v.eligible)

    def top(self, count: int) -> Ranking:
        """The first `count` ranked vendors, then every knocked-out vendor (as `rank --top`)."""
        from dataclasses import replace

        knocked_out = tuple(v for v in self.vendors if not v.eligible)
        return replace(self, vendors=(*self.eligible[:count], *knocked_out))


# ---- staffing on the buyer's demand (queueing) ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class IntervalPlan:
    """One demand interval staffed by one vendor, and what it delivers there."""

    label: str
    calls_per_hour: float
    hours_per_week: float
    aht_seconds: float  # the vendor's handle time (buyer baseline x aht_factor)
    offered_load_erlangs: float
    agents: int  # on the phones
    scheduled_agents: int  # heads: agents / (1 - shrinkage), rounded up
    feasible: bool  # False: no staffing within the vendor's lines meets every target
    binding: tuple[str, ...]  # the targets that set the staffing (or that are missed)
    service_level: float | None
    abandon_rate: float | None
    blocking_rate: float | None
    occupancy: float | None
    asa_seconds: float | None
    handled_calls_per_week: float
    weekly_cost: float | None  # base currency


@dataclass(frozen=True, slots=True)
class VendorPlan:
    """A vendor staffed for the whole demand week: heads, money and service."""

    vendor: str
    file: str
    queue_model: str
    aht_seconds: float
    shrinkage: float
    max_occupancy: float | None
    lines: int | None
    pricing_model: str | None
    currency: str | None
    rate_in_base: float | None  # the vendor's rate converted to the base currency
    intervals: tuple[IntervalPlan, ...]
    feasible: bool
    peak_agents: int
    peak_scheduled_agents: int
    billable_fte: float | None  # paid hours / FTE hours, at least the minimum seats
    handled_calls_per_month: float
    weekly_cost: float | None
    setup_fee_per_month: float | None
    monthly_cost: float | None  # weekly x weeks per month + setup fee spread over the contract
    cost_per_call: float | None
    service_level: float | None  # weighted by offered calls
    abandon_rate: float | None
    blocking_rate: float | None
    occupancy: float | None  # weighted by agent hours
    asa_seconds: float | None  # weighted by answered calls
    buyer_share_of_seats: float | None  # peak heads / the vendor's seats
    notes: tuple[str, ...]  # assumptions made and limits hit, in plain words

    def derived(self) -> dict[str, object]:
        """The `derived.*` fields criteria can score and require."""
        return {
            "derived.agents": self.peak_agents,
            "derived.scheduled_agents": self.peak_scheduled_agents,
            "derived.weekly_cost": self.weekly_cost,
            "derived.monthly_cost": self.monthly_cost,
            "derived.cost_per_call": self.cost_per_call,
            "derived.service_level": self.service_level,
            "derived.abandon_rate": self.abandon_rate,
            "derived.blocking_rate": self.blocking_rate,
            "derived.occupancy": self.occupancy,
            "derived.asa_seconds": self.asa_seconds,
            "derived.buyer_share_of_seats": self.buyer_share_of_seats,
        }


@dataclass(frozen=True, slots=True)
class StaffingPlan:
    """Every vendor staffed and priced for one demand profile."""

    demand_name: str
    demand_file: str
    queue_model: str
    sl_target: float
    threshold_seconds: float
    sl_definition: str
    max_abandon_rate: float | None
    max_blocking: float | None
    max_occupancy: float | None
    base_currency: str
    weeks_per_month: float
    calls_per_week: float
    vendors: tuple[VendorPlan, ...]

    @property
    def derived(self) -> dict[str, dict[str, object]]:
        """Vendor name -> its `derived.*` queueing fields."""
        return {v.vendor: v.derived() for v in self.vendors}
