"""Cells, styles and sheet plumbing for the Excel workbook (openpyxl, write-only mode).

Imported only by the `vendorscore.report.excel` modules, themselves imported only by the export
paths, so openpyxl is never loaded by `vendorscore rank` without `--xlsx`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from vendorscore.report.safe import safe_text

__all__ = [
    "MISSING_TEXT",
    "CachedValues",
    "Columns",
    "Styles",
    "Table",
    "cell_text",
    "clean_text",
    "col",
    "new_sheet",
    "wrapped_lines",
]

TOP = Alignment(vertical="top")
FONT = "Calibri"  # the default body font; an unnamed Font falls back to a serif in LibreOffice
MISSING_TEXT = "missing"
EXCLUDED_TEXT = "excluded"

# Characters an XML 1.0 document cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE covers the C0
# controls only; lone surrogates and U+FFFE/U+FFFF would corrupt the file as well).
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Text a spreadsheet could take for a formula (or a DDE payload) if it were ever re-typed.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MAX_CELL_CHARS = 32_767  # Excel's limit per cell
_LINE_POINTS = 15.0  # the height of one line of body text in a row

# Cached results of formula cells: sheet title -> cell coordinate -> value.
CachedValues = dict[str, dict[str, object]]


def col(index: int) -> str:
    """The column letter of a 1-based column index."""
    letter: str = get_column_letter(index)
    return letter


class Columns:
    """A sheet's header row, and the column (letter or number) under each header.

    Formulas and widths name columns by header, so they follow when the header list changes.
    """

    def __init__(self, headers: Sequence[str]) -> None:
        self.headers = tuple(headers)
        self._numbers = {h: i for i, h in enumerate(self.headers, start=1)}

    def number(self, header: str) -> int:
        """The 1-based column number under `header` (KeyError when there is no such header)."""
        return self._numbers[header]

    def __getitem__(self, header: str) -> str:
        return col(self._numbers[header])

    @property
    def last(self) -> str:
        """The letter of the last column."""
        return col(len(self.headers))

    @property
    def after(self) -> int:
        """The number of the first column after the headers (where more columns may follow)."""
        return len(self.headers) + 1


def clean_text(value: object) -> str:
    """Untrusted text made storable and honest: control, bidi and invisible characters shown as
    escapes (line breaks and tabs kept), anything else XML cannot hold replaced, cut to size."""
    text = _ILLEGAL_XML.sub("\ufffd", safe_text(value, keep="\n\t\r"))
    if len(text) > _MAX_CELL_CHARS:
        text = text[: _MAX_CELL_CHARS - 1] + "…"
    return text


def cell_text(value: object) -> str | float | int | bool | None:
    """A raw profile value as a cell value: numbers stay numbers, everything else text."""
    if value is None:
        return None
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return ", ".join(str(v) for v in items)
    if isinstance(value, Mapping):
        return json.dumps(value, default=str, ensure_ascii=False, sort_keys=True)
    return str(value)


def new_sheet(wb: Workbook, title: str, index: int | None = None) -> WriteOnlyWorksheet:
    """A write-only sheet set up to print landscape, one page wide, without gridlines.

    Each printed page is headed by the sheet's name and numbered, so loose pages can be put back.
    Write-only sheets stream their header on the first row, so this must precede any append.
    """
    ws: WriteOnlyWorksheet = wb.create_sheet(title, index)
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.gridLines = False
    ws.oddHeader.left.text = "&A"  # the sheet's name
    ws.oddFooter.right.text = "Page &P of &N"
    return ws


def wrapped_lines(text: str, width: float) -> int:
    """How many lines `text` takes when wrapped at word boundaries in a column `width` wide."""
    room = max(int(width) - 1, 1)
    lines = 0
    for part in text.split("\n"):
        used = 0
        lines += 1
        for word in part.split():
            if used and used + 1 + len(word) > room:
                lines += 1
                used = 0
            used += (1 if used else 0) + len(word)
            while used > room:  # a word longer than the column breaks mid-word
                lines += 1
                used -= room
    return lines


class Styles:
    """The workbook's cell styles, registered once and stamped onto cells cheaply."""

    HEADER_FILL = "1F4E78"
    GROUP_FILL = "D9E1F2"

    def __init__(self, wb: Workbook) -> None:
        self._wb = wb
        self._arrays: dict[str, Any] = {}
        self.cached: CachedValues = {}
        white_bold = Font(name=FONT, bold=True, color="FFFFFF")
        header_fill = PatternFill("solid", fgColor=self.HEADER_FILL)
        wrap = Alignment(wrap_text=True, vertical="center")
        self._specs: dict[str, dict[str, Any]] = {
            "header": {"font": white_bold, "fill": header_fill, "alignment": wrap},
            "header_group": {
                "font": Font(name=FONT, bold=True, color="1F3864"),
                "fill": PatternFill("solid", fgColor=self.GROUP_FILL),
                "alignment": wrap,
            },
            "title": {"font": Font(name=FONT, bold=True, size=14, color="1F3864")},
            "label": {"font": Font(name=FONT, bold=True), "alignment": TOP},
            "note": {
                "font": Font(name=FONT, italic=True, color="595959"),
            },
            "text": {},
            "top": {"alignment": TOP},
            "text_quoted": {"quotePrefix": True},
            "wrap": {"alignment": Alignment(wrap_text=True, vertical="top")},
            "right": {"alignment": Alignment(horizontal="right", vertical="top")},
            "wrap_right": {
                "alignment": Alignment(horizontal="right", wrap_text=True, vertical="top")
            },
            # Text next to a right-aligned number column: a little room between them.
            "indent": {"alignment": Alignment(horizontal="left", indent=1)},
            "wrap_indent": {
                "alignment": Alignment(horizontal="left", wrap_text=True, vertical="top", indent=1)
            },
            "missing": {"font": Font(name=FONT, italic=True, color="7F7F7F")},
            "score": {"number_format": "0.0"},
            "score_missing": {
                "number_format": "0.0",
                "font": Font(name=FONT, italic=True, color="7F7F7F"),
            },
            "score_group": {"number_format": "0.0", "font": Font(name=FONT, bold=True)},
            "total": {
                "number_format": "0.00",
                "font": Font(name=FONT, bold=True),
                "alignment": TOP,
            },
            "rank": {
                "font": Font(name=FONT, bold=True),
                "alignment": Alignment(horizontal="center", vertical="top"),
            },
            "pct": {"number_format": "0%", "alignment": TOP},
            "pct1": {"number_format": "0.0%", "alignment": TOP},
            "pct1_group": {"number_format": "0.0%", "font": Font(name=FONT, bold=True)},
            "weight_row": {
                "number_format": "0.0%",
                "font": Font(name=FONT, italic=True, color="595959"),
                "alignment": Alignment(horizontal="right"),
            },
            "number": {"number_format": "General"},
            "number2": {"number_format": "#,##0.00", "alignment": TOP},
            "money": {"number_format": "#,##0", "alignment": TOP},
            "money2": {"number_format": "#,##0.00", "alignment": TOP},
            # Excel's built-in "Input" cell style: the convention for cells a reader may edit.
            "input": {"style": "Input"},
            "bad": {
                "font": Font(name=FONT, color="9C0006"),
                "fill": PatternFill("solid", fgColor="FFC7CE"),
                "alignment": TOP,
            },
            "good": {"font": Font(name=FONT, color="006100"), "alignment": TOP},
        }

    def _array(self, name: str, ws: WriteOnlyWorksheet, quoted: bool) -> Any:
        key = f"{name}+q" if quoted else name
        arr = self._arrays.get(key)
        if arr is None:
            probe = WriteOnlyCell(ws)
            for attr, value in self._specs[name].items():
                setattr(probe, attr, value)
            if quoted:
                probe.quotePrefix = True
            # The registered StyleArray (indices into the workbook's style tables) is shared by
            # every later cell of this style: registering fonts and fills per cell dominates large
            # exports, and write-only cells are serialised as soon as their row is appended, so
            # nothing mutates a shared array.
            arr = self._arrays[key] = probe._style
        return arr

    def value(self, ws: WriteOnlyWorksheet, value: object, style: str | None = None) -> Any:
        """A trusted cell (numbers, our own labels, our own formulas)."""
        cell = WriteOnlyCell(ws, value=value)
        if style:
            cell._style = self._array(style, ws, False)
        return cell

    def text(self, ws: WriteOnlyWorksheet, value: object, style: str | None = None) -> Any:
        """An untrusted text cell: always a string, never a formula, an error or a link."""
        text = clean_text(value)
        cell = WriteOnlyCell(ws)
        cell.value = text
        cell.data_type = "s"  # even "=cmd|..." or "#N/A" stays text
        quoted = text.startswith(_FORMULA_START)
        if style or quoted:
            cell._style = self._array(style or "text", ws, quoted)
        return cell

    def formula(
        self, ws: WriteOnlyWorksheet, formula: str, cached: object, style: str | None, at: str
    ) -> Any:
        """A formula cell whose cached result (the library's number) is recorded for the file."""
        cache = self.cached.setdefault(ws.title, {})
        cache[at] = cached
        return self.value(ws, formula, style)


