"""Validation errors to one located, plain-words problem each."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic_core import ErrorDetails, ValidationError

from vendorscore.errors import Problem
from vendorscore.model.records import Record, field_schemas, ref, resolve

__all__ = ["describe_value", "problems_from_validation"]

Path = tuple[str | int, ...]


def describe_value(value: object) -> str:
    """A short rendering of a user's value for a message (YAML spelling, truncated)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _record_at(record: type[Record], loc: Path) -> type[Record] | None:
    """The record class that the mapping at `loc` is validated by, when it is one."""
    schema = resolve(ref(record).core)
    for part in loc:
        if schema["type"] == "model":
            fields = field_schemas(schema["cls"])
            if part not in fields:
                return None
            schema = resolve(fields[str(part)])
        elif schema["type"] == "list":
            schema = resolve(schema["items_schema"])
        elif schema["type"] == "dict":
            schema = resolve(schema["values_schema"])
        else:
            return None
    return schema["cls"] if schema["type"] == "model" else None


def _keys_of(record: type[Record] | None) -> list[str]:
    return [] if record is None else list(field_schemas(record))


_MEMBER_WORDS = {"bool": "true or false", "int": "a number", "float": "a number", "str": "text"}


def _split_loc(loc: tuple[Any, ...], data: object) -> tuple[Path, bool, tuple[str, ...]]:
    """The real path into `data`, whether the error is about a key, and pydantic's union members.

    Pydantic mixes markers into error paths (`[key]`, `function-after[...]`, `constrained-str`);
    walking the data tells them apart from the user's own keys, which may contain any character.
    """
    path: list[str | int] = []
    markers: list[str] = []
    node = data
    on_key = False
    for part in loc:
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_list or (isinstance(node, dict) and part in node):
            path.append(part)
            node = node[part]  # type: ignore[index]
        elif part == "[key]":
            on_key = True
        elif isinstance(node, dict) and not isinstance(part, int) and not _is_marker(part):
            path.append(part)  # a key that is not in the data: a missing one
            node = None
        else:
            markers.append(str(part))
    return tuple(path), on_key, tuple(markers)


def _is_marker(part: object) -> bool:
    text = str(part)
    return text in _MEMBER_WORDS or "[" in text or text.startswith(("constrained-", "function-"))


def _member_word(marker: str) -> str | None:
    base = marker.removeprefix("constrained-").split("[", 1)[0]
    if base == "list":
        return "a list of text"
    return _MEMBER_WORDS.get(base)


def _dotted(loc: Path) -> str:
    return ".".join(str(p) for p in loc) or "the document"


