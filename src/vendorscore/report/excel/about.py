"""The About sheet: provenance (tool, command, inputs with SHA-256) and how to read the workbook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from openpyxl.workbook import Workbook

from vendorscore.report.excel.cells import Styles, Table, new_sheet
from vendorscore.report.excel.sheets import Layout
from vendorscore.scoring.methods import scoring_method

__all__ = ["write_about"]


def write_about(
    wb: Workbook,
    styles: Styles,
    layout: Layout,
    *,
    command_line: str,
    generated_at: dt.datetime,
    tool_version: str,
) -> None:
    """Provenance: tool, command line, input files with SHA-256, method and policies."""
    ranking = layout.ranking
    method = scoring_method(ranking.method)
    ws = new_sheet(wb, "About")
    pairs: list[tuple[str, object]] = [
        ("Generated", generated_at.isoformat(timespec="seconds")),
        ("Tool", f"vendorscore {tool_version}"),
        ("Command line", command_line),
        ("Criteria set", ranking.criteria_name),
        ("Criteria file", ranking.criteria_file),
        ("Method", ranking.method),
        ("Missing-data policy", ranking.missing_policy),
        ("Base currency", ranking.base_currency),
        ("Vendors", len(ranking.vendors)),
        ("Eligible vendors", len(ranking.eligible)),
    ]
    table = Table(ws)
    table.fit(1, "Missing-data policy", minimum=20)
    table.fit(2, "x" * 70, maximum=80)
    table.fit(3, "0" * 64, maximum=70)
    table.apply_widths()
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    row = 0

    def add(cells: list[object], wrapped: str = "") -> None:
        nonlocal row
        row += 1
        height = table.height(wrapped, 2) if wrapped else None
        if height:
            ws.row_dimensions[row].height = height  # write-only: before the row
        ws.append(cells)

    add([styles.text(ws, f"Vendor comparison: {ranking.criteria_name}", "title")])
    add([])
    for key, value in pairs:
        text = str(value)
        add([styles.value(ws, key, "label"), styles.text(ws, text, "wrap")], text)

    def section(title: str, lines: Iterable[str]) -> None:
        add([])
        add([styles.value(ws, title, "label")])
        for line in lines:
            add([None, styles.text(ws, line, "wrap")], line)

    section("Knock-out requirements", ranking.requirement_rules or ["(none)"])
    if ranking.warnings:
        section("Warnings", ranking.warnings)
    if ranking.notes:
        section("Notes", ranking.notes)
    if ranking.exchange_rates:
        from vendorscore.report.currency import rate_text

        rates = [rate_text(r, ranking.base_currency) for r in ranking.exchange_rates]
        section("Exchange rates", rates)
    section(
        "How to read and use this workbook",
        [
            "Ranking: eligible vendors by total (ties within 1e-9 share a rank); vendors failing a "
            "knock-out requirement have no rank and show why.",
            "Weights: change a raw weight (orange cell) and every effective weight, total and rank "
            "recalculates with the same formula vendorscore uses.",
            "Scores: utilities 0-100 per criterion; Data: every raw value used, with its file.",
            "Totals, ranks and completeness were computed by vendorscore; the formulas reproduce "
            "them for the weights in this file.",
            "A hidden sheet, 'Saved result', holds this run as computed (JSON), so that "
            "`vendorscore diff` and `rank --baseline` can compare a later run with this workbook; "
            "weights edited here afterwards are not in it.",
            *(
                [
                    f"Method {method.short}: the totals shown are "
                    f"{method.meaning or method.label}. The live formulas recompute a weighted "
                    "sum, so after editing a weight, re-run "
                    f"`vendorscore export --method {method.name}` for {method.short} totals."
                ]
                if not method.live_formula
                else []
            ),
        ],
    )
    add([])
    add([styles.value(ws, h, "header") for h in ("Kind", "Input file", "SHA-256")])
    for f in ranking.inputs:
        add(
            [
                styles.text(ws, f.kind, "top"),
                styles.text(ws, f.path, "wrap"),
                styles.text(ws, f.sha256, "top"),
            ],
            f.path,
        )
    if not ranking.inputs:
        add([styles.value(ws, "(not recorded)", "missing")])
