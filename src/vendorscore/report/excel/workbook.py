"""Results to an Excel comparison workbook (openpyxl); computes nothing the library did not.

Import this module only on the export paths: it loads openpyxl at import time.

Formula cells carry the library's numbers as cached values, so viewers that never recalculate
(previews, mail clients, `openpyxl` with `data_only=True`) show the same figures as
`vendorscore rank`. openpyxl writes formulas with an empty `<v/>`; `_CachingZip` fills those in
while openpyxl streams each worksheet into the archive.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zipfile
from collections.abc import Mapping
from typing import IO, Any
from xml.sax.saxutils import escape

from openpyxl.workbook import Workbook
from openpyxl.writer.excel import ExcelWriter

from vendorscore._version import __version__
from vendorscore.compare.result import RunComparison
from vendorscore.model.results import Ranking
from vendorscore.report.excel.about import write_about
from vendorscore.report.excel.analysis import write_analysis
from vendorscore.report.excel.cells import Styles
from vendorscore.report.excel.charts import write_charts
from vendorscore.report.excel.databar import solid_data_bars
from vendorscore.report.excel.saved import write_saved_result
from vendorscore.report.excel.sheets import (
    Layout,
    write_data,
    write_ranking,
    write_scores,
    write_weights,
)
from vendorscore.report.excel.stamp import stamp_rows

__all__ = ["SHEETS", "write_workbook"]

# Sheet order; Changes, Panel, Staffing and Sensitivity appear only when those analyses are
# attached.
# The hidden "Saved result" sheet (the run as JSON, for `vendorscore diff`) comes last.
SHEETS = (
    "Ranking",
    "Changes",
    "Scores",
    "Weights",
    "Data",
    "Panel",
    "Staffing",
    "Sensitivity",
    "Charts",
    "About",
    "Saved result",
)


def write_workbook(
    ranking: Ranking,
    out: IO[bytes],
    *,
    command_line: str,
    generated_at: dt.datetime,
    tool_version: str = __version__,
) -> None:
    """Write the comparison workbook for `ranking` to the binary file `out`."""
    wb = Workbook(write_only=True)
    styles = Styles(wb)
    layout = Layout(ranking)
    write_ranking(wb, styles, layout)
    if isinstance(ranking.changes, RunComparison):  # a baseline was given: next to the ranking
        from vendorscore.report.excel.changes import write_changes

        write_changes(wb, styles, ranking.changes, index=1)
    write_scores(wb, styles, layout)
    write_weights(wb, styles, layout)
    write_data(wb, styles, layout)
    if ranking.panel is not None:  # an evaluation panel rated
        from vendorscore.model.panel import PanelResult
        from vendorscore.report.excel.panel import write_panel

        assert isinstance(ranking.panel, PanelResult)
        write_panel(wb, styles, ranking.panel, {c.id: c.label for c in ranking.criteria})
    staffing = ranking.staffing
    if staffing is not None:
        # Cheapest first: the question a reader brings to this sheet.
        by_cost = getattr(staffing, "by_monthly_cost", None)
        if by_cost is not None and dataclasses.is_dataclass(staffing):
            staffing = dataclasses.replace(staffing, vendors=by_cost)  # type: ignore[type-var]
        demand = getattr(staffing, "demand_name", "")
        said = (
            f"Staffing and cost for the demand {demand!r}: every vendor staffed for the same week, "
            "cheapest first. Computed when exported; the weights do not change it."
        )
        write_analysis(
            wb,
            styles,
            "Staffing",
            staffing,
            preamble=lambda ws: [[styles.text(ws, said, "note")]],
        )
    # Hook for the sensitivity analysis: rendered when a Ranking (or a subclass) carries one.
    sensitivity = getattr(ranking, "sensitivity", None)
    if sensitivity is not None:
        write_analysis(
            wb,
            styles,
            "Sensitivity",
            sensitivity,
            preamble=lambda ws: stamp_rows(styles, ws, layout),
        )
    write_charts(wb, styles, layout)
    write_about(
        wb,
        styles,
        layout,
        command_line=command_line,
        generated_at=generated_at,
        tool_version=tool_version,
    )
    write_saved_result(wb, styles, ranking)
    # Excel recalculates on open (the cached values already agree; this keeps Excel honest).
    wb.calculation.fullCalcOnLoad = True
    naive = generated_at.replace(tzinfo=None)
    wb.properties.creator = f"vendorscore {tool_version}"
    wb.properties.title = f"Vendor comparison: {ranking.criteria_name}"[:255]
    wb.properties.created = naive
    wb.properties.modified = naive

    caches = {
        f"xl/worksheets/sheet{i}.xml": styles.cached.get(ws.title, {})
        for i, ws in enumerate(wb.worksheets, 1)
    }
    archive = _CachingZip(out, caches)
    ExcelWriter(wb, archive).save()
    archive.check_all_written()


# A formula cell as openpyxl writes it (ElementTree `<v />`, lxml `<v></v>` or `<v/>`).
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]{1,3}[0-9]+)"([^>]*)><f>([^<]*)</f>(?:<v\s*/>|<v></v>)')


class _CachingZip(zipfile.ZipFile):
    """A zip archive that writes each worksheet with its formulas' cached values filled in."""

    def __init__(self, out: IO[bytes], caches: Mapping[str, Mapping[str, object]]) -> None:
        super().__init__(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._caches = caches
        self._missing: dict[str, int] = {}

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        """Add a file; worksheets get their cached values first."""
        cache = self._caches.get(str(arcname))
        if not cache:
            super().write(filename, arcname, *args, **kwargs)
            return
        with open(filename, "rb") as fh:
            xml = fh.read()
        used = 0

        def fill(m: re.Match[bytes]) -> bytes:
            nonlocal used
            coord = m.group(1).decode("ascii")
            if coord not in cache:
                return m.group(0)
            used += 1
            kind, text = _cached_xml(cache[coord])
            return b'<c r="%s"%s%s><f>%s</f><v>%s</v>' % (
                m.group(1),
                m.group(2),
                kind,
                m.group(3),
                text,
            )

        xml = solid_data_bars(_FORMULA_CELL.sub(fill, xml))
        self._missing[str(arcname)] = len(cache) - used
        self.writestr(str(arcname), xml)

    def check_all_written(self) -> None:
        """Fail loudly if openpyxl's output changed shape and a cached value found no cell."""
        lost = {k: n for k, n in self._missing.items() if n}
        if lost:
            raise RuntimeError(f"cached formula values not written: {lost}")


def _cached_xml(value: object) -> tuple[bytes, bytes]:
    """The `t` attribute and `<v>` text for a cached formula result."""
    if isinstance(value, bool):
        return b' t="b"', b"1" if value else b"0"
    if isinstance(value, int | float):
        return b"", repr(float(value) if isinstance(value, float) else value).encode("ascii")
    return b' t="str"', escape(str(value)).encode("utf-8")
