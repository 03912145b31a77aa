"""Fill a questionnaire template as a vendor would: answers typed into the answer cells.

Works from the template's own layout (question ids in column A, answers in C; a table sheet's
column ids in row 5), not from vendorscore's writer, so a layout the reader does not expect
fails the round-trip tests. Values are typed as a person types them into a spreadsheet: numbers
as numbers, yes/no as the dropdown gives them, dates as dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import openpyxl

ID_ROW = 5


def _typed(value: object) -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _get(data: Mapping[str, Any], dotted: str) -> object:
    node: object = data
    for part in dotted.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node


def fill(
    template: Path, data: Mapping[str, Any], out: Path, *, extra_cells: Mapping[str, object] = {}
) -> None:
    """Write `out`: `template` with the plain profile `data` (as YAML gives it) typed in.

    `extra_cells` sets further cells by reference ("Questions!C7") after the profile, raw.
    """
    wb = openpyxl.load_workbook(template)
    ws = wb["Questions"]
    rows: dict[str, list[int]] = {}
    for row in range(1, ws.max_row + 1):
        qid = ws.cell(row, 1).value
        if isinstance(qid, str) and qid:
            rows.setdefault(qid, []).append(row)
    used: set[str] = set()
    for qid, at in rows.items():
        value = _get(data, qid)
        if value is None:
            continue
        used.add(qid.split(".")[0])
        items = value if isinstance(value, list) else [value]
        assert len(items) <= len(at), f"{qid}: {len(items)} items, {len(at)} rows"
        for row, item in zip(at, items, strict=False):
            ws.cell(row, 3).value = _typed(item)
    for sheet, key in (("Sites", "sites"), ("Languages", "languages")):
        table = data.get(key)
        if not table:
            continue
        used.add(key)
        ts = wb[sheet]
        ids = {ts.cell(ID_ROW, c).value: c for c in range(2, ts.max_column + 1)}
        entries = list(table.items()) if isinstance(table, Mapping) else list(enumerate(table))
        for n, (tag, fields) in enumerate(entries):
            row = ID_ROW + 1 + n
            if isinstance(tag, str):
                ts.cell(row, ids[key]).value = tag
            for name, value in fields.items():
                ts.cell(row, ids[f"{key}.{name}"]).value = _typed(value)
    extra = data.get("extra") or {}
    missing = {f"extra.{k}" for k in extra} - set(rows)
    assert not missing, f"no question for {missing}"
    for ref, value in extra_cells.items():
        sheet, cell = ref.split("!")
        wb[sheet][cell].value = value
    wb.save(out)
