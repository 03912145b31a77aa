"""The Charts sheet: the leading totals as bars, and the leaders compared criterion by criterion."""

from __future__ import annotations

import math

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.utils import column_index_from_string
from openpyxl.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break

from vendorscore.model.results import Ranking
from vendorscore.report.excel.cells import Styles, Table, col, new_sheet
from vendorscore.report.excel.sheets import R_TOTAL, RANKING, SCORES, Layout
from vendorscore.report.excel.stamp import STAMP_ROWS, stamp_rows

__all__ = ["CHART_VENDORS", "PROFILE_VENDORS", "write_charts"]

CHART_VENDORS = 15  # bars in the totals chart
PROFILE_VENDORS = 5  # vendors compared criterion by criterion


def write_charts(wb: Workbook, styles: Styles, layout: Layout) -> None:
    """A bar chart of the leading totals and a criterion-by-criterion comparison of the leaders."""
    ranking = layout.ranking
    ws = new_sheet(wb, "Charts")
    top = ranking.top_level
    eligible = [i for i, v in enumerate(ranking.vendors) if v.eligible]
    leaders = _ties_whole(ranking, eligible, PROFILE_VENDORS) or list(
        range(min(PROFILE_VENDORS, len(ranking.vendors)))
    )
    n_bars = min(max(len(_ties_whole(ranking, eligible, CHART_VENDORS)), 1), len(ranking.vendors))
    first = STAMP_ROWS + 2  # the stamp, a blank row, then the table's header row

    table = Table(ws)
    table.fit(1, "Top-level criterion", minimum=14)
    for c in top:
        table.fit(1, c.label, maximum=40)
    for j, i in enumerate(leaders, start=2):
        table.fit(j, ranking.vendors[i].name, minimum=10, maximum=30)
    table.apply_widths()
    ws.freeze_panes = f"B{first + 1}"
    ws.print_title_rows = f"1:{STAMP_ROWS}"
    for cells in stamp_rows(styles, ws, layout):
        ws.append(cells)
    ws.append([])
    names = ["Top-level criterion", *(ranking.vendors[i].name for i in leaders)]
    height = table.row_height(names)
    if height:
        ws.row_dimensions[first].height = height  # write-only: before the row
    ws.append(
        [styles.value(ws, "Top-level criterion", "header")]
        + [styles.text(ws, ranking.vendors[i].name, "header") for i in leaders]
    )
    for r, c in enumerate(top, start=first + 1):
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
                "The bars' values follow the Weights sheet; which vendors are shown, and their "
                "order, are this file's ranking (vendors tied at the last place shown all "
                "appear).",
                "note",
            )
        ]
    )
    if not ranking.vendors:
        return
    anchor_row = first + len(top) + 4

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
    data = Reference(
        ws, min_col=2, max_col=1 + len(leaders), min_row=first, max_row=first + len(top)
    )
    labels = Reference(ws, min_col=1, min_row=first + 1, max_row=first + len(top))
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


def _ties_whole(ranking: Ranking, eligible: list[int], count: int) -> list[int]:
    """The first `count` eligible vendors, and every vendor tied with the last of them."""
    if len(eligible) <= count:
        return eligible
    last = ranking.vendors[eligible[count - 1]].rank
    return [i for i in eligible if i in eligible[:count] or ranking.vendors[i].rank == last]


def _rows_for(height_cm: float) -> int:
    """Default-height rows (15 pt, 0.53 cm) a chart covers, plus a gap."""
    return math.ceil(height_cm / 0.53) + 2
