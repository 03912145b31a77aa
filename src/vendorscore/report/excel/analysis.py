"""Analysis sheets (Staffing, and any other result): plain tables rendered from a result object.

A result offering the `excel_tables()` hook is rendered from it (see `analysis_tables`);
otherwise any dataclass, mapping or sequence of dataclasses becomes plain tables. This module
never computes a figure of its own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from vendorscore.report.excel.cells import Styles, Table, cell_text, new_sheet

__all__ = ["TableSpec", "analysis_tables", "write_analysis"]

# (title, headers, rows): one table of an analysis sheet.
TableSpec = tuple[str, Sequence[str], Sequence[Sequence[object]]]


def analysis_tables(result: object) -> list[TableSpec]:
    """Tables for an analysis result: its `excel_tables()` hook, or its dataclass fields.

    A dataclass gives a two-column table of its scalar fields, then one table per field holding
    a sequence of dataclasses; a record's own nested records (a vendor's intervals) become a long
    table keyed by the record's first field. Mappings of name -> dataclass work the same way.
    """
    hook = getattr(result, "excel_tables", None)
    if callable(hook):
        return [(str(t), list(h), [list(r) for r in rows]) for t, h, rows in hook()]
    if _is_records(result):
        return _records_tables("", result)  # type: ignore[arg-type]
    if isinstance(result, Mapping):
        return _object_tables("", dict(result))
    if _is_record(result):
        return _object_tables("", _fields(result))
    return [("", ["Value"], [[str(result)]])]


def _is_record(value: object) -> bool:
    return dataclasses.is_dataclass(value) and not isinstance(value, type)


def _fields(obj: Any) -> dict[str, object]:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}


def _is_records(value: object) -> bool:
    return isinstance(value, list | tuple) and bool(value) and all(_is_record(x) for x in value)


def _object_tables(title: str, mapping: Mapping[Any, Any]) -> list[TableSpec]:
    scalars: list[list[object]] = []
    keyed: list[Any] = []
    tables: list[TableSpec] = []
    for key, value in mapping.items():
        if _is_records(value):
            tables += _records_tables(_heading(str(key)), value)
        elif _is_record(value):
            keyed.append(value)
        else:
            scalars.append([_heading(str(key)), value])
    if keyed:
        tables = (
            _records_tables(
                title, keyed, keys=[str(k) for k, v in mapping.items() if _is_record(v)]
            )
            + tables
        )
    if scalars:
        tables.insert(0, (title, ["", "Value"], scalars))
    return tables


def _records_tables(
    title: str, records: Sequence[Any], *, keys: Sequence[str] | None = None
) -> list[TableSpec]:
    fields = _fields(records[0])
    # A record held by each record (a vendor's contract cost) becomes a table of its own,
    # keyed like the rows, so its parts are shown one column each.
    held = [n for n in fields if any(_is_record(getattr(r, n)) for r in records)]
    flat = [n for n, v in fields.items() if not _is_records(v) and n not in held]
    nested = [n for n, v in fields.items() if _is_records(v)]
    key_name = "" if keys is not None else flat[0] if flat else ""
    headers = ([""] if keys is not None else []) + [_heading(n) for n in flat]
    rows = [
        ([keys[i]] if keys is not None else []) + [getattr(r, n) for n in flat]
        for i, r in enumerate(records)
    ]
    tables: list[TableSpec] = [(title, headers, rows)]
    for n in held:
        owners = [(r, getattr(r, n)) for r in records if _is_record(getattr(r, n))]
        parts = [f for f, v in _fields(owners[0][1]).items() if not _is_records(v)]
        tables.append(
            (
                _heading(n),
                [_heading(key_name) or "", *(_heading(f) for f in parts)],
                [[getattr(r, key_name), *(getattr(c, f) for f in parts)] for r, c in owners],
            )
        )
    for n in nested:
        children = [(keys[i] if keys is not None else getattr(r, key_name), c)
                    for i, r in enumerate(records) for c in getattr(r, n)]  # fmt: skip
        child_fields = [f for f, v in _fields(children[0][1]).items() if not _is_records(v)]
        tables.append(
            (
                f"{title}: {_heading(n)}".strip(": ") if title else _heading(n),
                [_heading(key_name) or "", *(_heading(f) for f in child_fields)],
                [[k, *(getattr(c, f) for f in child_fields)] for k, c in children],
            )
        )
    return tables


def _heading(name: str) -> str:
    return name.replace("_", " ").capitalize()


# Number formats by the words a field's name ends with (fractions print as percentages).
_PERCENT_WORDS = (
    "level",
    "rate",
    "occupancy",
    "shrinkage",
    "share",
    "target",
    "share of seats",
    "increase",
)
_MONEY_WORDS = ("cost", "fee", "fee per month", "training", "ramp", "run", "total")


def _number_style(header: str) -> str:
    words = header.lower()
    if words.endswith(_PERCENT_WORDS) or words.startswith(
        ("max abandon", "max blocking", "max occ")
    ):
        return "pct1"
    if words == "cost per call":
        return "money2"
    if words.endswith(_MONEY_WORDS):
        return "money"
    return "number"


_RENAMED = {"Currency": "Pricing currency"}  # the vendor's; every money column is in the base


def _with_unit(header: str, base: str | None) -> str:
    if base is None:
        return header
    header = _RENAMED.get(header, header)
    if header == "Rate in base" or _number_style(header).startswith("money"):
        return f"{header} ({base})"
    return header


def write_analysis(wb: Workbook, styles: Styles, title: str, result: object) -> None:
    """One sheet of tables for a staffing or sensitivity result (values as given, unchanged).

    A result with a `base_currency` has its money columns headed with it ("Monthly cost (USD)").
    """
    ws: WriteOnlyWorksheet = new_sheet(wb, title)
    base = getattr(result, "base_currency", None)
    tables = [
        (name, [_with_unit(str(h), base) for h in headers], rows)
        for name, headers, rows in analysis_tables(result)
    ]
    table = Table(ws)
    for _, headers, rows in tables:
        table.fit_rows([[max(str(h).split(), key=len, default="") for h in headers]], minimum=9)
        table.fit_rows(([cell_text(v) for v in row] for row in rows), minimum=9, maximum=40)
    table.apply_widths()
    for name, headers, rows in tables:
        if name:
            ws.append([styles.text(ws, name, "title")])
        ws.append([styles.text(ws, h, "header") for h in headers])
        kinds = [_number_style(str(h).split(" (")[0]) for h in headers]
        for row in rows:
            cells: list[object] = []
            for value, kind in zip(row, kinds, strict=False):
                shown = cell_text(value)
                if isinstance(shown, str):
                    cells.append(styles.text(ws, shown))
                elif isinstance(shown, float) or (isinstance(shown, int) and kind != "number"):
                    cells.append(styles.value(ws, shown, kind if kind != "number" else "number2"))
                elif shown is None:
                    cells.append(None)
                else:
                    cells.append(shown)
            ws.append(cells)
        ws.append([])
