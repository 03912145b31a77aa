"""The workbook's supporting sheets: Charts, About, and the optional analyses.

Staffing and sensitivity results are written by other modules; this one renders any of them that
offers the `excel_tables()` hook (see `analysis_tables`), or, failing that, any dataclass, mapping
or sequence of dataclasses, as plain tables. It never computes a figure of its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.utils import column_index_from_string
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.pagebreak import Break

from vendorscore.excel_cells import Styles, Table, cell_text, col, new_sheet
from vendorscore.excel_sheets import R_TOTAL, RANKING, SCORES, Layout

__all__ = ["TableSpec", "analysis_tables", "write_about", "write_analysis", "write_charts"]

# (title, headers, rows): one table of an analysis sheet.
TableSpec = tuple[str, Sequence[str], Sequence[Sequence[object]]]

CHART_VENDORS = 15  # bars in the totals chart
PROFILE_VENDORS = 5  # vendors compared criterion by criterion


# ---------------------------------------------------------------- Charts


def write_charts(wb: Workbook, styles: Styles, layout: Layout) -> None:
    """A bar chart of the leading totals and a criterion-by-criterion comparison of the leaders."""
    ranking = layout.ranking
    ws = new_sheet(wb, "Charts")
    top = ranking.top_level
    eligible = [i for i, v in enumerate(ranking.vendors) if v.eligible]
    leaders = (eligible or list(range(len(ranking.vendors))))[:PROFILE_VENDORS]
    n_bars = min(CHART_VENDORS, max(len(eligible), 1), len(ranking.vendors))

    table = Table(ws)
    table.fit(1, "Top-level criterion", minimum=14)
    for c in top:
        table.fit(1, c.label, maximum=40)
    for j, i in enumerate(leaders, start=2):
        table.fit(j, ranking.vendors[i].name, minimum=10, maximum=30)
    table.apply_widths()

    ws.append(
        [styles.value(ws, "Top-level criterion", "header")]
        + [styles.text(ws, ranking.vendors[i].name, "header") for i in leaders]
    )
    for r, c in enumerate(top, start=2):
        row: list[object] = [styles.text(ws, c.label, "label")]
        for j, i in enumerate(leaders, start=2):
            u = ranking.vendors[i].scores.get(c.id)
            ref = f"={SCORES}!{layout.score_col[c.id]}{layout.scores_row(i)}"
            row.append(styles.formula(ws, ref, "" if u is None else u, "score", f"{col(j)}{r}"))
        ws.append(row)
    ws.append([])
    ws.append(
        [
            styles.value(
                ws,
                "Live: the charts follow the Weights sheet. Bars show the vendors in the order of "
                "this file's ranking; sort the Ranking sheet by Rank after changing weights.",
                "note",
            )
        ]
    )
    if not ranking.vendors:
        return
    anchor_row = len(top) + 5

    totals = BarChart()
    totals.type = "bar"
    totals.style = 10
    totals.title = f"Total score, top {n_bars} (0-100)"
    totals.y_axis.title = "Total score"
    totals.x_axis.title = "Vendor"
    totals.y_axis.scaling.min = 0
    totals.y_axis.scaling.max = 100
    totals.x_axis.scaling.orientation = "maxMin"  # rank 1 at the top ...
    totals.y_axis.crosses = "max"  # ... with the value axis still at the bottom
    totals.y_axis.number_format = "0"
    totals.y_axis.majorGridlines = None
    totals.x_axis.delete = False
    totals.y_axis.delete = False
    totals.legend = None
    ranking_ws = wb[RANKING]
    total_col = column_index_from_string(R_TOTAL)
    totals.add_data(Reference(ranking_ws, min_col=total_col, min_row=2, max_row=1 + n_bars))
    totals.set_categories(Reference(ranking_ws, min_col=2, min_row=2, max_row=1 + n_bars))
    totals.series[0].tx = None
    totals.dataLabels = DataLabelList(
        showVal=True, showCatName=False, showSerName=False, showLegendKey=False, showPercent=False
    )
    totals.dataLabels.numFmt = "0.0"
    totals.height = max(7.5, 0.8 * n_bars + 2)
    totals.width = 18
    ws.add_chart(totals, f"A{anchor_row}")
    anchor_row += _rows_for(totals.height)

    if not top:
        return
    ws.row_breaks.append(Break(id=anchor_row - 1))  # the comparison charts start a new page
    data = Reference(ws, min_col=2, max_col=1 + len(leaders), min_row=1, max_row=1 + len(top))
    labels = Reference(ws, min_col=1, min_row=2, max_row=1 + len(top))
    grouped = BarChart()
    grouped.type = "col"
    grouped.grouping = "clustered"
    grouped.style = 10
    grouped.title = f"Top-level criteria, leading {len(leaders)} vendors (utility 0-100)"
    grouped.y_axis.title = "Utility"
    grouped.x_axis.title = "Criterion"
    grouped.y_axis.scaling.min = 0
    grouped.y_axis.scaling.max = 100
    grouped.y_axis.number_format = "0"
    grouped.x_axis.delete = False
    grouped.y_axis.delete = False
    grouped.add_data(data, titles_from_data=True)
    grouped.set_categories(labels)
    grouped.height = 9
    grouped.width = 24
    ws.add_chart(grouped, f"A{anchor_row}")


def _rows_for(height_cm: float) -> int:
    """Default-height rows (15 pt, 0.53 cm) a chart covers, plus a gap."""
    return math.ceil(height_cm / 0.53) + 2


# ---------------------------------------------------------------- About


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
            *(
                [
                    "Method TOPSIS: the totals shown are TOPSIS closeness to a fixed ideal (100) "
                    "and anti-ideal (0). The live formulas recompute a weighted sum, so after "
                    "editing a weight, re-run `vendorscore export --method topsis` for TOPSIS "
                    "totals."
                ]
                if ranking.method == "topsis"
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


# ---------------------------------------------------------------- Staffing / Sensitivity


def analysis_tables(result: object) -> list[TableSpec]:
    """Tables for an analysis result: its `excel_tables()` hook, or its dataclass fields.

    A dataclass gives a two-column table of its scalar fields, then one table per field holding
    a sequence of dataclasses; a record's own nested records (a vendor's intervals) become a long
    table keyed by the record's first field. Mappings of name -> dataclass work the same way.
    """
    hook = getattr(result, "excel_tables", None)
    if callable(hook):
        return [(str(t), list(h), [list(r) for r in rows]) for t, h, rows in hook()]
    if _is_records(result):
        return _records_tables("", result)  # type: ignore[arg-type]
    if isinstance(result, Mapping):
        return _object_tables("", dict(result))
    if _is_record(result):
        return _object_tables("", _fields(result))
    return [("", ["Value"], [[str(result)]])]


def _is_record(value: object) -> bool:
    return dataclasses.is_dataclass(value) and not isinstance(value, type)


def _fields(obj: Any) -> dict[str, object]:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}


def _is_records(value: object) -> bool:
    return isinstance(value, list | tuple) and bool(value) and all(_is_record(x) for x in value)


def _object_tables(title: str, mapping: Mapping[Any, Any]) -> list[TableSpec]:
    scalars: list[list[object]] = []
    keyed: list[Any] = []
    tables: list[TableSpec] = []
    for key, value in mapping.items():
        if _is_records(value):
            tables += _records_tables(_heading(str(key)), value)
        elif _is_record(value):
            keyed.append(value)
        else:
            scalars.append([_heading(str(key)), value])
    if keyed:
        tables = (
            _records_tables(
                title, keyed, keys=[str(k) for k, v in mapping.items() if _is_record(v)]
            )
            + tables
        )
    if scalars:
        tables.insert(0, (title, ["", "Value"], scalars))
    return tables


def _records_tables(
    title: str, records: Sequence[Any], *, keys: Sequence[str] | None = None
) -> list[TableSpec]:
    fields = _fields(records[0])
    flat = [n for n, v in fields.items() if not _is_records(v) and not _is_record(v)]
    nested = [n for n, v in fields.items() if _is_records(v)]
    key_name = "" if keys is not None else flat[0] if flat else ""
    headers = ([""] if keys is not None else []) + [_heading(n) for n in flat]
    rows = [
        ([keys[i]] if keys is not None else []) + [getattr(r, n) for n in flat]
        for i, r in enumerate(records)
    ]
    tables: list[TableSpec] = [(title, headers, rows)]
    for n in nested:
        children = [(keys[i] if keys is not None else getattr(r, key_name), c)
                    for i, r in enumerate(records) for c in getattr(r, n)]  # fmt: skip
        child_fields = [f for f, v in _fields(children[0][1]).items() if not _is_records(v)]
        tables.append(
            (
                f"{title}: {_heading(n)}".strip(": ") if title else _heading(n),
                [_heading(key_name) or "", *(_heading(f) for f in child_fields)],
                [[k, *(getattr(c, f) for f in child_fields)] for k, c in children],
            )
        )
    return tables


def _heading(name: str) -> str:
    return name.replace("_", " ").capitalize()


# Number formats by the words a field's name ends with (fractions print as percentages).
_PERCENT_WORDS = ("level", "rate", "occupancy", "shrinkage", "share", "target", "share of seats")
_MONEY_WORDS = ("cost", "fee", "fee per month")


def _number_style(header: str) -> str:
    words = header.lower()
    if words.endswith(_PERCENT_WORDS) or words.startswith(
        ("max abandon", "max blocking", "max occ")
    ):
        return "pct1"
    if words == "cost per call":
        return "money2"
    if words.endswith(_MONEY_WORDS):
        return "money"
    return "number"


def write_analysis(wb: Workbook, styles: Styles, title: str, result: object) -> None:
    """One sheet of tables for a staffing or sensitivity result (values as given, unchanged)."""
    ws: WriteOnlyWorksheet = new_sheet(wb, title)
    tables = analysis_tables(result)
    table = Table(ws)
    for _, headers, rows in tables:
        table.fit_rows([[max(str(h).split(), key=len, default="") for h in headers]], minimum=9)
        table.fit_rows(([cell_text(v) for v in row] for row in rows), minimum=9, maximum=40)
    table.apply_widths()
    for name, headers, rows in tables:
        if name:
            ws.append([styles.text(ws, name, "title")])
        ws.append([styles.text(ws, h, "header") for h in headers])
        kinds = [_number_style(str(h)) for h in headers]
        for row in rows:
            cells: list[object] = []
            for value, kind in zip(row, kinds, strict=False):
                shown = cell_text(value)
                if isinstance(shown, str):
                    cells.append(styles.text(ws, shown))
                elif isinstance(shown, float) or (isinstance(shown, int) and kind != "number"):
                    cells.append(styles.value(ws, shown, kind if kind != "number" else "number2"))
                elif shown is None:
                    cells.append(None)
                else:
                    cells.append(shown)
            ws.append(cells)
        ws.append([])
