"""The stamp on a sheet computed once at export time: with which weights, and a live flag.

Ranking, Scores and Weights recalculate when a reader edits a raw weight; the Sensitivity
verdicts and the choice and order of the charted vendors cannot. Such a sheet says so at its
top, names the weights it was computed at, and carries a formula cell comparing the live raw
weights with those, so an edited workbook cannot pass off the old analysis as current.
"""

from __future__ import annotations

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from vendorscore.report.excel.cells import Styles
from vendorscore.report.excel.sheets import W_RAW, WEIGHTS, Layout

__all__ = ["STAMP_ROWS", "WEIGHTS_CHANGED", "WEIGHTS_SAME", "stamp_rows"]

STAMP_ROWS = 2  # the stamp's rows at the top of a sheet; a blank row follows it
WEIGHTS_SAME = "Weights unchanged since export: this sheet is current."
WEIGHTS_CHANGED = (
    "WEIGHTS EDITED since export: this sheet still shows the exported weights; "
    "run vendorscore export again for a current one."
)
_TOLERANCE = 1e-9


def weights_text(layout: Layout) -> str:
    """The top-level effective weights of the run, as a reader would quote them."""
    top = [c for c in layout.ranking.criteria if c.parent is None]
    return ", ".join(f"{c.label} {c.global_weight:.0%}" for c in top) or "(no criteria)"


def stamp_rows(
    styles: Styles, ws: WriteOnlyWorksheet, layout: Layout, *, first_row: int = 1
) -> list[list[object]]:
    """The stamp's rows (append them first): what it was computed at, and the live flag."""
    criteria = layout.ranking.criteria
    said = styles.text(
        ws,
        "Computed when the workbook was exported, at these weights (top level): "
        f"{weights_text(layout)}. Editing the Weights sheet does not recompute this sheet.",
        "note",
    )
    if not criteria:
        return [[said], [styles.value(ws, WEIGHTS_SAME, "label")]]
    ordered = sorted(criteria, key=lambda c: layout.weight_row[c.id])
    first, last = layout.weight_row[ordered[0].id], layout.weight_row[ordered[-1].id]
    live = f"{WEIGHTS}!${W_RAW}${first}:${W_RAW}${last}"
    # The exported raw weights, in the Weights sheet's row order, as an array constant.
    exported = ";".join(repr(float(c.weight)) for c in ordered)
    flag_at = f"A{first_row + 1}"
    formula = (
        f"=IF(SUMPRODUCT(ABS({live}-{{{exported}}}))>{_TOLERANCE!r},"
        f'"{WEIGHTS_CHANGED}","{WEIGHTS_SAME}")'
    )
    ws.conditional_formatting.add(
        flag_at,
        FormulaRule(
            formula=[f'EXACT(LEFT({flag_at},7),"WEIGHTS")'],  # case matters: not "Weights"
            font=Font(bold=True, color="9C0006"),
            fill=PatternFill("solid", bgColor="FFC7CE"),
        ),
    )
    return [[said], [styles.formula(ws, formula, WEIGHTS_SAME, "label", flag_at)]]
