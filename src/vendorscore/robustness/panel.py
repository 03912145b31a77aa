"""The panel analysis: consensus and spread per vendor and rated criterion, disagreement flags,
inter-rater agreement, evaluators far from the panel, and leave-one-out winners (pure).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from typing import Literal

from vendorscore.model.panel import (
    Bias,
    ConflictDeclared,
    CriterionAgreement,
    LeaveOneOut,
    Panel,
    PanelCell,
    PanelRating,
    PanelResult,
)
from vendorscore.model.results import TIE_TOLERANCE, Ranking
from vendorscore.robustness.agreement import krippendorff_alpha, reading
from vendorscore.scoring.consensus import combine, consensus_values, retotal

__all__ = [
    "BIAS_THRESHOLD",
    "MIN_COMPARED",
    "analyse_panel",
    "evaluator_bias",
    "leave_one_out",
    "panel_cells",
]

# An evaluator whose ratings sit, on average, at least a fifth of the scale (0.8 level on a 1-5
# rubric) above or below the others' median, over at least 3 ratings, is flagged.
BIAS_THRESHOLD = 0.2
MIN_COMPARED = 3


def panel_cells(panel: Panel, vendor_order: Sequence[str]) -> tuple[PanelCell, ...]:
    """Every rated criterion (file order) by every vendor (`vendor_order`): the ratings, their
    consensus and spread, missing and excluded evaluators, and the disagreement flag."""
    by_cell: dict[tuple[str, str], list[PanelRating]] = {}
    for r in panel.ratings:
        by_cell.setdefault((r.vendor, r.criterion), []).append(r)
    conflicts: dict[str, tuple[ConflictDeclared, ...]] = {}
    for c in panel.conflicts:
        conflicts[c.vendor] = (*conflicts.get(c.vendor, ()), c)
    cells: list[PanelCell] = []
    for criterion, rubric in panel.rubrics.items():
        allowed = [e for e in panel.evaluators if rubric.roles is None or e.role in rubric.roles]
        allowed_names = {e.name for e in allowed}
        for vendor in vendor_order:
            ratings = tuple(by_cell.get((vendor, criterion), ()))
            levels = [r.rating for r in ratings]
            excluded = conflicts.get(vendor, ())
            gone = {r.evaluator for r in ratings} | {c.evaluator for c in excluded}
            spread = max(levels) - min(levels) if levels else None
            cells.append(
                PanelCell(
                    vendor=vendor,
                    criterion=criterion,
                    ratings=ratings,
                    consensus=combine(rubric, levels),
                    spread=spread,
                    missing=tuple(e.name for e in allowed if e.name not in gone),
                    excluded=tuple(c for c in excluded if c.evaluator in allowed_names),
                    disagreement=spread is not None
                    and len(levels) >= 2
                    and spread >= rubric.disagreement_levels,
                )
            )
    return tuple(cells)


def _agreement(
    panel: Panel, cells: Sequence[PanelCell], labels: dict[str, str]
) -> list[CriterionAgreement]:
    out = []
    for criterion, rubric in panel.rubrics.items():
        mine = [c for c in cells if c.criterion == criterion]
        units = {c.vendor: [r.rating for r in c.ratings] for c in mine}
        alpha = krippendorff_alpha(units, metric="ordinal")
        out.append(
            CriterionAgreement(
                criterion=criterion,
                label=labels.get(criterion, criterion),
                rubric=rubric.describe(),
                alpha=alpha,
                note=reading(alpha),
                pairable=sum(len(v) for v in units.values() if len(v) >= 2),
                flagged=sum(c.disagreement for c in mine),
            )
        )
    return out


def _by_cell(panel: Panel) -> dict[tuple[str, str], list[PanelRating]]:
    out: dict[tuple[str, str], list[PanelRating]] = {}
    for r in panel.ratings:
        out.setdefault((r.vendor, r.criterion), []).append(r)
    return out


def _median_without(ordered: Sequence[float], value: float) -> float:
    """The median of sorted `ordered` with one `value` taken out (in O(log n))."""
    gone = bisect_left(ordered, value)
    n = len(ordered) - 1

    def at(j: int) -> float:
        return ordered[j if j < gone else j + 1]

    return at(n // 2) if n % 2 else (at(n // 2 - 1) + at(n // 2)) / 2


def evaluator_bias(
    panel: Panel, *, threshold: float = BIAS_THRESHOLD, min_compared: int = MIN_COMPARED
) -> tuple[Bias, ...]:
    """Each evaluator's mean distance from the others' median rating of the same vendor and
    criterion, as a share of the rubric's span; lenient or severe when consistently far."""
    ordered = {cell: sorted(r.rating for r in rs) for cell, rs in _by_cell(panel).items()}
    deviations: dict[str, list[float]] = {e.name: [] for e in panel.evaluators}
    span = {k: rubric.high - rubric.low for k, rubric in panel.rubrics.items()}
    for r in panel.ratings:
        levels = ordered[(r.vendor, r.criterion)]
        if len(levels) > 1:
            others = _median_without(levels, r.rating)
            deviations[r.evaluator].append((r.rating - others) / span[r.criterion])
    out = []
    for e in panel.evaluators:
        mine = deviations[e.name]
        mean = math.fsum(mine) / len(mine) if mine else None
        tendency: Literal["lenient", "severe"] | None = None
        if mean is not None and len(mine) >= min_compared:
            if mean >= threshold:
                tendency = "lenient"
            elif mean <= -threshold:
                tendency = "severe"
        out.append(Bias(e.name, e.role, len(mine), mean, tendency))
    return tuple(out)