class Table:
    """Rows for one write-only sheet, with column widths fitted to their text."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self.ws = ws
        self.widths: dict[int, float] = {}

    def fit(self, column: int, text: object, *, minimum: float = 6, maximum: float = 60) -> None:
        """Widen `column` so `text` fits (within limits); call before any row is appended."""
        if text is None:
            return
        if isinstance(text, str):
            longest = max(map(len, text.split("\n"))) if "\n" in text else len(text)
        elif isinstance(text, float):
            longest = len(f"{text:.2f}")
        else:
            longest = len(str(text))
        width = min(maximum, max(minimum, longest + 2))
        self.widths[column] = max(self.widths.get(column, minimum), width)

    def height(self, text: str, column: int) -> float | None:
        """A row height that shows all of `text` wrapped in `column` (None: one line fits)."""
        lines = wrapped_lines(text, self.widths.get(column, 8.43))
        return _LINE_POINTS * lines if lines > 1 else None

    def row_height(self, texts: Sequence[object]) -> float | None:
        """A row height that shows every text of a row (one per column, from 1) wrapped whole."""
        lines = max(
            (
                wrapped_lines(t, self.widths.get(i, 8.43))
                for i, t in enumerate(texts, start=1)
                if isinstance(t, str) and " " in t.strip()  # a path or code does not wrap
            ),
            default=1,
        )
        return _LINE_POINTS * lines if lines > 1 else None

    def fit_rows(self, rows: Iterable[Sequence[object]], **limits: float) -> None:
        """Fit every column to every value of `rows` (plain values, before cells are made)."""
        for row in rows:
            for i, value in enumerate(row, start=1):
                self.fit(i, value, **limits)

    def apply_widths(self) -> None:
        """Write the fitted widths (write-only sheets need them before the first row).

        Printing stays one page wide: a column printed on a page of its own, away from the names
        it belongs to, is unreadable; sheets keep their widths small enough to stay legible.
        """
        for i, width in self.widths.items():
            self.ws.column_dimensions[col(i)].width = round(width, 1)
        self.ws.page_setup.fitToWidth = 1


def write_banner(
    ws: WriteOnlyWorksheet, styles: Styles, messages: list[str], table: Table, n_columns: int
) -> None:
    """Messages ("warning: ..." in bold, the rest as notes) below a table of `n_columns`, after
    a blank row, each broken into lines as wide as the table so the sheet prints one page wide."""
    import textwrap

    if not messages:
        return
    chars = sum(table.widths.get(c, 8.43) for c in range(1, n_columns + 1))
    ws.append([])
    for message in messages:
        style = "label" if message.startswith("warning: ") else "note"
        for line in textwrap.wrap(message, width=max(60, int(chars * 0.9))):
            # In column A, not wrapped: the line runs on over the empty cells to its right, and
            # the columns from B on stay empty below the table.
            ws.append([styles.text(ws, line, style)])
