"""Returned questionnaire workbooks, read safely: the container is checked before any parsing.

A workbook comes from a vendor, so nothing in it is trusted. Before openpyxl sees a byte, the
file is refused when it is not a zip (an encrypted or legacy .xls file is an OLE container),
when its declared sizes make it a zip bomb (too many parts, a part too large, a compression ratio
no spreadsheet has), or when it carries macros, links to other files or embedded objects. Python's
zipfile never inflates a part past its declared size, so those checks bound the work. openpyxl
then reads it in read-only mode with defusedxml active (no XML entities) and formulas as written:
a formula in an answer cell is an error, never evaluated and never taken at its cached value.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from vendorscore.errors import InputError, Problem
from vendorscore.inputs.digest import sha256_hex
from vendorscore.inputs.rfp_answers import Flag, Response, check_text
from vendorscore.model.codes import canonical_language_tag
from vendorscore.scoring.questions import (
    ANSWER_COLUMN,
    ID_COLUMN,
    META_SHEET,
    QUESTIONS_HEADER_ROW,
    QUESTIONS_SHEET,
    TABLE_ID_ROW,
    TEMPLATE_VERSION,
    Questionnaire,
    Table,
)

__all__ = [
    "MAX_ENTRIES",
    "MAX_PART_BYTES",
    "MAX_RATIO",
    "MAX_ROWS",
    "MAX_TOTAL_BYTES",
    "MAX_WORKBOOK_BYTES",
    "check_container",
    "read_workbook",
]

MAX_WORKBOOK_BYTES = 10_000_000  # a filled questionnaire is about 40 KB
MAX_ENTRIES = 500  # parts in the zip; a questionnaire has about 20
MAX_PART_BYTES = 10_000_000  # one part, uncompressed
MAX_TOTAL_BYTES = 50_000_000  # every part, uncompressed
MAX_RATIO = 100  # uncompressed / compressed; spreadsheet XML compresses 5-20 times
_RATIO_FROM_BYTES = 1_000_000  # tiny parts may compress oddly well; judge the large ones
MAX_ROWS = 5_000  # rows read from one sheet

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_SUFFIX_REFUSALS = {
    ".xlsm": "a macro-enabled workbook (.xlsm)",
    ".xltm": "a macro-enabled template (.xltm)",
    ".xlsb": "a binary workbook (.xlsb)",
    ".xls": "an old-format workbook (.xls)",
}
_SAVE_AS = "save it as an Excel Workbook (.xlsx) and send it again"


def _refuse(file: str, message: str) -> InputError:
    return InputError(Problem(message, file))


def check_container(data: bytes, file: str) -> None:
    """Refuse a workbook that is not a plain, bounded .xlsx zip, before anything parses it."""
    if data.startswith(_OLE):
        raise _refuse(
            file, f"is encrypted (password-protected) or an old .xls workbook; {_SAVE_AS} "
            "without a password"
        )  # fmt: skip
    if not data.startswith(_ZIP):
        raise _refuse(file, "is not an .xlsx workbook (not a zip file)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _refuse(file, f"is not a valid .xlsx workbook (damaged zip: {exc})") from None
    if len(infos) > MAX_ENTRIES:
        raise _refuse(
            file, f"has {len(infos):,} parts; a questionnaire has a few dozen (limit "
            f"{MAX_ENTRIES:,}): refused as a possible zip bomb"
        )  # fmt: skip
    total = 0
    for info in infos:
        _check_part(info, file)
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise _refuse(
            file, f"would unpack to {total:,} bytes (limit {MAX_TOTAL_BYTES:,}): refused as a "
            "possible zip bomb"
        )  # fmt: skip
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise _refuse(file, "is not an Excel workbook (a zip without xl/workbook.xml)")
    try:
        types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _refuse(file, f"is not a valid .xlsx workbook (damaged zip: {exc})") from None
    if b"macroEnabled" in types or b"vbaProject" in types:
        raise _refuse(file, f"contains macros; {_SAVE_AS}")


def _check_part(info: zipfile.ZipInfo, file: str) -> None:
    name = info.filename
    lower = name.lower()
    if "vbaproject" in lower:
        raise _refuse(file, f"contains macros ({name}); {_SAVE_AS}")
    if lower.startswith("xl/externallinks/"):
        raise _refuse(
            file, f"links to other files ({name}); break the links (Excel: Data > Edit Links > "
            "Break Link) and save it again"
        )  # fmt: skip
    if lower.startswith(("xl/embeddings/", "xl/activex/")):
        raise _refuse(
            file, f"contains an embedded object ({name}); remove it (send attachments "
            "separately) and save it again"
        )  # fmt: skip
    if info.flag_bits & 0x1:
        raise _refuse(file, f"has an encrypted part ({name}); {_SAVE_AS} without a password")
    if info.file_size > MAX_PART_BYTES:
        raise _refuse(
            file, f"part {name} would unpack to {info.file_size:,} bytes (limit "
            f"{MAX_PART_BYTES:,}): refused as a possible zip bomb"
        )  # fmt: skip
    if info.file_size > _RATIO_FROM_BYTES and info.file_size > MAX_RATIO * info.compress_size:
        ratio = info.file_size / max(info.compress_size, 1)
        raise _refuse(
            file, f"part {name} is compressed {ratio:,.0f} to 1 (limit {MAX_RATIO} to 1): "
            "refused as a possible zip bomb"
        )  # fmt: skip


def read_bytes(path: Path) -> tuple[bytes, str]:
    """A returned file's bytes (bounded) and SHA-256; InputError when it cannot be read."""
    shown = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_WORKBOOK_BYTES:
            raise _refuse(shown, f"is {size:,} bytes; the limit is {MAX_WORKBOOK_BYTES:,}")
        with path.open("rb") as handle:
            data = handle.read(MAX_WORKBOOK_BYTES + 1)
    except FileNotFoundError:
        raise _refuse(shown, "no such file") from None
    except IsADirectoryError:
        raise _refuse(shown, "is a folder, expected a returned questionnaire") from None
    except OSError as exc:
        raise _refuse(shown, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_WORKBOOK_BYTES:
        raise _refuse(shown, f"is larger than the limit of {MAX_WORKBOOK_BYTES:,} bytes")
    return data, sha256_hex(data)


def read_workbook(path: Path, questionnaire: Questionnaire) -> tuple[Response, str, str]:
    """A returned workbook's answers, its SHA-256 and the criteria SHA-256 it was made for.

    InputError when the file is refused as a whole; problems with answers are left in the
    Response (its `profile()` raises them all at once).
    """
    file = str(path)
    refusal = _SUFFIX_REFUSALS.get(path.suffix.lower())
    if refusal:
        raise _refuse(file, f"is {refusal}; {_SAVE_AS}")
    data, digest = read_bytes(path)
    check_container(data, file)
    import openpyxl  # only the import paths need it

    if not getattr(openpyxl, "DEFUSEDXML", False):
        raise _refuse(
            file, "refusing to read a workbook without defusedxml: install it (pip install "
            "defusedxml) and do not set OPENPYXL_DEFUSEDXML=False"
        )  # fmt: skip
    response = Response(file, questionnaire)
    try:
        wb = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
        try:
            criteria_sha256 = _meta(wb, file)
            _questions(wb, response, questionnaire)
            for table in questionnaire.tables:
                _table(wb, response, table)
        finally:
            wb.close()
    except InputError:
        raise
    except Exception as exc:  # a hostile or damaged file must not crash the import
        raise _refuse(file, _unreadable(exc)) from None
    return response, digest, criteria_sha256


def _unreadable(exc: BaseException) -> str:
    kind = type(exc).__name__
    cause: BaseException | None = exc
    while cause is not None:  # openpyxl wraps what the XML parser raised
        if type(cause).__module__.startswith("defusedxml"):
            return "declares XML entities or external references (refused: an XML bomb?)"
        cause = cause.__cause__ or cause.__context__
    return (
        f"cannot be read as a workbook ({kind}); open it in Excel or LibreOffice and save it "
        "again as .xlsx"
    )


# OOXML writes characters XML cannot hold as _xHHHH_ (and a literal "_x" as _x005F_x); Excel
# shows them decoded, so they are read decoded, and a control character is then refused.
_XSTRING = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _value(cell: Any) -> object:
    value = cell.value
    if isinstance(value, str) and "_x" in value:
        return _XSTRING.sub(lambda m: chr(int(m.group(1), 16)), value)
    return value


def _flag(cell: Any) -> Flag:
    kind = getattr(cell, "data_type", "n")
    return "formula" if kind == "f" else "error" if kind == "e" else ""


def _meta(wb: Any, file: str) -> str:
    """The criteria SHA-256 the questionnaire was made for; refuse another template version."""
    if META_SHEET not in wb.sheetnames:
        raise _refuse(
            file, f"is not a vendorscore questionnaire (no {META_SHEET} sheet); send the vendor "
            "one made by `vendorscore rfp template`"
        )  # fmt: skip
    meta: dict[str, object] = {}
    for row in wb[META_SHEET].iter_rows(max_row=20, max_col=2, values_only=True):
        if len(row) == 2 and isinstance(row[0], str):
            meta[row[0]] = row[1]
    version = meta.get("template_version")
    if version != TEMPLATE_VERSION:
        raise _refuse(
            file, f"was made from questionnaire template version {version}; this vendorscore "
            f"reads version {TEMPLATE_VERSION}: send the vendor a new questionnaire"
        )  # fmt: skip
    digest = meta.get("criteria_sha256")
    return digest if isinstance(digest, str) else ""


def _rows(ws: Any, columns: int, response: Response, title: str) -> Any:
    """(row number, cells) of a sheet, at most MAX_ROWS of them."""
    # Every row, not only those inside the size the sheet declares (which may be wrong).
    ws.reset_dimensions()
    for number, row in enumerate(ws.iter_rows(min_row=1, max_col=columns), start=1):
        if number > MAX_ROWS:
            response.problem(f"{title}!A{number}", f"more than {MAX_ROWS:,} rows; refused")
            return
        yield number, row


def _blank(cell: Any) -> bool:
    value = cell.value
    return _flag(cell) == "" and (value is None or (isinstance(value, str) and not value.strip()))


def _questions(wb: Any, response: Response, questionnaire: Questionnaire) -> None:
    if QUESTIONS_SHEET not in wb.sheetnames:
        response.problem(None, f"the {QUESTIONS_SHEET} sheet is missing; use a fresh template")
        return
    known = {q.id: q for q in questionnaire.questions}
    seen: dict[str, str] = {}
    items: dict[str, int] = {}
    id_col, answer_col = ID_COLUMN - 1, ANSWER_COLUMN - 1
    for number, row in _rows(wb[QUESTIONS_SHEET], ANSWER_COLUMN, response, QUESTIONS_SHEET):
        if number <= QUESTIONS_HEADER_ROW or len(row) <= answer_col or _blank(row[id_col]):
            continue
        id_at = f"{QUESTIONS_SHEET}!A{number}"
        qid = str(row[id_col].value).strip()
        question = known.get(qid)
        if question is None or _flag(row[id_col]):
            shown = qid if len(qid) <= 60 else qid[:57] + "..."
            response.problem(
                id_at, f"unknown question id '{shown}'; keep column A as the template has it"
            )
            continue
        at = f"{QUESTIONS_SHEET}!C{number}"
        response.cell(qid, at)
        if not question.many and qid in seen:
            response.problem(id_at, f"question '{qid}' appears twice (first in {seen[qid]})")
            continue
        seen.setdefault(qid, id_at)
        cell = row[answer_col]
        if _blank(cell):
            continue
        path: tuple[str | int, ...] = tuple(qid.split("."))
        if question.many:
            path = (*path, items.get(qid, 0))
            items[qid] = items.get(qid, 0) + 1
        response.answer(path, _value(cell), at, _flag(cell))


def _table(wb: Any, response: Response, table: Table) -> None:
    if table.title not in wb.sheetnames:
        response.problem(None, f"the {table.title} sheet is missing; use a fresh template")
        return
    ids = [*([table.key.id] if table.key else []), *(c.id for c in table.columns)]
    letters = "BCDEFGHIJKLMNOPQRSTUVWXYZ"
    index = 0
    tags: dict[str, str] = {}
    for number, row in _rows(wb[table.title], len(ids) + 1, response, table.title):
        if number < TABLE_ID_ROW:
            continue
        cells = list(row[1:]) + [None] * (len(ids) + 1 - len(row))
        if number == TABLE_ID_ROW:
            found = [str(c.value).strip() if c is not None else "" for c in cells]
            if found != ids:
                response.problem(
                    f"{table.title}!A{number}",
                    f"the column ids in row {number} were changed (expected {', '.join(ids)}); "
                    "use a fresh template",
                )
                return
            continue
        if all(c is None or _blank(c) for c in cells):
            continue
        where = [f"{table.title}!{letters[i]}{number}" for i in range(len(ids))]
        if table.key is None:
            base: tuple[str | int, ...] = (table.id, index)
            index += 1
            columns = list(zip(table.columns, cells, where, strict=True))
        else:
            tag = _tag(cells[0], where[0], table, tags, response)
            if tag is None:
                continue
            base = (table.id, tag)
            response.key(base, where[0])
            columns = list(zip(table.columns, cells[1:], where[1:], strict=True))
        for question, cell, at in columns:
            if cell is not None and not _blank(cell):
                name = question.id.rsplit(".", 1)[-1]
                response.answer((*base, name), _value(cell), at, _flag(cell))


def _tag(cell: Any, at: str, table: Table, tags: dict[str, str], response: Response) -> str | None:
    """A keyed table row's key (a language tag), checked for blanks, formulas and repeats."""
    assert table.key is not None
    label = table.key.label.lower()
    if cell is None or _blank(cell):
        response.problem(at, f"{table.id}: this row has answers but no {label} tag (e.g. en-US)")
        return None
    if _flag(cell):
        response.problem(at, f"{table.id}: the {label} tag is a formula; type the tag itself")
        return None
    tag = str(_value(cell)).strip()
    reason = check_text(tag)
    if reason:
        response.problem(at, f"{table.id}: {reason}")
        return None
    canonical = canonical_language_tag(tag)
    if canonical in tags:
        response.problem(
            at, f"{table.id}: {label} {canonical} is given twice (as {tags[canonical]} and {tag})"
        )
        return None
    tags[canonical] = tag
    return tag
