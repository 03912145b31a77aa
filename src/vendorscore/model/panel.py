"""An evaluation panel: its ratings as read (`Panel`) and what the analysis found (`PanelResult`).

Named tuples and frozen dataclasses only; robustness/panel.py computes the result and the
presenters render it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, NamedTuple

from vendorscore.model.ratings import Rubric
from vendorscore.model.results import InputFile

__all__ = [
    "AGREEMENT_METHOD",
    "AGREEMENT_REFERENCE",
    "Bias",
    "ConflictDeclared",
    "CriterionAgreement",
    "LeaveOneOut",
    "Panel",
    "PanelCell",
    "PanelEvaluator",
    "PanelRating",
    "PanelResult",
]

AGREEMENT_METHOD = "Krippendorff's alpha, ordinal metric"
AGREEMENT_REFERENCE = (
    "Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. "
    "https://repository.upenn.edu/asc_papers/43"
)


class PanelEvaluator(NamedTuple):
    """One evaluator on the panel, from their file."""

    name: str
    role: str
    date: dt.date
    file: str


class PanelRating(NamedTuple):
    """One rating: an evaluator's level for one vendor on one rated criterion."""

    evaluator: str
    role: str
    vendor: str  # as in the vendor's profile
    criterion: str
    rating: float  # a level of the criterion's rubric
    comment: str | None


class ConflictDeclared(NamedTuple):
    """An evaluator's declared conflict of interest with a vendor (excluded from rating it)."""

    evaluator: str
    vendor: str
    reason: str | None


@dataclass(frozen=True)
class Panel:
    """The panel's ratings, checked against a run's criteria set and vendors."""

    rubrics: Mapping[str, Rubric]  # rated criterion id -> rubric, in file order
    evaluators: tuple[PanelEvaluator, ...]
    ratings: tuple[PanelRating, ...]
    conflicts: tuple[ConflictDeclared, ...] = ()
    vendors: tuple[str, ...] = ()  # every vendor of the run, as in its profile
    files: tuple[InputFile, ...] = ()

    def without(self, evaluator: str) -> Panel:
        """The same panel with one evaluator left out (for leave-one-out)."""
        from dataclasses import replace

        return replace(
            self,
            evaluators=tuple(e for e in self.evaluators if e.name != evaluator),
            ratings=tuple(r for r in self.ratings if r.evaluator != evaluator),
            conflicts=tuple(c for c in self.conflicts if c.evaluator != evaluator),
        )


class PanelCell(NamedTuple):
    """One vendor on one rated criterion: the ratings, their consensus and spread, who is
    missing or excluded, and whether the panel disagrees."""

    vendor: str
    criterion: str
    ratings: tuple[PanelRating, ...]  # in evaluator order
    consensus: float | None  # by the rubric's rule; None when nobody rated
    spread: float | None  # highest minus lowest rating, in levels; None when nobody rated
    missing: tuple[str, ...]  # evaluators allowed to rate it who did not
    excluded: tuple[ConflictDeclared, ...]  # evaluators excluded by a declared conflict
    disagreement: bool  # spread at or above the rubric's disagreement range


class CriterionAgreement(NamedTuple):
    """Inter-rater agreement on one rated criterion, across the vendors rated."""

    criterion: str
    label: str
    rubric: str  # the rubric described, e.g. "rated 1-5 by quality, operations (median)"
    alpha: float | None  # Krippendorff's alpha (ordinal); None when it cannot be computed
    note: str | None  # why alpha is None, or how to read it
    pairable: int  # ratings in vendors rated by two or more evaluators
    flagged: int  # vendors whose ratings disagree beyond the rubric's range


class Bias(NamedTuple):
    """How far one evaluator sits from the rest of the panel, across every rating."""

    evaluator: str
    role: str
    compared: int  # ratings compared with the others' consensus
    mean_deviation: float | None  # mean (rating - others' median), as a share of the scale
    tendency: Literal["lenient", "severe"] | None  # when consistently far from the panel


class LeaveOneOut(NamedTuple):
    """The ranking rescored without one evaluator's ratings."""

    evaluator: str
    winners: tuple[str, ...]  # rank 1 (several when tied)
    changed: bool  # the winner differs from the full panel's


@dataclass(frozen=True)
class PanelResult:
    """What the panel analysis found; attached to a Ranking as `ranking.panel`."""

    evaluators: tuple[PanelEvaluator, ...]
    cells: tuple[PanelCell, ...]  # per rated criterion (file order), per vendor (rank order)
    agreement: tuple[CriterionAgreement, ...]
    bias: tuple[Bias, ...]
    leave_one_out: tuple[LeaveOneOut, ...]
    winners: tuple[str, ...]  # the full panel's rank 1
    conflicts: tuple[ConflictDeclared, ...] = ()
    method: str = AGREEMENT_METHOD
    reference: str = AGREEMENT_REFERENCE
    bias_threshold: float = 0.2  # share of the scale beyond which an evaluator is flagged
    min_compared: int = 3  # ratings an evaluator needs before being flagged

    @property
    def disagreements(self) -> tuple[PanelCell, ...]:
        """The cells where the panel disagrees, in order."""
        return tuple(c for c in self.cells if c.disagreement)

    @property
    def winner_stable(self) -> bool:
        """True when no single evaluator's absence changes the winner."""
        return not any(x.changed for x in self.leave_one_out)
