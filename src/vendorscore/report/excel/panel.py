"""The Panel sheet: agreement per rated criterion, every vendor's ratings with spread, flags and
comments, evaluators against the panel, and leave-one-out winners. Values as computed; every
evaluator-written text goes through `Styles.text` (never a formula, control characters shown)."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from vendorscore.model.panel import PanelResult
from vendorscore.report.excel.cells import Styles, Table, new_sheet

__all__ = ["write_panel"]


def _rows(
    panel: PanelResult, labels: dict[str, str]
) -> list[tuple[str, list[str], list[list[object]]]]:
    names = [e.name for e in panel.evaluators]
    tables: list[tuple[str, list[str], list[list[object]]]] = []
    tables.append(
        (
            f"Agreement per rated criterion: {panel.method} ({panel.reference}); reliable at "
            "0.800 or more, tentative from 0.667",
            ["Criterion", "Rubric", "Alpha", "Pairable", "Disagree", "Reading"],
            [
                [
                    a.criterion,
                    f"{labels.get(a.criterion, a.criterion)}: {a.rubric}",
                    a.alpha,
                    a.pairable,
                    a.flagged,
                    (a.note or "").split(" ", 1)[0].rstrip(":"),
                ]
                for a in panel.agreement
            ],
        )
    )
    rows: list[list[object]] = []
    for c in panel.cells:
        given = {r.evaluator: r.rating for r in c.ratings}
        excluded = {x.evaluator for x in c.excluded}
        rows.append(
            [
                c.criterion,
                c.vendor,
                c.consensus,
                c.spread,
                len(c.ratings),
                "DISAGREE" if c.disagreement else "",
                *(given.get(n, "conflict" if n in excluded else None) for n in names),
                ", ".join(c.missing),
                "\n".join(f"{r.evaluator}: {r.comment}" for r in c.ratings if r.comment),
            ]
        )
    tables.append(
        (
            "Ratings per vendor (one column per evaluator; 'conflict': excluded by a declared "
            "conflict of interest)",
            [
                "Criterion",
                "Vendor",
                "Consensus",
                "Range",
                "Ratings",
                "Flag",
                *names,
                "Missing",
                "Comments",
            ],
            rows,
        )
    )
    tables.append(
        (
            f"Evaluators against the rest of the panel: mean (rating - the others' median) as a "
            f"share of the rubric's span; flagged at {panel.bias_threshold:.0%} or more over "
            f"{panel.min_compared}+ ratings",
            ["Evaluator", "Role", "Date", "Compared", "Mean shift", "Tendency"],
            [
                [
                    b.evaluator,
                    b.role,
                    e.date.isoformat(),
                    b.compared,
                    b.mean_deviation,
                    b.tendency or "",
                ]
                for b, e in zip(panel.bias, panel.evaluators, strict=True)
            ],
        )
    )
    winners = " and ".join(panel.winners) or "none"
    tables.append(
        (
            f"Leave one evaluator out (full panel's winner: {winners})",
            ["Left out", "Winner", "Winner changed"],
            [
                [x.evaluator, " and ".join(x.winners), "yes" if x.changed else "no"]
                for x in panel.leave_one_out
            ],
        )
    )
    if panel.conflicts:
        tables.append(
            (
                "Declared conflicts of interest",
                ["Evaluator", "Vendor", "Reason"],
                [[c.evaluator, c.vendor, c.reason or ""] for c in panel.conflicts],
            )
        )
    return tables


_WRAP_AT = 40  # characters: longer text wraps in its column
_STYLES = {"Alpha": "number2", "Consensus": "number2", "Range": "number", "Mean shift": "pct1"}


def write_panel(wb: Workbook, styles: Styles, panel: PanelResult, labels: dict[str, str]) -> None:
    """The Panel sheet for `panel` (`labels`: criterion id -> label)."""
    ws: WriteOnlyWorksheet = new_sheet(wb, "Panel")
    tables = _rows(panel, labels)
    table = Table(ws)
    # Columns fit the ratings table (the sheet's main one); the other tables' longer text wraps.
    for i, (_, headers, rows) in enumerate(tables):
        table.fit_rows([headers], minimum=9)
        if i == 1:
            table.fit_rows(rows, minimum=9, maximum=_WRAP_AT)
    table.apply_widths()
    row_number = 0
    for title, headers, rows in tables:
        ws.append([styles.text(ws, title, "label")])
        ws.append([styles.text(ws, h, "header") for h in headers])
        row_number += 2
        for row in rows:
            row_number += 1
            heights = [table.height(v, i) for i, v in enumerate(row, start=1) if isinstance(v, str)]
            height = max((h for h in heights if h is not None), default=None)
            if height is not None:
                ws.row_dimensions[row_number].height = height  # write-only: before the row
            ws.append(_cells(ws, styles, table, headers, row))
        ws.append([])
        row_number += 1


def _cells(
    ws: WriteOnlyWorksheet,
    styles: Styles,
    table: Table,
    headers: Sequence[str],
    row: Sequence[object],
) -> list[object]:
    out: list[object] = []
    for column, (header, value) in enumerate(zip(headers, row, strict=True), start=1):
        if value is None:
            out.append(None)
        elif isinstance(value, str):
            wrap = "\n" in value or len(value) + 2 > table.widths.get(column, 8.43)
            out.append(styles.text(ws, value, "wrap" if wrap else None))
        else:
            out.append(styles.value(ws, value, _STYLES.get(header, "number")))
    return out
