"""The hidden "Saved result" sheet: the run as JSON, so `vendorscore diff` can read a workbook.

The JSON is the `rank --format json` document, ASCII-escaped (so no character can be altered by
the XML writer) and cut into cells of 30,000 characters. Row 1 says what the sheet is, row 2
holds the number of parts, the parts follow in column A.
"""

from __future__ import annotations

import json
from dataclasses import replace

from openpyxl.workbook import Workbook

from vendorscore.model.results import Ranking
from vendorscore.report.excel.cells import Styles, new_sheet
from vendorscore.report.text import ranking_dict

__all__ = ["CHUNK_CHARS", "SAVED_SHEET", "SAVED_SHEET_NOTE", "write_saved_result"]

SAVED_SHEET = "Saved result"
SAVED_SHEET_NOTE = (
    "vendorscore saved result: this run as JSON, read by `vendorscore diff` and "
    "`rank --baseline`. Do not edit."
)
CHUNK_CHARS = 30_000  # below Excel's 32,767 characters per cell


def write_saved_result(wb: Workbook, styles: Styles, ranking: Ranking) -> None:
    """Append the hidden sheet holding the whole ranking as JSON text."""
    # The run itself, without the comparison a `--baseline` attached to it.
    document = ranking_dict(replace(ranking, changes=None))
    text = json.dumps(document, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    parts = [text[i : i + CHUNK_CHARS] for i in range(0, len(text), CHUNK_CHARS)]
    ws = new_sheet(wb, SAVED_SHEET)
    ws.sheet_state = "hidden"
    ws.column_dimensions["A"].width = 100
    ws.append([styles.text(ws, SAVED_SHEET_NOTE, "note")])
    ws.append([styles.value(ws, len(parts))])
    for part in parts:
        ws.append([styles.text(ws, part)])
