"""A saved run: what `rank --format json` (and the workbook's embedded copy) records of a ranking.

Two runs are compared from these records, whether both were read back from files or one is the
ranking just computed (`rank --baseline`). `saved_run` turns a live `Ranking` into one, so a
comparison never depends on where a run came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from vendorscore.model.results import (
    CriterionInfo,
    InputFile,
    LeafScore,
    Method,
    MissingPolicy,
    Ranking,
)

# The format's name, version and value rules live apart, so writing a result does not build
# these records (`rank --format json` needs only those).
from vendorscore.model.saved_format import FORMAT_NAME, FORMAT_VERSION, json_value

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "SavedRun",
    "SavedVendor",
    "json_value",
    "saved_run",
]


@dataclass(frozen=True, slots=True)
class SavedVendor:
    """One vendor of a saved run: rank, total and, per leaf, weight, utility and points."""

    name: str
    file: str
    delivery_model: str
    rank: int | None  # None when knocked out
    eligible: bool
    total: float
    completeness: float
    failed_requirements: tuple[str, ...]
    scores: Mapping[str, float | None]  # node id -> utility 0..100, None when excluded
    contributions: Mapping[str, float]  # leaf id -> points added to the total
    effective_weights: Mapping[str, float]  # leaf id -> share of this vendor's total, 0..1
    values: Mapping[str, object]  # field path -> raw value (JSON data), None when missing


@dataclass(frozen=True, slots=True)
class SavedRun:
    """A ranking as saved: the criteria tree with its weights, every vendor, provenance."""

    source: str  # where the run was read from, or "this run"
    format_version: int
    tool_version: str
    criteria_name: str
    criteria_file: str
    method: Method
    base_currency: str
    missing_policy: MissingPolicy
    criteria: tuple[CriterionInfo, ...]  # pre-order, as in Ranking.criteria
    requirement_rules: tuple[str, ...]
    vendors: tuple[SavedVendor, ...]  # ranking order
    inputs: tuple[InputFile, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def leaves(self) -> tuple[CriterionInfo, ...]:
        """The leaf criteria, in pre-order."""
        return tuple(c for c in self.criteria if c.is_leaf)

    def sha256_of(self, path: str) -> str | None:
        """The recorded SHA-256 of an input file, None when the run did not record it."""
        for f in self.inputs:
            if f.path == path:
                return f.sha256
        return None


def saved_run(ranking: Ranking, *, source: str, tool_version: str) -> SavedRun:
    """The record of `ranking` as `rank --format json` saves it (before any rounding)."""
    leaf_ids = [c.id for c in ranking.leaves]
    vendors = tuple(
        SavedVendor(
            name=v.name,
            file=v.file,
            delivery_model=v.delivery_model,
            rank=v.rank,
            eligible=v.eligible,
            total=v.total,
            completeness=v.completeness,
            failed_requirements=v.failed_requirements,
            scores=v.scores,
            contributions=v.contributions,
            effective_weights=_effective_weights(v.leaves, leaf_ids),
            values={k: json_value(x) for k, x in v.values.items()},
        )
        for v in ranking.vendors
    )
    return SavedRun(
        source=source,
        format_version=FORMAT_VERSION,
        tool_version=tool_version,
        criteria_name=ranking.criteria_name,
        criteria_file=ranking.criteria_file,
        method=ranking.method,
        base_currency=ranking.base_currency,
        missing_policy=ranking.missing_policy,
        # Scale points serve live analyses only; a saved file keeps the scale's description.
        criteria=tuple(c._replace(knots=None) for c in ranking.criteria),
        requirement_rules=ranking.requirement_rules,
        vendors=vendors,
        inputs=ranking.inputs,
        warnings=ranking.warnings,
    )


def _effective_weights(leaves: tuple[LeafScore, ...], leaf_ids: list[str]) -> dict[str, float]:
    by_id = {leaf.id: leaf.effective_weight for leaf in leaves}
    return {i: by_id.get(i, 0.0) for i in leaf_ids}
