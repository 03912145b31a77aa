"""The RFP questionnaire workbook a vendor fills in: questions, answer cells, dropdowns, checks.

Sheets: Instructions; Questions (one row per question: id, question, answer, format, how it is
used); one sheet per table (Sites, Languages: one row per item); hidden `_lists` (ISO codes for
the dropdowns) and `_vendorscore` (template version and the criteria's SHA-256, read back on
import). Question cells are protected, answer cells open; every check the cell can carry
(choices, number ranges, text length, dates) is the schema's own, from the Question.
"""

from __future__ import annotations

import math
from typing import IO, Any

from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook import Workbook
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from vendorscore.model.countries import ISO_3166_ALPHA2
from vendorscore.model.currencies import ISO_4217
from vendorscore.report.excel.cells import FONT, clean_text, col
from vendorscore.scoring.questions import (
    ANSWER_COLUMN,
    ID_COLUMN,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    META_SHEET,
    QUESTIONS_HEADER_ROW,
    QUESTIONS_SHEET,
    TABLE_ID_ROW,
    Question,
    Questionnaire,
    Table,
)

__all__ = ["write_questionnaire"]

# Tags offered in the language dropdown (any other BCP-47 tag may be typed: a warning only).
COMMON_LANGUAGE_TAGS = (
    "en-US", "en-GB", "en-CA", "en-AU", "en-IN", "en-PH", "es-US", "es-MX", "es-CO", "es-ES",
    "es-419", "pt-BR", "pt-PT", "fr-CA", "fr-FR", "de-DE", "it-IT", "nl-NL", "nb-NO", "sv-SE",
    "da-DK", "fi-FI", "pl-PL", "tl-PH", "hi-IN", "ar-SA", "zh-CN", "zh-TW", "ja-JP", "ko-KR",
)  # fmt: skip
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_ANSWER_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_SECTION_FILL = PatternFill("solid", fgColor="D9E1F2")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_FONTS = {
    "body": Font(name=FONT, size=10),
    "bold": Font(name=FONT, size=10, bold=True),
    "id": Font(name=FONT, size=8, color="595959"),
    "header": Font(name=FONT, size=10, bold=True, color="FFFFFF"),
    "section": Font(name=FONT, size=11, bold=True, color="1F3864"),
    "title": Font(name=FONT, size=14, bold=True, color="1F3864"),
    "note": Font(name=FONT, size=10, italic=True, color="404040"),
    "used": Font(name=FONT, size=9, color="1F3864"),
}
_QUESTION_WIDTHS = (34, 46, 26, 34, 30)  # id, question, answer, format, how it is used
_LINE_POINTS = 13.0


def write_questionnaire(questionnaire: Questionnaire, fh: IO[bytes], *, tool_version: str) -> None:
    """Write the questionnaire workbook for `questionnaire` to the binary file `fh`."""
    wb = Workbook()
    instructions = wb.active
    assert instructions is not None
    instructions.title = INSTRUCTIONS_SHEET
    _questions_sheet(wb, questionnaire)
    for table in questionnaire.tables:
        _table_sheet(wb, table)
    _lists(wb)
    _instructions(instructions, questionnaire, tool_version)
    _meta(wb, questionnaire, tool_version)
    wb.active = 0
    # The structure lock keeps sheets from being renamed, moved or deleted by accident (the
    # import reads them by name); like the sheet locks, it has no password.
    wb.security = WorkbookProtection(lockStructure=True)
    wb.save(fh)


# ---- cells ------------------------------------------------------------------------------------


def _put(ws: Worksheet, row: int, column: int, value: object, font: str = "body") -> Cell:
    """A trusted or untrusted value as a plain cell: text is always text, never a formula."""
    cell: Cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"  # a label starting with "=" stays text
        if value.startswith(("=", "+", "-", "@")):
            cell.quotePrefix = True
    else:
        cell.value = value
    cell.font = _FONTS[font]
    # Titles and section labels run on into the empty cells to their right.
    cell.alignment = _TOP if font in ("title", "section") else _WRAP
    return cell


def _lines(text: str, width: float) -> int:
    return sum(max(1, math.ceil(len(part) / max(width - 2, 1))) for part in text.split("\n"))


def _fit_height(ws: Worksheet, row: int, texts: list[tuple[str, float]]) -> None:
    """Row height for wrapped text (neither Excel nor every viewer fits rows on open)."""
    lines = max((_lines(t, w) for t, w in texts if t), default=1)
    if lines > 1:
        ws.row_dimensions[row].height = _LINE_POINTS * lines + 3