def _message(err: ErrorDetails, loc: Path, model: type[Record]) -> str:
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    name = _dotted(loc)
    if kind == "extra_forbidden":
        allowed = _keys_of(_record_at(model, loc[:-1]))
        near = _close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        hint = f" (did you mean '{near[0]}'?)" if near else f" (allowed here: {', '.join(allowed)})"
        return f"unknown key '{loc[-1]}'{hint}"
    if kind == "missing":
        return f"missing required key '{loc[-1]}'"
    if kind == "invalid_key":
        return f"unknown key '{loc[-1] if loc else value}'"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        choices = [c.strip() for c in expected.replace(" or ", ",").split(",") if c.strip()]
        near = _close_matches(str(value), choices, n=1, cutoff=0.6)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        listed = ", ".join(choices)
        return f"{name}: {describe_value(value)} is not allowed; use one of: {listed}{hint}"
    if kind in ("float_type", "int_type", "float_parsing", "int_parsing", "int_from_float"):
        whole = kind.startswith("int")
        what = "a whole number" if whole else "a number" + _percent_hint(value)
        return f"{name}: must be {what}, got {describe_value(value)}"
    if kind == "finite_number":
        return f"{name}: must be a finite number, got {describe_value(value)}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        sign = {
            "greater_than_equal": ">=",
            "greater_than": ">",
            "less_than_equal": "<=",
            "less_than": "<",
        }
        bound = next(iter(ctx.values()))
        hint = ""
        if (
            bound == 1
            and kind.startswith("less")
            and isinstance(value, int | float)
            and 2 <= value <= 100
        ):
            hint = f" (fractions are 0..1: write {value:g}% as {value / 100:g})"
        shown = f"{bound:,.0f}" if abs(bound) >= 1_000 and bound == int(bound) else bound
        return f"{name}: must be {sign[kind]} {shown}, got {describe_value(value)}{hint}"
    if kind in ("string_type", "string_sub_type"):
        hint = " (put it in quotes)" if isinstance(value, int | float | bool) else ""
        return f"{name}: must be text, got {describe_value(value)}{hint}"
    if kind == "string_too_short":
        return f"{name}: must not be empty"
    if kind == "string_too_long":
        return f"{name}: too long (at most {ctx.get('max_length')} characters)"
    if kind == "string_pattern_mismatch":
        shown = describe_value(value)
        return f"{name}: {shown} must be letters, digits and _ (starting with a letter)"
    if kind in {"bool_type", "bool_parsing"}:
        shown = describe_value(value)
        return f"{name}: must be true or false, got {shown} (YAML 1.2: only true/false)"
    if kind in ("list_type", "tuple_type"):
        return f"{name}: must be a list, got {describe_value(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{name}: must be a mapping of keys to values, got {describe_value(value)}"
    if kind in ("too_short", "too_long"):
        bound = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        what = "at least" if kind == "too_short" else "at most"
        return f"{name}: must have {what} {bound} item{'s' if bound != 1 else ''}"
    if kind in (
        "date_type",
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
    ):
        return f"{name}: must be a date written YYYY-MM-DD, got {describe_value(value)}"
    if kind == "value_error":
        return (
            f"{name}: {ctx.get('error', err['msg'])}" if loc else str(ctx.get("error", err["msg"]))
        )
    return f"{name}: {err['msg']}"


_PERCENT = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*")


def _percent_hint(value: object) -> str:
    """How to write a percentage typed as text (`'4%'`): as the fraction every field takes."""
    match = _PERCENT.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return ""
    percent = float(match.group(1))
    return f" (write {percent / 100:g} for {percent:g}%)"


def problems_from_validation(
    exc: ValidationError,
    *,
    model: type[Record],
    file: str,
    values: Mapping[Path, tuple[int, int]],
    keys: Mapping[Path, tuple[int, int]],
    data: object,
) -> list[Problem]:
    """One located problem per validation error (one per value for union types), in file order."""
    problems: list[tuple[tuple[int, int], Problem]] = []
    seen: set[tuple[object, ...]] = set()
    errors = exc.errors(include_url=False)
    # A value of a union type fails once per member; say once what the value may be.
    members: dict[tuple[Path, bool], list[str]] = {}
    for err in errors:
        loc, on_key, markers = _split_loc(err["loc"], data)
        words = [w for w in (_member_word(m) for m in markers) if w]
        if len(words) == 1:
            members.setdefault((loc, on_key), []).extend(words)
    for err in errors:
        loc, on_key, _ = _split_loc(err["loc"], data)
        if (loc, on_key) in members and len(set(members[(loc, on_key)])) > 1:
            if (*loc, on_key) in seen:
                continue
            seen.add((*loc, on_key))
            choices = list(dict.fromkeys(members[(loc, on_key)]))
            options = ", ".join(choices[:-1]) + f" or {choices[-1]}"
            message = f"{_dotted(loc)}: must be {options}, got {describe_value(err.get('input'))}"
        else:
            message = _message(err, loc, model)
            if (*loc, on_key, message) in seen:
                continue
            seen.add((*loc, on_key, message))
        if err["type"] in ("extra_forbidden", "invalid_key") or on_key:
            at = keys.get(loc) or values.get(loc)
        elif err["type"] == "missing":
            at = None
        else:
            at = values.get(loc)
        probe = loc
        while at is None and probe:
            probe = probe[:-1]
            at = values.get(probe)
        at = at or (1, 1)
        problems.append((at, Problem(message, file, at[0], at[1])))
    problems.sort(key=lambda p: p[0])
    return [p for _, p in problems]


def _close_matches(word: str, choices: Sequence[str], *, n: int, cutoff: float) -> list[str]:
    """difflib's close matches; difflib is imported only when a suggestion is needed."""
    import difflib

    return difflib.get_close_matches(word, list(choices), n=n, cutoff=cutoff)
