"""The workbook's core sheets: Ranking, Scores, Weights and Data, with their live formulas.

Every number comes from the `Ranking`; formulas only re-express the library's weighted tree so a
reader can change a raw weight and watch totals and ranks follow. Each formula cell carries the
library's own result as its cached value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl.formatting.rule import ColorScaleRule, DataBarRule
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation

from vendorscore.model.results import TIE_TOLERANCE, CriterionInfo, Ranking
from vendorscore.report.excel.cells import (
    EXCLUDED_TEXT,
    MISSING_TEXT,
    Columns,
    Styles,
    Table,
    cell_text,
    col,
    new_sheet,
    write_banner,
)
from vendorscore.scoring.derived import field_unit
from vendorscore.scoring.methods import scoring_method

__all__ = ["Layout", "write_data", "write_ranking", "write_scores", "write_weights"]

RANKING, SCORES, WEIGHTS, DATA = "Ranking", "Scores", "Weights", "Data"
# Each sheet's header row; formulas find their columns by header (cells.Columns).
WEIGHTS_COLUMNS = Columns((
    "Criterion", "Id", "Parent", "Raw weight", "Local weight", "Effective weight",
    "Profile field", "Scale", "Missing data",
))  # fmt: skip
W_RAW, W_LOCAL, W_GLOBAL = (
    WEIGHTS_COLUMNS[h] for h in ("Raw weight", "Local weight", "Effective weight")
)
# Scores sheet: row 1 holds the live effective weights, row 2 the headers, vendors from row 3;
# one column per criterion follows these.
SCORES_COLUMNS = Columns(["Vendor", "Rank", "Total"])
S_FIRST_ROW, S_FIRST_CRITERION_COL = 3, SCORES_COLUMNS.after
S_TOTAL_COL = SCORES_COLUMNS["Total"]
RANKING_COLUMNS = Columns((
    "Rank", "Vendor", "Delivery model", "Headquarters", "Total", "Completeness", "Eligible",
    "Failed requirements", "Profile file",
))  # fmt: skip
R_RANK, R_TOTAL, R_ELIGIBLE = (RANKING_COLUMNS[h] for h in ("Rank", "Total", "Eligible"))
# Data sheet: one column per profile field follows these.
DATA_COLUMNS = Columns(["Vendor", "Source file"])
YES, NO = "yes", "no"


@dataclass
class Layout:
    """Where everything lives, so formulas on one sheet can point at another."""

    ranking: Ranking
    weight_row: dict[str, int] = field(default_factory=dict)
    score_col: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for i, c in enumerate(self.ranking.criteria):
            self.weight_row[c.id] = 2 + i
            self.score_col[c.id] = col(S_FIRST_CRITERION_COL + i)

    @property
    def n_vendors(self) -> int:
        """How many vendor rows the Ranking and Scores sheets hold."""
        return len(self.ranking.vendors)

    def scores_row(self, index: int) -> int:
        """The Scores row of the vendor at `index` in ranking order."""
        return S_FIRST_ROW + index

    def ranking_row(self, index: int) -> int:
        """The Ranking row of the vendor at `index` in ranking order."""
        return 2 + index

    def weight(self, kind: str, criterion_id: str) -> str:
        """An absolute reference to a criterion's raw/local/global weight on the Weights sheet."""
        return f"{WEIGHTS}!${kind}${self.weight_row[criterion_id]}"