def _page(ws: Worksheet, *, landscape: bool = True) -> None:
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "&A, page &P of &N"


def _protect(ws: Worksheet) -> None:
    """Lock every cell but the answers; widths and heights stay adjustable. No password."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = False


def _answer_cells(ws: Worksheet, column: int, first: int, last: int, question: Question) -> None:
    """Open, yellow answer cells in rows first..last of `column`, with the question's check."""
    for row in range(first, last + 1):
        cell = ws.cell(row=row, column=column)
        cell.fill = _ANSWER_FILL
        cell.border = _BORDER
        cell.protection = Protection(locked=False)
        cell.font = _FONTS["body"]
        cell.alignment = Alignment(wrap_text=question.kind == "text", vertical="top")
        if question.kind == "date":
            cell.number_format = "yyyy-mm-dd"
        elif question.kind in ("text", "category") or question.code_list:
            cell.number_format = "@"  # codes and words stay text ("1-2" is not a date)
    top = f"{col(column)}{first}"
    validation = _validation(question, top)
    if validation is not None:
        ws.add_data_validation(validation)
        validation.add(f"{top}:{col(column)}{last}")


def _validation(q: Question, ref: str) -> DataValidation | None:
    """The cell check for `q`: the schema's choices, range or length, with its format as help."""
    help_text = q.format[:250]
    options: dict[str, Any] = {
        "allow_blank": True,
        "showErrorMessage": True,
        "showInputMessage": True,
        "promptTitle": q.label[:32],
        "prompt": help_text,
        "errorTitle": "Not a valid answer",
        "error": f"{q.label}: {help_text}"[:250],
    }
    code_lists = {"country": "vs_countries", "currency": "vs_currencies"}
    if q.code_list in code_lists:
        return DataValidation(type="list", formula1=code_lists[q.code_list], **options)
    if q.code_list == "language":
        # Any BCP-47 tag is valid; the list offers the usual ones, so another one only warns.
        return DataValidation(type="list", formula1="vs_languages", errorStyle="warning", **options)
    if q.kind == "bool":
        return DataValidation(type="list", formula1='"yes,no"', **options)
    if q.kind == "category" and q.choices:
        return DataValidation(type="list", formula1=f'"{",".join(q.choices)}"', **options)
    if q.kind == "text" and q.choices:
        listed = f'"{",".join(q.choices)}"'
        return DataValidation(type="list", formula1=listed, errorStyle="warning", **options)
    if q.kind == "date":
        return DataValidation(type="date", operator="greaterThan", formula1="0", **options)
    if q.kind == "text":
        if q.max_length is None:
            return None
        return DataValidation(
            type="textLength", operator="lessThanOrEqual", formula1=str(q.max_length), **options
        )
    return _number_validation(q, ref, options)


def _number_validation(q: Question, ref: str, options: dict[str, Any]) -> DataValidation:
    kind = "whole" if q.kind == "integer" else "decimal"
    low, high = q.minimum, q.maximum
    if q.min_exclusive or q.max_exclusive:
        # Excel's built-in checks are inclusive: an open end needs a formula. It names the
        # range's first cell and, being relative, applies to each cell of the range.
        tests = [f"ISNUMBER({ref})"]
        if low is not None:
            tests.append(f"{ref}{'>' if q.min_exclusive else '>='}{low:g}")
        if high is not None:
            tests.append(f"{ref}{'<' if q.max_exclusive else '<='}{high:g}")
        return DataValidation(type="custom", formula1=f"AND({','.join(tests)})", **options)
    if low is not None and high is not None:
        return DataValidation(
            type=kind, operator="between", formula1=f"{low:g}", formula2=f"{high:g}", **options
        )
    if low is not None:
        return DataValidation(
            type=kind, operator="greaterThanOrEqual", formula1=f"{low:g}", **options
        )
    if high is not None:
        return DataValidation(
            type=kind, operator="lessThanOrEqual", formula1=f"{high:g}", **options
        )
    return DataValidation(
        type=kind, operator="between", formula1="-1E+300", formula2="1E+300", **options
    )


def _used(q: Question) -> str:
    parts = []
    if q.required:
        parts.append("Required answer")
    if q.required_by:
        parts.append("Knock-out: " + "; ".join(q.required_by))
    if q.scored_by:
        parts.append("Scored: " + "; ".join(q.scored_by))
    return "\n".join(parts)


def _question_text(q: Question, *, item: int = 0) -> str:
    if item:
        return f"{q.label}, item {item + 1}"
    return f"{q.label}\n{q.description}" if q.description else q.label


