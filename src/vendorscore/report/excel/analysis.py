"""Analysis sheets (Staffing, and any other result): plain tables rendered from a result object.

A result offering the `excel_tables()` hook is rendered from it (see `analysis_tables`);
otherwise any dataclass, mapping or sequence of dataclasses becomes plain tables. This module
never computes a figure of its own.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from vendorscore.report.excel.cells import Styles, Table, cell_text, new_sheet
from vendorscore.report.excel.sheets import NO, YES

__all__ = ["TableSpec", "analysis_tables", "write_analysis"]

# (title, headers, rows): one table of an analysis sheet.
TableSpec = tuple[str, Sequence[str], Sequence[Sequence[object]]]


def analysis_tables(result: object, *, money: str = "") -> list[TableSpec]:
    """Tables for an analysis result: its `excel_tables()` hook, or its dataclass fields.

    A dataclass gives a two-column table of its scalar fields, then one table per field holding
    a sequence of dataclasses; a record's own nested records (a vendor's intervals) become a long
    table keyed by the record's first field. Mappings of name -> dataclass work the same way.
    Headings are in words; `money` (a currency code) is the unit of the money figures.
    """
    hook = getattr(result, "excel_tables", None)
    if callable(hook):
        return [(str(t), list(h), [list(r) for r in rows]) for t, h, rows in hook()]
    if _is_records(result):
        return _records_tables("", result, money=money)  # type: ignore[arg-type]
    if isinstance(result, Mapping):
        return _object_tables("", dict(result), money=money)
    if _is_record(result):
        return _object_tables("", _fields(result), money=money)
    return [("", ["Value"], [[str(result)]])]


def _is_record(value: object) -> bool:
    return dataclasses.is_dataclass(value) and not isinstance(value, type)


def _fields(obj: Any) -> dict[str, object]:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}


def _is_records(value: object) -> bool:
    return isinstance(value, list | tuple) and bool(value) and all(_is_record(x) for x in value)


def _object_tables(title: str, mapping: Mapping[Any, Any], *, money: str) -> list[TableSpec]:
    scalars: list[list[object]] = []
    keyed: list[Any] = []
    tables: list[TableSpec] = []
    for key, value in mapping.items():
        if _is_records(value):
            tables += _records_tables(_heading(str(key)), value, money=money)
        elif _is_record(value):
            keyed.append(value)
        else:
            scalars.append([_heading(str(key), money), value])
    if keyed:
        tables = (
            _records_tables(
                title,
                keyed,
                keys=[str(k) for k, v in mapping.items() if _is_record(v)],
                money=money,
            )
            + tables
        )
    if scalars:
        tables.insert(0, (title, ["", "Value"], scalars))
    return tables


def _records_tables(
    title: str, records: Sequence[Any], *, keys: Sequence[str] | None = None, money: str
) -> list[TableSpec]:
    fields = _fields(records[0])
    # A record held by each record (a vendor's contract cost) becomes a table of its own,
    # keyed like the rows, so its parts are shown one column each.
    held = [n for n in fields if any(_is_record(getattr(r, n)) for r in records)]
    flat = _ordered(
        [n for n, v in fields.items() if not _is_records(v) and not _is_record(v) and n not in held]
    )
    nested = [n for n, v in fields.items() if _is_records(v)]
    key_name = "" if keys is not None else flat[0] if flat else ""
    headers = ([""] if keys is not None else []) + [_heading(n, money) for n in flat]
    rows = [
        ([keys[i]] if keys is not None else []) + [getattr(r, n) for n in flat]
        for i, r in enumerate(records)
    ]
    tables: list[TableSpec] = [(title, headers, rows)]
    for n in held:
        owners = [(r, getattr(r, n)) for r in records if _is_record(getattr(r, n))]
        held_fields = _fields(owners[0][1])
        # Lists of words (assumptions) are shown once each, with the vendors they apply to.
        said = [f for f, v in held_fields.items() if isinstance(v, tuple) and not _is_records(v)]
        parts = [f for f, v in held_fields.items() if not _is_records(v) and f not in said]
        tables.append(
            (
                _heading(n),
                [_heading(key_name) or "", *(_heading(f, money) for f in parts)],
                [[getattr(r, key_name), *(getattr(c, f) for f in parts)] for r, c in owners],
            )
        )
        for f in said:
            who: dict[str, list[str]] = {}
            for r, c in owners:
                for words in getattr(c, f):
                    who.setdefault(str(words), []).append(str(getattr(r, key_name)))
            if who:
                tables.append(
                    (
                        f"{_heading(n)}: {_heading(f).lower()}",
                        [_heading(f), "For"],
                        [
                            [
                                words,
                                "every vendor" if len(names) == len(owners) else ", ".join(names),
                            ]
                            for words, names in who.items()
                        ],
                    )
                )
    for n in nested:
        children = [(keys[i] if keys is not None else getattr(r, key_name), c)
                    for i, r in enumerate(records) for c in getattr(r, n)]  # fmt: skip
        child_fields = _ordered(
            [f for f, v in _fields(children[0][1]).items() if not _is_records(v)]
        )
        tables.append(
            (
                f"{title}: {_heading(n)}".strip(": ") if title else _heading(n),
                [_heading(key_name) or "", *(_heading(f, money) for f in child_fields)],
                [[k, *(getattr(c, f) for f in child_fields)] for k, c in children],
            )
        )
    return tables


# Field names in words, with their units; `{money}` becomes the base currency when the result
# names one. Unknown fields read as their name with spaces (new fields still show).
_HEADINGS = {
    "demand_name": "Demand",
    "demand_file": "Demand file",
    "sl_target": "Service level target",
    "threshold_seconds": "Answered within (seconds)",
    "sl_definition": "Service level counts",
    "max_blocking": "Max blocking rate",
    "calls_per_week": "Calls per week",
    "file": "Profile file",
    "aht_seconds": "Handle time (seconds)",
    "lines": "Phone lines",
    "currency": "Rate currency",
    "rate_in_base": "Rate ({money})",
    "peak_scheduled_agents": "Peak heads (scheduled agents)",
    "billable_fte": "Billable FTE",
    "fte_to_hire": "FTE to hire",
    "infeasible": "Why not feasible",
    "weekly_cost": "Weekly cost ({money})",
    "setup_fee_per_month": "Setup fee per month ({money})",
    "monthly_cost": "Monthly cost ({money})",
    "cost_per_call": "Cost per call ({money})",
    "asa_seconds": "Average speed of answer (seconds)",
    "buyer_share_of_seats": "Buyer share of seats",
    "label": "Interval",
    "offered_load_erlangs": "Offered load (erlangs)",
    "scheduled_agents": "Heads (scheduled agents)",
    "binding": "Set by",
    "contract": "Contract cost over the term",
    "setup_fee": "Set-up fee ({money})",
    "months": "Months",
    "transition_training": "Starting agents' training ({money})",
    "ramp": "Ramp ({money})",
    "run": "Run, escalated ({money})",
    "replacement_training": "Leavers' replacement training ({money})",
    "total": "Total ({money})",
    "training_billed": "Training billed",
}
# Columns a reader looks for first (names, money, feasibility), then the rest in field order.
_LEADING = (
    "vendor", "monthly_cost", "cost_per_call", "feasible", "peak_agents",
    "peak_scheduled_agents", "billable_fte", "fte_to_hire", "service_level", "abandon_rate",
    "asa_seconds",
)  # fmt: skip
_TRAILING = ("file", "notes")  # long text, read last
_MAX_COLUMNS = 14  # a wider table is split, each part repeating its key column
_TEXT_WIDTH = 26  # text wraps at this width (names and the first column may take 40)


def _heading(name: str, money: str = "") -> str:
    words = _HEADINGS.get(name)
    if words is None:
        return name.replace("_", " ").capitalize()
    return words.format(money=money) if money else words.replace(" ({money})", "")


def _ordered(names: Sequence[str]) -> list[str]:
    if "vendor" not in names:  # a vendor's own rows (intervals) keep their field order
        return list(names)
    lead = [n for n in _LEADING if n in names]
    trail = [n for n in _TRAILING if n in names and n not in lead]
    return lead + [n for n in names if n not in lead and n not in trail] + trail


def _split(tables: list[TableSpec]) -> list[TableSpec]:
    """Tables wider than a printed page split into parts, each keeping the first column."""
    out: list[TableSpec] = []
    for title, headers, rows in tables:
        if len(headers) <= _MAX_COLUMNS:
            out.append((title, headers, rows))
            continue
        step = _MAX_COLUMNS - 1
        parts = range(1, len(headers), step)
        for k, start in enumerate(parts, 1):
            cols = [0, *range(start, min(start + step, len(headers)))]
            name = f"{title} ({k} of {len(parts)})" if title else f"({k} of {len(parts)})"
            out.append((name, [headers[c] for c in cols], [[r[c] for c in cols] for r in rows]))
    return out


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
_CURRENCY_UNIT = re.compile(r"^(?P<words>.*) \((?P<unit>[A-Z]{3})\)$")


def _number_style(header: str) -> str:
    unit = _CURRENCY_UNIT.match(header)
    if unit:  # money: whole units, cents where one figure is small (a rate, a call)
        words = unit.group("words").lower()
        return "money2" if words.startswith(("rate", "cost per")) else "money"
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


def write_analysis(
    wb: Workbook,
    styles: Styles,
    title: str,
    result: object,
    *,
    preamble: Callable[[WriteOnlyWorksheet], list[list[object]]] | None = None,
) -> None:
    """One sheet of tables for a staffing or sensitivity result (values as given, unchanged).

    `preamble` gives the rows printed above the tables (a stamp); they repeat on every page.
    """
    ws: WriteOnlyWorksheet = new_sheet(wb, title)
    tables = analysis_tables(result, money=str(getattr(result, "base_currency", "")))
    if not callable(getattr(result, "excel_tables", None)):  # a hook lays out its own tables
        tables = _split(tables)
    table = Table(ws)
    for _, headers, rows in tables:
        table.fit_rows([[max(str(h).split(), key=len, default="") for h in headers]], minimum=9)
        for values in rows:
            for i, value in enumerate(values, start=1):
                text = _shown(value)
                wraps = isinstance(text, str) and " " in text.strip() and i > 1
                table.fit(i, text, minimum=9, maximum=_TEXT_WIDTH if wraps else 50)
    table.apply_widths()
    ws.freeze_panes = "B1"  # the first column (vendor, criterion) stays in view
    row = 0
    if preamble is not None:
        top = preamble(ws)
        for stamp in top:
            ws.append(stamp)
        ws.append([])
        row = len(top) + 1
        ws.print_title_rows = f"1:{len(top)}"
    for name, headers, rows in tables:
        if name:
            ws.append([styles.text(ws, name, "title")])
            row += 1
        row += 1
        height = table.row_height([str(h) for h in headers])
        if height:
            ws.row_dimensions[row].height = height  # write-only: before the row
        ws.append([styles.text(ws, h, "header") for h in headers])
        kinds = [_number_style(str(h)) for h in headers]
        scalars = list(headers) == ["", "Value"]
        body = [[_shown(v) for v in values] for values in rows]
        numeric = [any(_is_number(r[i]) for r in body if i < len(r)) for i in range(len(headers))]
        for line in body:
            row += 1
            if scalars:  # a label and its value: the label says what kind of figure it is
                kinds = ["number", _number_style(str(line[0]))]
            height = table.row_height(line)
            if height:
                ws.row_dimensions[row].height = height
            ws.append(
                [
                    _cell(styles, ws, v, kind, right=num)
                    for v, kind, num in zip(line, kinds, numeric, strict=False)
                ]
            )
        ws.append([])
        row += 1


def _shown(value: object) -> str | float | int | None:
    """A value as a cell shows it: yes/no for a flag, lists joined, numbers as numbers."""
    if isinstance(value, bool):
        return YES if value else NO
    shown = cell_text(value)
    return shown if not isinstance(shown, bool) else str(shown)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _cell(
    styles: Styles, ws: WriteOnlyWorksheet, shown: object, kind: str, *, right: bool
) -> object:
    if isinstance(shown, str):
        # Text in a number column ("no limit") lines up with the numbers; long text wraps.
        if " " not in shown.strip():  # a path or a code: one line, never broken mid-word
            return styles.text(ws, shown, "right" if right else "top")
        return styles.text(ws, shown, "wrap_right" if right else "wrap")
    if isinstance(shown, int) and kind == "number":
        return styles.value(ws, shown, "top")
    if isinstance(shown, float | int):
        return styles.value(ws, shown, kind if kind != "number" else "number2")
    return shown