def _ref_list(column: str, rows: Sequence[int]) -> str:
    """`D2,D5:D7` for the given rows of one column (contiguous rows merged into ranges)."""
    parts: list[str] = []
    ordered = sorted(rows)
    start = prev = ordered[0]
    for r in [*ordered[1:], None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        parts.append(f"{column}{start}" if start == prev else f"{column}{start}:{column}{prev}")
        if r is not None:
            start = prev = r
    return ",".join(parts)


def _tree_formula(layout: Layout, children: Sequence[str], row: int, *, empty: str) -> str:
    """Weighted mean of the children present in this row, renormalised over the present ones.

    Matches the library: utility = sum(w_i * u_i) / sum(w_i) over children whose utility is a
    number; a child excluded as missing (text or blank) drops out of both sums.
    """
    terms = [(layout.weight(W_LOCAL, c), f"{layout.score_col[c]}{row}") for c in children]
    num = "+".join(f"{w}*N({u})" for w, u in terms)
    den = "+".join(f"{w}*ISNUMBER({u})" for w, u in terms)
    return f"=IF(({den})>0,({num})/({den}),{empty})"


# ---------------------------------------------------------------- Weights


def write_weights(wb: Workbook, styles: Styles, layout: Layout) -> None:
    """The criteria tree: raw weights as inputs, local and effective weights as formulas."""
    ranking = layout.ranking
    ws = new_sheet(wb, WEIGHTS)
    columns = WEIGHTS_COLUMNS
    headers = columns.headers
    table = Table(ws)
    table.fit_rows([headers], minimum=10)
    for c in ranking.criteria:
        table.fit(columns.number("Criterion"), "    " * c.depth + c.label)
        table.fit(columns.number("Id"), c.id)
        table.fit(columns.number("Profile field"), c.field)
        table.fit(columns.number("Scale"), c.scale, maximum=60)
    table.apply_widths()
    ws.freeze_panes = f"{columns['Id']}2"
    ws.print_title_rows = "1:1"
    ws.auto_filter.ref = f"A1:{columns.last}{1 + len(ranking.criteria)}"

    siblings: dict[str | None, list[int]] = {}
    for c in ranking.criteria:
        siblings.setdefault(c.parent, []).append(layout.weight_row[c.id])

    notes = [
        "Edit the raw weights (orange cells):",
        "every local and effective weight, every total on Scores and every rank on Ranking",
        "recalculates. Weights are relative among siblings; 0 keeps a criterion for display.",
    ]
    method = scoring_method(ranking.method)
    if not method.live_formula:
        notes.append(
            f"{method.short} run: the cached totals are {method.label}; after an edit the formulas "
            f"recompute a weighted sum. Re-run vendorscore export with --method {method.name} "
            "instead."
        )
    ws.append(
        [styles.value(ws, h, "header") for h in headers]
        + [None, styles.value(ws, notes[0], "label")]
    )
    for i, c in enumerate(ranking.criteria):
        r = layout.weight_row[c.id]
        sib = _ref_list(W_RAW, siblings[c.parent])
        local = f"=IF(SUM({sib})>0,{W_RAW}{r}/SUM({sib}),0)"
        glob = (
            f"={W_LOCAL}{r}"
            if c.parent is None
            else f"={W_LOCAL}{r}*{W_GLOBAL}{layout.weight_row[c.parent]}"
        )
        group = not c.is_leaf
        pct = "pct1_group" if group else "pct1"
        row = [
            _label_cell(styles, ws, c),
            styles.text(ws, c.id),
            styles.text(ws, c.parent or ""),
            styles.value(ws, c.weight, "input"),
            styles.formula(ws, local, c.local_weight, pct, f"{W_LOCAL}{r}"),
            styles.formula(ws, glob, c.global_weight, pct, f"{W_GLOBAL}{r}"),
            styles.text(ws, c.field or ""),
            styles.text(ws, c.scale or ""),
            styles.text(ws, c.missing or ""),
        ]
        if i + 1 < len(notes):
            row += [None, styles.value(ws, notes[i + 1], "note")]
        ws.append(row)
    if ranking.criteria:
        validation = DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            showErrorMessage=True,
            errorTitle="Raw weight",
            error="A weight is a number of 0 or more (relative among siblings).",
        )
        validation.add(f"{W_RAW}2:{W_RAW}{1 + len(ranking.criteria)}")
        ws.data_validations.append(validation)


def _label_cell(styles: Styles, ws: WriteOnlyWorksheet, c: CriterionInfo) -> object:
    return styles.text(ws, "    " * c.depth + c.label, None if c.is_leaf else "label")


# ---------------------------------------------------------------- Scores


