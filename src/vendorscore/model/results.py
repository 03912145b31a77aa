"""The single output model: everything a presenter shows is computed here or before.

Frozen dataclasses and named tuples only; presenters (terminal, text, excel) render these and
compute nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

__all__ = [
    "TIE_TOLERANCE",
    "CriterionInfo",
    "ExchangeRate",
    "InputFile",
    "LeafScore",
    "Ranking",
    "RequirementResult",
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
    kind: Literal["vendor", "criteria", "demand", "ratings"]


class ExchangeRate(NamedTuple):
    """One exchange rate a run used: base-currency units per unit of `currency`."""

    currency: str
    rate: float
    as_of: str | None  # YYYY-MM-DD the rate was taken, when the criteria (or run) says
    given: bool = False  # set for this run (vendorscore.rank(rates=...)), not from the file


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
    # A linear or piecewise scale as its (x, utility) points, sorted by x and flat outside them
    # (the currency-stability analysis moves raw money values along it); None for other scales.
    knots: tuple[tuple[float, float], ...] | None = None


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
    notes: tuple[str, ...] = ()  # what was assumed for this vendor (a reference figure used)
    currency: str | None = None  # the currency its prices are quoted in (pricing.currency)

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
    # What the run assumed, in plain words (the basis of derived.cost_per_contact...).
    notes: tuple[str, ...] = ()
    # The rates that converted the vendors' prices: one per foreign currency among them.
    exchange_rates: tuple[ExchangeRate, ...] = ()
    inputs: tuple[InputFile, ...] = ()  # provenance, filled in by the loading edge
    # Later analyses attach here (a plans.StaffingPlan, a sensitivity report); presenters show
    # them when present.
    staffing: object | None = None
    sensitivity: object | None = None
    changes: object | None = None  # a compare.RunComparison against a baseline run
    panel: object | None = None  # a model.panel.PanelResult, when an evaluation panel rated

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

    def to_frame(self) -> Any:
        """A pandas DataFrame: one row per vendor (index), rank, total and every criterion's
        utility; needs pandas (`pip install 'vendorscore[pandas]'`)."""
        from vendorscore.model.frames import ranking_frame

        return ranking_frame(self)

    def leaves_frame(self) -> Any:
        """A pandas DataFrame: one row per vendor and leaf (raw value, utility, points added)."""
        from vendorscore.model.frames import leaves_frame

        return leaves_frame(self)

    def top(self, count: int) -> Ranking:
        """The first `count` ranked vendors and any tied with the last of them, then every
        knocked-out vendor (as `rank --top`)."""
        from dataclasses import replace

        ranked = self.eligible
        if 0 < count < len(ranked):
            # A tie at the cut stays whole: ranks 1, 2, 2 are all in the top 2.
            cut = ranked[count - 1].rank
            ranked = tuple(
                v for v in ranked if v.rank is not None and cut is not None and v.rank <= cut
            )
        elif count <= 0:
            ranked = ()
        knocked_out = tuple(v for v in self.vendors if not v.eligible)
        return replace(self, vendors=(*ranked, *knocked_out))
