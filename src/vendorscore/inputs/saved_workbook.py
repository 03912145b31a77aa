"""The saved result inside an exported workbook (its hidden "Saved result" sheet), read safely.

The workbook is untrusted: its size and the unpacked size of its parts are bounded before
openpyxl opens it, read-only and for cell values only; no formula is evaluated or trusted. Only
the hidden sheet's text is used, and it is then checked like a `.json` file.
"""

from __future__ import annotations

import contextlib
import io
import warnings
import zipfile
from collections.abc import Iterable
from pathlib import Path

from vendorscore.errors import InputError, Problem

__all__ = ["MAX_UNPACKED_BYTES", "result_text_from_workbook"]

SAVED_SHEET = "Saved result"  # written by report/excel/saved.py
CHUNK_CHARS = 30_000
MAX_UNPACKED_BYTES = 256_000_000
_MAX_PARTS = 100_000
_NOT_SAVED = (
    "this workbook carries no saved result (it was exported by an older vendorscore, or saved "
    "by a program that dropped its hidden 'Saved result' sheet); export it again, or save the "
    "run with `vendorscore rank ... --format json > FILE`"
)


def result_text_from_workbook(path: Path, data: bytes) -> str:
    """The JSON text of the saved result in an `.xlsx` workbook's bytes."""
    shown = str(path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InputError(
            Problem("a damaged zip file, neither a workbook nor a saved result", shown)
        ) from None
    unpacked = sum(p.file_size for p in parts)
    if unpacked > MAX_UNPACKED_BYTES or len(parts) > 10_000:
        raise InputError(
            Problem(f"unpacks to {unpacked:,} bytes in {len(parts):,} parts; too large", shown)
        )
    try:
        import openpyxl

        # openpyxl warns about extensions it does not know, and 3.1.0 prints the title of each
        # sheet with print titles to stdout (which would corrupt `diff --format json`).
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=True, keep_links=False
            )
        try:
            if SAVED_SHEET not in book.sheetnames:
                raise InputError(Problem(_NOT_SAVED, shown))
            rows = book[SAVED_SHEET].iter_rows(min_col=1, max_col=1, values_only=True)
            return _joined(rows, shown)
        finally:
            book.close()
    except InputError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise InputError(
            Problem(f"cannot read as an Excel workbook ({type(exc).__name__})", shown)
        ) from None


def _joined(rows: Iterable[tuple[object, ...]], shown: str) -> str:
    cells = [row[0] if row else None for row in rows]
    count = cells[1] if len(cells) > 1 else None
    damaged = Problem(
        f"sheet '{SAVED_SHEET}' is damaged (expected the number of parts in A2 and the parts "
        "below it); export the workbook again",
        shown,
    )
    if not isinstance(count, int) or isinstance(count, bool) or not 0 < count <= _MAX_PARTS:
        raise InputError(damaged)
    parts = [p for p in cells[2 : 2 + count] if isinstance(p, str) and len(p) <= CHUNK_CHARS]
    if len(parts) != count:
        raise InputError(damaged)
    return "".join(parts)
