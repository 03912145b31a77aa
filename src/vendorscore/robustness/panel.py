"""The panel analysis: consensus and spread per vendor and rated criterion, disagreement flags,
inter-rater agreement, evaluators far from the panel, and leave-one-out winners (pure).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from vendorscore.model.panel import (
    Bias,
    CriterionAgreement,
    LeaveOneOut,
    Panel,
    PanelCell,
    PanelRating,
    PanelResult,
)
from vendorscore.model.results import Ranking
from vendorscore.robustness.agreement import krippendorff_alpha, reading
from vendorscore.scoring.consensus import ConsensusValues, combine, consensus_values, median

__all__ = ["BIAS_THRESHOLD", "MIN_COMPARED", "analyse_panel", "evaluator_bias", "panel_cells"]

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
    cells: list[PanelCell] = []
    for criterion, rubric in panel.rubrics.items():
        allowed = [e for e in panel.evaluators if rubric.roles is None or e.role in rubric.roles]
        for vendor in vendor_order:
            ratings = tuple(by_cell.get((vendor, criterion), ()))
            levels = [r.rating for r in ratings]
            excluded = tuple(c for c in panel.conflicts if c.vendor == vendor)
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
                    excluded=tuple(
                        c for c in excluded if any(e.name == c.evaluator for e in allowed)
                    ),
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


def evaluator_bias(
    panel: Panel, *, threshold: float = BIAS_THRESHOLD, min_compared: int = MIN_COMPARED
) -> tuple[Bias, ...]:
    """Each evaluator's mean distance from the others' median rating of the same vendor and
    criterion, as a share of the rubric's span; lenient or severe when consistently far."""
    by_cell: dict[tuple[str, str], list[PanelRating]] = {}
    for r in panel.ratings:
        by_cell.setdefault((r.vendor, r.criterion), []).append(r)
    out = []
    for e in panel.evaluators:
        deviations = []
        for r in panel.ratings:
            if r.evaluator != e.name:
                continue
            others = [o.rating for o in by_cell[(r.vendor, r.criterion)] if o.evaluator != e.name]
            if others:
                rubric = panel.rubrics[r.criterion]
                deviations.append((r.rating - median(others)) / (rubric.high - rubric.low))
        mean = sum(deviations) / len(deviations) if deviations else None
        tendency = None
        if mean is not None and len(deviations) >= min_compared:
            if mean >= threshold:
                tendency = "lenient"
            elif mean <= -threshold:
                tendency = "severe"
        out.append(Bias(e.name, e.role, len(deviations), mean, tendency))  # type: ignore[arg-type]
    return tuple(out)


def analyse_panel(
    panel: Panel, ranking: Ranking, *, rescore: Callable[[ConsensusValues], Ranking]
) -> PanelResult:
    """The panel's analysis for `ranking` (scored on its consensus); `rescore` scores the same
    vendors on other consensus values, for leave-one-out."""
    order = [v.name for v in ranking.vendors]
    cells = panel_cells(panel, order)
    labels = {c.id: c.label for c in ranking.criteria}
    winners = _winners(ranking)
    loo = []
    for e in panel.evaluators:
        rest = rescore(consensus_values(panel.without(e.name)))
        theirs = _winners(rest)
        loo.append(LeaveOneOut(e.name, theirs, theirs != winners))
    return PanelResult(
        evaluators=panel.evaluators,
        cells=cells,
        agreement=tuple(_agreement(panel, cells, labels)),
        bias=evaluator_bias(panel),
        leave_one_out=tuple(loo),
        winners=winners,
        conflicts=panel.conflicts,
        bias_threshold=BIAS_THRESHOLD,
        min_compared=MIN_COMPARED,
    )


def _winners(ranking: Ranking) -> tuple[str, ...]:
    return tuple(v.name for v in ranking.eligible if v.rank == 1)
