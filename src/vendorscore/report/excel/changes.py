"""The Changes sheet: what moved since a baseline run (`--baseline`), rendered as given.

Three tables: every vendor (move, ranks, totals, the change split into weights, values and
both, and why), the criteria whose weights or scales changed, and every leaf change.
"""

from __future__ import annotations

from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from vendorscore.compare.result import RunComparison, VendorChange
from vendorscore.report.changes import (
    by_criterion_text,
    criterion_change_text,
    leaf_text,
    move_label,
    run_line,
)
from vendorscore.report.excel.cells import Styles, Table, new_sheet
from vendorscore.report.text import format_raw

__all__ = ["CHANGES", "write_changes"]

CHANGES = "Changes"
_WHY_LEAVES = 3
# Three tables share the sheet's columns, so columns line up: A the vendor or criterion, B what
# kind of change, C..F before/after figures, G..J the change in points and its split, K words.
_VENDOR_HEADERS = ("Vendor", "Move", "Rank before", "Rank after", "Total before", "Total after",
                   "Change", "From weights", "From values", "Both", "Why")  # fmt: skip
_CRITERIA_HEADERS = ("Criterion", "Status", "Raw weight before", "Raw weight after",
                     "Effective before", "Effective after", "", "", "", "", "Change")  # fmt: skip
_LEAF_HEADERS = ("Vendor", "Criterion", "Weight before", "Weight after", "Utility before",
                 "Utility after", "Change", "From weights", "From values", "Both",
                 "Value before -> after")  # fmt: skip
_WIDTHS = (30, 20, 11, 11, 11, 11, 11, 11, 11, 11, 80)
_TWO_LINES = "header\nwraps"  # header rows: room for two lines
_SPLIT = "change in points = from weights + from values + both (weights and values together)"


def write_changes(wb: Workbook, styles: Styles, comparison: RunComparison, index: int) -> None:
    """The Changes sheet at position `index`."""
    ws = new_sheet(wb, CHANGES, index)
    table = Table(ws)
    for i, width in enumerate(_WIDTHS, start=1):
        table.fit(i, "", minimum=width)
        table.widths[i] = width
    table.apply_widths()
    ws.freeze_panes = "B1"
    row = 0

    def add(cells: list[object], text: str = "") -> None:
        nonlocal row
        row += 1
        height = table.height(text, len(_WIDTHS)) if text else None
        if height:
            ws.row_dimensions[row].height = height  # write-only: before the row
        ws.append(cells)

    add([styles.text(ws, f"What changed: {comparison.after.criteria_name}", "title")])
    for line in (run_line("Before", comparison.before), run_line("After", comparison.after)):
        add([styles.text(ws, line)])
    for note in comparison.notes:
        add([styles.text(ws, f"Note: {note}", "bad")])
    add([styles.text(ws, _SPLIT, "note")])
    add([])
    add(_header(ws, styles, _VENDOR_HEADERS), _TWO_LINES)
    for v in comparison.vendors:
        why = _why(v)
        add(
            [
                styles.text(ws, v.name, "top"),
                styles.text(ws, move_label(v), "rank"),
                _number(ws, styles, v.rank_before, "rank"),
                _number(ws, styles, v.rank_after, "rank"),
                _number(ws, styles, v.total_before, "total"),
                _number(ws, styles, v.total_after, "total"),
                _number(ws, styles, v.total_change, "total"),
                _number(ws, styles, v.weights_part, "total"),
                _number(ws, styles, v.values_part, "total"),
                _number(ws, styles, v.interaction_part, "total"),
                styles.text(ws, why, "wrap_indent"),
            ],
            why,
        )
    add([])
    add([styles.text(ws, "Criteria changed (effective weight: share of the total)", "title")])
    add(_header(ws, styles, _CRITERIA_HEADERS), _TWO_LINES)
    for c in comparison.criteria_changed:
        words = criterion_change_text(c)
        add(
            [
                styles.text(ws, "    " * c.depth + c.id, "top"),
                styles.text(
                    ws, c.status if c.edited else "share only", "label" if c.edited else "top"
                ),
                _number(ws, styles, c.weight_before, "number"),
                _number(ws, styles, c.weight_after, "number"),
                _number(ws, styles, c.effective_before, "pct1"),
                _number(ws, styles, c.effective_after, "pct1"),
                None,
                None,
                None,
                None,
                styles.text(ws, words, "wrap_indent"),
            ],
            words,
        )
    add([])
    add([styles.text(ws, "Leaf changes (points of the total), largest first", "title")])
    add(_header(ws, styles, _LEAF_HEADERS), _TWO_LINES)
    for v in comparison.vendors:
        for leaf in v.leaves:
            value = f"{leaf.field}: {_raw(leaf.raw_before)} -> {_raw(leaf.raw_after)}"
            if leaf.unit:
                value += f" ({leaf.unit})"
            add(
                [
                    styles.text(ws, v.name),
                    styles.text(ws, leaf.id),
                    _number(ws, styles, leaf.weight_before, "pct1"),
                    _number(ws, styles, leaf.weight_after, "pct1"),
                    _number(ws, styles, leaf.utility_before, "score"),
                    _number(ws, styles, leaf.utility_after, "score"),
                    _number(ws, styles, leaf.change, "total"),
                    _number(ws, styles, leaf.weights_part, "total"),
                    _number(ws, styles, leaf.values_part, "total"),
                    _number(ws, styles, leaf.interaction_part, "total"),
                    styles.text(ws, value, "indent"),  # one line per leaf: it may overflow
                ],
            )


def _header(ws: WriteOnlyWorksheet, styles: Styles, headers: tuple[str, ...]) -> list[object]:
    return [styles.value(ws, h, "header") for h in headers]


def _number(ws: WriteOnlyWorksheet, styles: Styles, value: float | None, style: str) -> object:
    return None if value is None else styles.value(ws, value, style)


def _raw(value: object) -> str:
    return format_raw(value)


def _why(v: VendorChange) -> str:
    summary = [t for t in (by_criterion_text(v),) if t]
    lines = [*v.reasons, *summary, *(leaf_text(leaf) for leaf in v.leaves[:_WHY_LEAVES])]
    return "\n".join(lines)