# ---- sheets -----------------------------------------------------------------------------------


def _header(ws: Worksheet, row: int, labels: list[str]) -> None:
    for i, label in enumerate(labels, start=1):
        cell = _put(ws, row, i, label, "header")
        cell.fill = _HEADER_FILL
        cell.border = _BORDER


def _title(ws: Worksheet, title: str, note: str, width: int) -> None:
    _put(ws, 1, 1, title, "title")
    _put(ws, 2, 1, note, "note")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    ws.row_dimensions[1].height = 22
    total = sum(ws.column_dimensions[col(i)].width or 10 for i in range(1, width + 1))
    _fit_height(ws, 2, [(note, total)])


def _questions_sheet(wb: Workbook, questionnaire: Questionnaire) -> None:
    ws = wb.create_sheet(QUESTIONS_SHEET)
    for i, width in enumerate(_QUESTION_WIDTHS, start=1):
        ws.column_dimensions[col(i)].width = width
    _title(
        ws,
        f"RFP questionnaire: {questionnaire.criteria_name}",
        "Answer in the yellow cells of column C. Leave a cell empty when you have no answer "
        "(an empty cell is read as not answered, never as 0). Type values, not formulas. "
        "See the Instructions sheet.",
        len(_QUESTION_WIDTHS),
    )
    head = QUESTIONS_HEADER_ROW
    _header(ws, head, ["Question ID", "Question", "Your answer", "Format", "How it is used"])
    ws.freeze_panes = f"A{head + 1}"
    ws.print_title_rows = f"{head}:{head}"
    row = head + 1
    section = None
    for entry in questionnaire.entries:
        entry_section = entry.id.split(".")[0] if isinstance(entry, Table) else entry.section
        if entry_section != section:
            section = entry_section
            label = "About the vendor" if not section else _section_label(section)
            for c in range(1, len(_QUESTION_WIDTHS) + 1):
                _put(ws, row, c, label if c == 2 else None, "section").fill = _SECTION_FILL
            row += 1
        if isinstance(entry, Table):
            text = f"{entry.title}: answer on the {entry.title} sheet, one row per item."
            _put(ws, row, 2, text, "note")
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=5)
            row += 1
            continue
        _answer_cells(ws, ANSWER_COLUMN, row, row + entry.answer_rows - 1, entry)
        for item in range(entry.answer_rows):
            _put(ws, row, ID_COLUMN, entry.id, "id")
            text = _question_text(entry, item=item)
            _put(ws, row, 2, text, "bold" if entry.required and not item else "body")
            if not item:
                _put(ws, row, 4, entry.format)
                _put(ws, row, 5, _used(entry), "used")
                widths = dict(enumerate(_QUESTION_WIDTHS, start=1))
                _fit_height(ws, row, [(text, widths[2]), (entry.format, widths[4]),
                                      (_used(entry), widths[5] * 1.1)])  # fmt: skip
            row += 1
    _page(ws)
    _protect(ws)


def _section_label(section: str) -> str:
    return section.replace("_", " ").capitalize()


