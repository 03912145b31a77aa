"""Sensitivity results as tables for the workbook's Sensitivity sheet (formatting only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vendorscore.robustness.smaa import SmaaResult
    from vendorscore.robustness.stability import Stability

__all__ = ["SensitivityReport"]


Table = tuple[str, list[str], list[list[object]]]


def _overtake(o: object) -> str:
    from vendorscore.robustness.stability import Overtake

    if not isinstance(o, Overtake):
        return ""
    weight = "at 100%" if o.raw_weight is None else f"at raw weight {o.raw_weight:.3g}"
    return f"{o.vendor} passes {o.overtakes} {weight}"


class SensitivityReport:
    """Stability intervals and (optionally) SMAA for a workbook: its tables, formatted only."""

    def __init__(self, stability: Stability, smaa: SmaaResult | None) -> None:
        self.stability = stability
        self.smaa = smaa

    def excel_tables(self) -> list[Table]:
        """(title, headers, rows) for each table of the Sensitivity sheet."""
        c = self.stability.close_call
        flip = c.flip
        tables: list[Table] = [
            (
                "Close call",
                ["Winner", "Runner-up", "Gap (points)", "Verdict", "Smallest flip"],
                [
                    [
                        c.winner or "",
                        c.runner_up or "",
                        c.gap_points,
                        c.verdict,
                        ""
                        if flip is None
                        else f"{flip.criterion}: raw weight {flip.from_raw:.3g} -> "
                        + ("100%" if flip.to_raw is None else f"{flip.to_raw:.3g}"),
                    ]
                ],
            ),
            (
                "Weight stability (the others rescaled in proportion)",
                [
                    "Criterion",
                    "Group",
                    "Raw weight",
                    "Winner first from",
                    "Winner first to",
                    "Below, the lead goes to",
                    "Above, the lead goes to",
                    "Ranking same from",
                    "Ranking same to",
                ],
                [
                    [
                        iv.criterion,
                        iv.parent or "(top)",
                        iv.raw_weight,
                        iv.winner.lower_raw,
                        "no limit" if iv.winner.upper_raw is None else iv.winner.upper_raw,
                        _overtake(iv.winner.below),
                        _overtake(iv.winner.above),
                        iv.ranking.lower_raw,
                        "no limit" if iv.ranking.upper_raw is None else iv.ranking.upper_raw,
                    ]
                    for iv in self.stability.intervals
                ],
            ),
        ]
        s = self.smaa
        if s is not None:
            ranks = [f"Rank {r + 1} share" for r in range(len(s.vendors))]
            tables.append(
                (
                    f"Rank acceptability (SMAA-2, {s.samples:,} {s.weights} weightings, "
                    f"seed {s.seed}): the share of weightings that put each vendor at each rank. "
                    "Confidence: 1 when the vendor's central weights make it first, 0 when they "
                    "do not, blank when no weighting makes it first.",
                    ["Vendor", "Confidence", *ranks],
                    [
                        [v, s.confidence[i], *s.rank_acceptability[i]]
                        for i, v in enumerate(s.vendors)
                    ],
                )
            )
            tables.append(
                (
                    "Central weights: the typical weighting that makes each vendor win (each "
                    "criterion's share of the total weight; vendors never first have none)",
                    ["Vendor", *(f"{c} share" for c in s.criteria)],
                    [[v, *(w or ())] for v, w in zip(s.vendors, s.central_weights, strict=True)],
                )
            )
        return tables
