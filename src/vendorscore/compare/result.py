"""The comparison of two runs: one record per criterion, per vendor and per leaf that changed.

Presenters (`report/changes.py`, the workbook's Changes sheet) render these and compute nothing.

How a leaf's change in points splits. A leaf adds c = w x u to a vendor's total (w its
effective weight, u its utility 0..100). Between two runs

    c_after - c_before = dw x u_before + w_before x du + dw x du

exactly: the weight part (the weights changed, the vendor's utility held), the value part (the
vendor's utility changed, the weight held) and their interaction (both at once). When a leaf
has no utility on one side, its whole change goes to one part: to the weights when the
criterion was added or removed, to the values when the vendor's value was excluded as missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

__all__ = [
    "CriterionChange",
    "LeafChange",
    "RunComparison",
    "RunSummary",
    "VendorChange",
    "VendorStatus",
]

VendorStatus = Literal[
    "up", "down", "same", "new", "gone", "knocked_out", "reinstated", "still_knocked_out"
]
CriterionStatus = Literal["added", "removed", "changed", "same"]


@dataclass(frozen=True, slots=True)
class RunSummary:
    """Which run this is: where it came from, which tool and method made it, how many vendors."""

    source: str
    tool_version: str
    criteria_name: str
    criteria_file: str
    method: str
    base_currency: str
    vendors: int
    ranked: int
    shown_all: bool  # False when the run was saved with `--top` (some vendors left out)


@dataclass(frozen=True, slots=True)
class CriterionChange:
    """One criterion in either run: its raw, local and effective weights before and after."""

    id: str
    label: str
    status: CriterionStatus
    is_leaf: bool
    depth: int
    weight_before: float | None  # raw weight as written; None when absent
    weight_after: float | None
    local_before: float | None  # share of its group, 0..1
    local_after: float | None
    effective_before: float | None  # share of the total, 0..1
    effective_after: float | None
    details: tuple[str, ...] = ()  # "scale changed", "moved from group x to y", ...
    # Added, removed, its raw weight rewritten or its details changed; False when only its share
    # of the total moved because a sibling or parent changed.
    edited: bool = False


# A named tuple, not a dataclass: a comparison of 1,000 vendors builds some 25,000 of them.
class LeafChange(NamedTuple):
    """One leaf's change in points for one vendor, split into weights, values and both."""

    id: str
    field: str | None
    weight_before: float  # this vendor's effective weight, 0..1 (0 when absent or excluded)
    weight_after: float
    utility_before: float | None  # None when excluded as missing, or the criterion absent
    utility_after: float | None
    raw_before: object  # the profile value, None when missing
    raw_after: object
    relative_raw_change: float | None  # (after - before) / |before| for numbers
    unit: str | None  # the currency of money values
    change: float  # points: c_after - c_before
    weights_part: float
    values_part: float
    interaction_part: float
    scale_changed: bool  # the criteria changed this leaf's scale or field


@dataclass(frozen=True, slots=True)
class VendorChange:
    """One vendor across the two runs."""

    name: str
    status: VendorStatus
    rank_before: int | None
    rank_after: int | None
    move: int | None  # places gained (positive: moved up), when ranked in both runs
    total_before: float | None
    total_after: float | None
    total_change: float | None  # None when absent from a run or the methods differ
    weights_part: float | None
    values_part: float | None
    interaction_part: float | None
    unexplained: float | None  # total change not carried by the leaves (TOPSIS, rounding)
    reasons: tuple[str, ...]  # knocked out, reinstated, renamed?, profile unchanged, ...
    leaves: tuple[LeafChange, ...]  # leaves whose points, weight or value changed; largest first
    file_changed: bool | None  # the profile's SHA-256 differs; None when not recorded
    # The leaf changes summed per top-level criterion, largest first: (criterion id, points).
    by_criterion: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class RunComparison:
    """Two runs compared: what differs in the criteria and for every vendor."""

    before: RunSummary
    after: RunSummary
    notes: tuple[str, ...]  # differences the comparison cannot explain, said plainly
    criteria: tuple[CriterionChange, ...]  # every criterion of either run, `after` order first
    vendors: tuple[VendorChange, ...]  # `after` ranking order, then vendors gone

    @property
    def criteria_changed(self) -> tuple[CriterionChange, ...]:
        """The criteria added, removed or changed."""
        return tuple(c for c in self.criteria if c.status != "same")

    @property
    def criteria_edited(self) -> tuple[CriterionChange, ...]:
        """The criteria added, removed, re-weighted as written, or given another scale."""
        return tuple(c for c in self.criteria if c.edited)

    def by_name(self) -> dict[str, VendorChange]:
        """Every vendor's change record by case-folded name (names are unique that way)."""
        return {v.name.casefold(): v for v in self.vendors}