def write_scores(wb: Workbook, styles: Styles, layout: Layout) -> None:
    """Vendor x criterion utilities; group utilities and the total are live tree formulas."""
    ranking = layout.ranking
    ws = new_sheet(wb, SCORES)
    criteria = ranking.criteria
    top = [c.id for c in criteria if c.parent is None]
    last_col = col(S_FIRST_CRITERION_COL + len(criteria) - 1) if criteria else S_TOTAL_COL
    last_row = S_FIRST_ROW + layout.n_vendors - 1

    columns = SCORES_COLUMNS
    vendor_col = columns.number("Vendor")
    table = Table(ws)
    table.fit(vendor_col, "Effective weight:", minimum=12)
    for v in ranking.vendors:
        table.fit(vendor_col, v.name, maximum=40)
    table.fit(columns.number("Rank"), "Rank", minimum=7)
    table.fit(columns.number("Total"), "Total", minimum=9)
    for i, c in enumerate(criteria):
        # Headers wrap; a column is as wide as its longest word, within 9..18.
        longest = max((len(w) for w in c.label.split()), default=6)
        table.fit(S_FIRST_CRITERION_COL + i, "x" * longest, minimum=9, maximum=18)
    table.apply_widths()
    first_col = col(S_FIRST_CRITERION_COL)
    ws.freeze_panes = f"{first_col}{S_FIRST_ROW}"
    ws.print_title_rows = "1:2"
    ws.print_title_cols = f"{columns['Vendor']}:{columns['Vendor']}"
    ws.auto_filter.ref = f"A2:{last_col}{max(last_row, 2)}"
    if layout.n_vendors and criteria:
        ws.conditional_formatting.add(
            f"{first_col}{S_FIRST_ROW}:{last_col}{last_row}",
            ColorScaleRule(
                start_type="num", start_value=0, start_color="F8CBAD",
                mid_type="num", mid_value=50, mid_color="FFEB9C",
                end_type="num", end_value=100, end_color="A9D08E",
            ),
        )  # fmt: skip

    ws.row_dimensions[2].height = 62  # write-only: row formats before the row
    weights = [styles.value(ws, "Effective weight:", "weight_row")]
    weights += [None] * (len(columns.headers) - 1)
    for c in criteria:
        ref = layout.weight(W_GLOBAL, c.id)
        at = f"{layout.score_col[c.id]}1"
        weights.append(styles.formula(ws, f"={ref}", c.global_weight, "weight_row", at))
    ws.append(weights)
    ws.append(
        [styles.value(ws, h, "header") for h in columns.headers]
        + [styles.text(ws, c.label, "header" if c.is_leaf else "header_group") for c in criteria]
    )
    for i, v in enumerate(ranking.vendors):
        r = layout.scores_row(i)
        missing = {leaf.id for leaf in v.leaves if leaf.missing}
        rank_ref = f"={RANKING}!{R_RANK}{layout.ranking_row(i)}"
        row = [
            styles.text(ws, v.name),
            styles.formula(
                ws, rank_ref, v.rank if v.rank is not None else "", "rank", f"{columns['Rank']}{r}"
            ),
            styles.formula(
                ws, _tree_formula(layout, top, r, empty="0"), v.total, "total", f"{S_TOTAL_COL}{r}"
            ),
        ]
        for c in criteria:
            u = v.scores.get(c.id)
            at = f"{layout.score_col[c.id]}{r}"
            if not c.is_leaf:
                f = _tree_formula(layout, c.children, r, empty='""')
                row.append(styles.formula(ws, f, "" if u is None else u, "score_group", at))
            elif u is None:
                row.append(styles.value(ws, EXCLUDED_TEXT, "missing"))
            else:
                row.append(styles.value(ws, u, "score_missing" if c.id in missing else "score"))
        ws.append(row)
    ws.append([])
    ws.append(
        [
            styles.value(
                ws,
                "Utilities 0-100. Italic grey: the value was missing and scored by the "
                "missing-data policy; 'excluded': left out and its siblings renormalised. Shaded "
                "columns are groups: the weighted mean of their children (live formulas over "
                "Weights).",
                "note",
            )
        ]
    )


# ---------------------------------------------------------------- Ranking


def write_ranking(wb: Workbook, styles: Styles, layout: Layout) -> None:
    """The ranked list: live totals and ranks, eligibility and knock-out reasons."""
    ranking = layout.ranking
    ws = new_sheet(wb, RANKING, 0)
    columns = RANKING_COLUMNS
    headers = columns.headers
    n = layout.n_vendors
    last = 1 + max(n, 1)
    failed_col = columns.number("Failed requirements")
    table = Table(ws)
    table.fit_rows([headers], minimum=8)
    for v in ranking.vendors:
        table.fit(columns.number("Vendor"), v.name, maximum=40)
        table.fit(columns.number("Delivery model"), v.delivery_model)
        table.fit(columns.number("Headquarters"), v.headquarters)
        table.fit(failed_col, "; ".join(v.failed_requirements), maximum=45)
        table.fit(columns.number("Profile file"), v.file, maximum=40)
    table.fit(columns.number("Total"), "100.00", minimum=12)
    table.apply_widths()
    ws.freeze_panes = f"{columns['Delivery model']}2"
    ws.print_title_rows = "1:1"
    ws.auto_filter.ref = f"A1:{columns.last}{last}"
    if n:
        # A fixed 0-100 scale, drawn from no bar at 0 to the full cell at 100 (Excel's default
        # 10-90% band would make every bar look alike in a narrow column); drawn solid by
        # excel/databar.py, light enough to read the total over it.
        bar = DataBarRule(
            start_type="num", start_value=0, end_type="num", end_value=100, color="9DC3E6"
        )
        bar.dataBar.minLength, bar.dataBar.maxLength = 0, 100
        ws.conditional_formatting.add(f"{R_TOTAL}2:{R_TOTAL}{last}", bar)
    ws.append([styles.value(ws, h, "header") for h in headers])
    elig = f"${R_ELIGIBLE}$2:${R_ELIGIBLE}${last}"
    totals = f"${R_TOTAL}$2:${R_TOTAL}${last}"
    for i, v in enumerate(ranking.vendors):
        r = layout.ranking_row(i)
        # Competition ranking (1, 2, 2, 4) with the library's tie tolerance, eligible vendors only.
        rank = (
            f'=IF({R_ELIGIBLE}{r}="{YES}",1+SUMPRODUCT(({elig}="{YES}")*'
            f'({totals}>{R_TOTAL}{r}+{TIE_TOLERANCE!r})),"")'
        )
        total = f"={SCORES}!{S_TOTAL_COL}{layout.scores_row(i)}"
        missing = [leaf.id for leaf in v.leaves if leaf.missing]
        if missing:
            refs = ",".join(layout.weight(W_GLOBAL, m) for m in missing)
            completeness = styles.formula(
                ws, f"=MAX(0,1-SUM({refs}))", v.completeness, "pct", f"{columns['Completeness']}{r}"
            )
        else:
            completeness = styles.value(ws, v.completeness, "pct")
        failed = "; ".join(v.failed_requirements)
        height = table.height(failed, failed_col)
        if height:
            ws.row_dimensions[r].height = height  # write-only: before the row is appended
        ws.append(
            [
                styles.formula(
                    ws, rank, v.rank if v.rank is not None else "", "rank", f"{R_RANK}{r}"
                ),
                styles.text(ws, v.name, "label"),
                styles.text(ws, v.delivery_model, "top"),
                styles.text(ws, v.headquarters or "", "top"),
                styles.formula(ws, total, v.total, "total", f"{R_TOTAL}{r}"),
                completeness,
                styles.value(ws, YES if v.eligible else NO, "good" if v.eligible else "bad"),
                styles.text(ws, failed, "wrap"),
                styles.text(ws, v.file, "top"),
            ]
        )
    messages = [f"warning: {w}" for w in ranking.warnings]
    messages += [f"note: {n}" for n in ranking.notes]
    write_banner(ws, styles, messages, table, len(headers))