def _table_sheet(wb: Workbook, table: Table) -> None:
    ws = wb.create_sheet(table.title)
    columns: list[tuple[str, Question]] = []
    if table.key is not None:
        columns.append((table.key.id, table.key))
    columns.extend((c.id, c) for c in table.columns)
    widths = [5] + [max(14, min(30, len(q.format) // 2 + 4)) for _, q in columns]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[col(i)].width = width
    what = "language" if table.key is not None else "item"
    note = (table.description + " " if table.description else "") + (
        f"One row per {what}; leave unused rows empty. Type values, not formulas."
    )
    if table.notes:
        note += " The criteria use: " + "; ".join(table.notes) + "."
        if table.key is not None:
            note += " A tag without a region (es) counts every variety you list (es-MX, es-US...)."
    _title(ws, table.title, note, len(widths))
    _header(ws, 3, ["#", *(q.label for _, q in columns)])
    for i, (_, q) in enumerate(columns, start=2):
        used = _used(q)
        _put(ws, 4, i, q.format + (f"\n{used}" if used else ""), "id").border = _BORDER
    _fit_height(ws, 4, [(q.format + _used(q), widths[i]) for i, (_, q) in enumerate(columns, 1)])
    _put(ws, TABLE_ID_ROW, 1, "id", "id")
    for i, (qid, _) in enumerate(columns, start=2):
        _put(ws, TABLE_ID_ROW, i, qid, "id")
    first = TABLE_ID_ROW + 1
    for n in range(table.rows):
        _put(ws, first + n, 1, n + 1, "id").alignment = Alignment(horizontal="center")
    for i, (_, q) in enumerate(columns, start=2):
        _answer_cells(ws, i, first, first + table.rows - 1, q)
    ws.freeze_panes = f"B{first}"
    ws.print_title_rows = f"3:{TABLE_ID_ROW}"
    _page(ws, landscape=False)  # a few columns: every row fits one portrait page
    _protect(ws)


def _instructions(ws: Worksheet, questionnaire: Questionnaire, tool_version: str) -> None:
    ws.column_dimensions["A"].width = 4
    ws.column_dimensions["B"].width = 110
    _put(ws, 1, 1, f"RFP questionnaire: {questionnaire.criteria_name}", "title")
    tables = ", ".join(t.title for t in questionnaire.tables)
    steps = [
        f"Answer in the yellow cells of the {QUESTIONS_SHEET} sheet (column C) and of the "
        f"{tables} sheets (one row per item).",
        "Leave a cell empty when you have no answer. An empty cell is read as not answered, "
        "never as 0; do not write n/a, TBD or 0 for an unknown figure.",
        "Type values, not formulas: a formula is refused when your answers are read (it is "
        "never calculated), and so is a link to another file.",
        "Fractions: write 85% as 85% or 0.85. Dates: YYYY-MM-DD. Yes/no questions: yes or no.",
        "Lists (certifications, data residency, industries...): one item per yellow row, "
        "in any order; leave the rows you do not need empty.",
        "Each cell offers a dropdown or checks its value where it can; the Format column says "
        "what is expected and the last column how the answer is used.",
        "Do not rename, move, add or delete sheets, and keep the Question ID column as it is: "
        "the answers are read by these ids.",
        "Save as an Excel Workbook (.xlsx): not .xlsm, .xlsb or .xls, no macros, no password, "
        "no embedded objects.",
    ]
    row = 3
    for n, step in enumerate(steps, start=1):
        _put(ws, row, 1, n, "bold")
        _put(ws, row, 2, step)
        _fit_height(ws, row, [(step, 110)])
        row += 1
    row += 1
    _put(ws, row, 1, "Knock-out requirements (a bid that fails one is not ranked)", "section")
    row += 1
    if not questionnaire.requirements:
        _put(ws, row, 2, "None.")
        row += 1
    for field, rule, why in questionnaire.requirements:
        text = f"{field}: {rule}" + (f". {why}" if why else "")
        _put(ws, row, 2, text)
        _fit_height(ws, row, [(text, 110)])
        row += 1
    row += 1
    digest = questionnaire.criteria_sha256
    _put(
        ws,
        row,
        2,
        f"Made by vendorscore {tool_version} (questionnaire template version "
        f"{questionnaire.version}) for the criteria '{questionnaire.criteria_name}'"
        + (f", SHA-256 {digest[:16]}..." if digest else "")
        + ".",
        "note",
    )
    _page(ws, landscape=False)
    _protect(ws)


def _lists(wb: Workbook) -> None:
    ws = wb.create_sheet(LISTS_SHEET)
    lists = {
        "vs_countries": sorted(ISO_3166_ALPHA2),
        "vs_currencies": sorted(ISO_4217),
        "vs_languages": list(COMMON_LANGUAGE_TAGS),
    }
    for column, (name, values) in enumerate(lists.items(), start=1):
        for row, value in enumerate(values, start=1):
            _put(ws, row, column, value)
        letter = col(column)
        ref = f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(values)}"
        defined = DefinedName(name, attr_text=ref)
        if hasattr(wb.defined_names, "add"):  # openpyxl 3.1: a dict-like collection
            wb.defined_names.add(defined)
        else:  # pragma: no cover - older openpyxl
            wb.defined_names.append(defined)
    ws.sheet_state = "hidden"
    _protect(ws)


def _meta(wb: Workbook, questionnaire: Questionnaire, tool_version: str) -> None:
    ws = wb.create_sheet(META_SHEET)
    rows = [
        ("template_version", questionnaire.version),
        ("criteria_name", questionnaire.criteria_name),
        ("criteria_sha256", questionnaire.criteria_sha256),
        ("generator", f"vendorscore {tool_version}"),
    ]
    for row, (key, value) in enumerate(rows, start=1):
        _put(ws, row, 1, key)
        _put(ws, row, 2, value)
    ws.sheet_state = "hidden"
    _protect(ws)
