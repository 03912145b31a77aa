"""The Charts sheet: the leading totals as bars, and the leaders compared criterion by criterion."""

from __future__ import annotations

import math

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.utils import column_index_from_string
from openpyxl.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break

from vendorscore.report.excel.cells import Styles, Table, col, new_sheet
from vendorscore.report.excel.sheets import R_TOTAL, RANKING, SCORES, Layout

__all__ = ["CHART_VENDORS", "PROFILE_VENDORS", "write_charts"]

CHART_VENDORS = 15  # bars in the totals chart
PROFILE_VENDORS = 5  # vendors compared criterion by criterion


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