def leave_one_out(panel: Panel, ranking: Ranking) -> tuple[LeaveOneOut, ...]:
    """The winner with each evaluator's ratings left out. Scales are fixed, so a vendor's total
    depends on its own values alone: only the vendors whose consensus moved are rescored, and
    only their rated leaves (scoring.consensus.retotal)."""
    by_cell = _by_cell(panel)
    rated_by: dict[str, list[tuple[str, str]]] = {}
    for r in panel.ratings:
        rated_by.setdefault(r.evaluator, []).append((r.vendor, r.criterion))
    full = consensus_values(panel)
    totals = {v.name: v.total for v in ranking.eligible}
    winners = _winners(ranking)
    out = []
    for e in panel.evaluators:
        rest = {vendor: dict(values) for vendor, values in full.items()}
        moved: set[str] = set()
        for vendor, criterion in rated_by.get(e.name, ()):
            ratings = by_cell[(vendor, criterion)]
            others = [r.rating for r in ratings if r.evaluator != e.name]
            value = combine(panel.rubrics[criterion], others)
            if value != full[vendor][criterion]:
                moved.add(vendor)
                if value is None:
                    del rest[vendor][criterion]
                else:
                    rest[vendor][criterion] = value
        theirs = winners
        if moved & set(totals):
            changed = dict(totals)
            changed.update(retotal(ranking, rest, panel.rubrics, moved))
            theirs = _top(changed)
        out.append(LeaveOneOut(e.name, theirs, theirs != winners))
    return tuple(out)


def analyse_panel(panel: Panel, ranking: Ranking) -> PanelResult:
    """The panel's analysis for `ranking` (scored on the panel's consensus)."""
    order = [v.name for v in ranking.vendors]
    cells = panel_cells(panel, order)
    labels = {c.id: c.label for c in ranking.criteria}
    return PanelResult(
        evaluators=panel.evaluators,
        cells=cells,
        agreement=tuple(_agreement(panel, cells, labels)),
        bias=evaluator_bias(panel),
        leave_one_out=leave_one_out(panel, ranking),
        winners=_winners(ranking),
        conflicts=panel.conflicts,
        bias_threshold=BIAS_THRESHOLD,
        min_compared=MIN_COMPARED,
    )


def _winners(ranking: Ranking) -> tuple[str, ...]:
    return tuple(v.name for v in ranking.eligible if v.rank == 1)


def _top(totals: dict[str, float]) -> tuple[str, ...]:
    """Rank 1 as the pipeline ranks: the best total and every total within TIE_TOLERANCE."""
    if not totals:
        return ()
    best = max(totals.values())
    return tuple(sorted(n for n, t in totals.items() if abs(t - best) <= TIE_TOLERANCE))