# ---------------------------------------------------------------- Data


def data_fields(ranking: Ranking) -> list[str]:
    """Every profile field shown on the Data sheet: criteria leaves first, then the rest."""
    seen: dict[str, None] = {}
    for c in ranking.criteria:
        if c.field:
            seen[c.field] = None
    for v in ranking.vendors:
        for f in v.values:
            seen[f] = None
    return list(seen)


def _data_header(path: str, base_currency: str) -> str:
    """A Data column's header: the path wrapped at its dots, and a money figure's unit."""
    unit = field_unit(path, base_currency)
    return path.replace(".", ".\n") + ("" if unit is None else f"\n({unit})")


def write_data(wb: Workbook, styles: Styles, layout: Layout) -> None:
    """Every raw value used, per vendor and field, with its source file; missing stays missing."""
    ranking = layout.ranking
    ws = new_sheet(wb, DATA)
    fields = data_fields(ranking)
    columns = DATA_COLUMNS
    vendor_col, file_col, first = (
        columns.number("Vendor"),
        columns.number("Source file"),
        columns.after,
    )
    table = Table(ws)
    table.fit(vendor_col, "Vendor", minimum=12)
    table.fit(file_col, "Source file")
    rows: list[list[str | float | int | None]] = []
    for v in ranking.vendors:
        values = [cell_text(v.values.get(f)) for f in fields]
        rows.append(values)
        table.fit(vendor_col, v.name, maximum=40)
        table.fit(file_col, v.file, maximum=50)
        for j, value in enumerate(values, start=first):
            table.fit(j, MISSING_TEXT if value is None else value, maximum=40)
    for j, f in enumerate(fields, start=first):
        # Headers wrap at the dots; fit the longest segment.
        table.fit(j, max(f.split("."), key=len), maximum=40)
    table.apply_widths()
    ws.freeze_panes = f"{col(first)}2"
    ws.print_title_rows = "1:1"
    ws.print_title_cols = f"{columns['Vendor']}:{columns['Vendor']}"
    ws.auto_filter.ref = f"A1:{col(first - 1 + max(len(fields), 1))}{1 + max(len(rows), 1)}"
    ws.row_dimensions[1].height = 62  # write-only: row formats before the row
    ws.append(
        [styles.value(ws, h, "header") for h in columns.headers]
        + [styles.text(ws, _data_header(f, ranking.base_currency), "header") for f in fields]
    )
    for v, values in zip(ranking.vendors, rows, strict=True):
        cells: list[object] = [styles.text(ws, v.name, "label"), styles.text(ws, v.file)]
        for value in values:
            if value is None:
                cells.append(styles.value(ws, MISSING_TEXT, "missing"))
            elif isinstance(value, str):
                cells.append(styles.text(ws, value))
            else:
                cells.append(value)
        ws.append(cells)
