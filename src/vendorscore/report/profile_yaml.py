"""A vendor profile as YAML text: fields in schema order, one per line, safe to read and diff.

Written for profiles imported from questionnaires. Text that a YAML reader could take for
something else (a number, `no`, a date, a key) is double-quoted, and control and bidi characters
are escaped, so the file reads back, with vendorscore or any YAML 1.1 or 1.2 reader, as the
profile it was written from.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from vendorscore.model.records import Record

__all__ = ["profile_yaml", "yaml_scalar"]

_PLAIN = re.compile(r"[^\W\d_][\w .()/&'+-]*", re.UNICODE)
# Words some YAML reader takes for a boolean or null (YAML 1.1 included).
_SPECIAL = frozenset(
    "y n yes no on off true false null ~ nan inf".split()  # noqa: SIM905 - a word list
)
_ESCAPE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_INDENT = "  "


def yaml_scalar(value: object) -> str:
    """One value as a YAML scalar (strings quoted when plain text could be misread)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))  # 20000, not 20000.0: the schema reads it back as a float
        return repr(value)  # the shortest form that reads back as the same float: 0.85, 1e-05
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if (
        _PLAIN.fullmatch(text)
        and text.lower() not in _SPECIAL
        and not text.endswith((" ", ":"))
        and " #" not in text
        and ": " not in text
    ):
        return text
    quoted = json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _comment(text: str) -> str:
    """Text safe inside a `#` comment line (no line breaks or controls)."""
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def profile_yaml(profile: Record, *, header: list[str]) -> str:
    """The YAML document of `profile`, after `header` lines written as comments."""
    lines = [f"# {_comment(h)}" if h else "#" for h in header]
    _record(profile, 0, lines)
    return "\n".join(lines) + "\n"


def _given(record: Record) -> list[tuple[str, object]]:
    """(key, value) of the fields given, in schema order."""
    fields = type(record).__record_fields__.items()
    given = ((spec.alias or name, getattr(record, name)) for name, spec in fields)
    return [(key, value) for key, value in given if value is not None]


def _record(record: Record, depth: int, lines: list[str], first_prefix: str = "") -> None:
    pad = _INDENT * depth
    given = _given(record)
    if not given:  # a list item with no field given
        lines.append(f"{first_prefix or pad}{{}}")
    for i, (key, value) in enumerate(given):
        lead = first_prefix if i == 0 and first_prefix else pad
        _entry(lead + yaml_scalar(key), value, depth, lines)


def _entry(head: str, value: object, depth: int, lines: list[str]) -> None:
    """`head` (indent and key) with its value: inline when scalar, else a nested block."""
    pad = _INDENT * (depth + 1)
    if isinstance(value, Record):
        if not _given(value):
            lines.append(f"{head}: {{}}")
            return
        lines.append(f"{head}:")
        _record(value, depth + 1, lines)
    elif isinstance(value, dict):
        lines.append(f"{head}:" + (" {}" if not value else ""))
        for key, item in value.items():
            _entry(pad + yaml_scalar(key), item, depth + 1, lines)
    elif isinstance(value, list) and value and all(isinstance(v, Record) for v in value):
        lines.append(f"{head}:")
        for item in value:
            _record(item, depth + 2, lines, first_prefix=pad + "- ")
    elif isinstance(value, list):
        lines.append(f"{head}: [{', '.join(yaml_scalar(v) for v in value)}]")
    else:
        lines.append(f"{head}: {yaml_scalar(value)}")
