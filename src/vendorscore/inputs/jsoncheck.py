"""Checks of untrusted JSON data, key by key, collecting every problem with its path."""

from __future__ import annotations

import math
from typing import Any

__all__ = ["MAX_LIST", "MAX_TEXT", "JsonChecker", "JsonPath", "describe"]

MAX_TEXT = 10_000  # characters of one text value
MAX_LIST = 10_000  # items of one list

JsonPath = tuple[str | int, ...]


def describe(value: object) -> str:
    """A user's value in a message; imported only on bad input (diagnostics loads pydantic)."""
    from vendorscore.inputs.diagnostics import describe_value

    return describe_value(value)


# The exact Python types `json.loads` gives for each kind (bool is not a number here).
_TYPES: dict[str, tuple[type, ...]] = {
    "text": (str,),
    "number": (float,),  # an int is accepted too
    "int": (int,),
    "bool": (bool,),
    "list": (list,),
    "object": (dict,),
}
_WORDS = {
    "text": "text",
    "number": "a number",
    "int": "a whole number",
    "bool": "true or false",
    "list": "a list",
    "object": "an object",
}


class JsonChecker:
    """Key-by-key checks of JSON data; collects (path, message, about-the-key) problems."""

    def __init__(self) -> None:
        self.problems: list[tuple[JsonPath, str, bool]] = []

    def fail(self, path: JsonPath, message: str, *, on_key: bool = False) -> None:
        """Record one problem at `path`."""
        self.problems.append(
            (path, f"{'.'.join(map(str, path)) or 'the document'}: {message}", on_key)
        )

    def get(self, obj: dict[str, Any], key: str, path: JsonPath, kind: str, **rules: Any) -> Any:
        """`obj[key]` checked to be of `kind` (with `rules`); None (and a problem) when not."""
        here = (*path, key)
        if key not in obj:
            if rules.get("optional"):
                return rules.get("default")
            self.fail(path, f"missing key '{key}'")
            return None
        return self.value(obj[key], here, kind, **rules)

    def value(self, value: Any, path: JsonPath, kind: str, **rules: Any) -> Any:
        """`value` checked to be of `kind`: text, number, int, bool, choice, list, object."""
        if value is None and rules.get("nullable"):
            return None
        kind_of = type(value)
        ok = (
            value in rules.get("choices", ())
            if kind == "choice"
            else kind_of in _TYPES[kind] or (kind == "number" and kind_of is int)
        )
        if not ok:
            words = _WORDS.get(kind) or "one of: " + ", ".join(rules.get("choices", ()))
            null = " or null" if rules.get("nullable") else ""
            self.fail(path, f"must be {words}{null}, got {describe(value)}")
            return None
        if kind == "text" and not rules.get("empty", False) and not value.strip():
            self.fail(path, "must not be empty")
            return None
        if kind == "text" and len(value) > rules.get("max", MAX_TEXT):
            self.fail(path, f"too long (at most {rules.get('max', MAX_TEXT):,} characters)")
            return None
        if kind == "list" and len(value) > rules.get("max", MAX_LIST):
            self.fail(path, f"too many items (at most {rules.get('max', MAX_LIST):,})")
            return None
        if kind == "number":
            low, high = rules.get("low", -math.inf), rules.get("high", math.inf)
            if not math.isfinite(value):
                self.fail(path, f"must be a finite number, got {describe(value)}")
                return None
            if not low <= value <= high:
                self.fail(path, f"must be between {low:g} and {high:g}, got {describe(value)}")
                return None
            return float(value)
        return value

    def texts(self, obj: dict[str, Any], key: str, path: JsonPath) -> tuple[str, ...]:
        """A list of text at `obj[key]`."""
        items = self.get(obj, key, path, "list") or []
        return tuple(
            t
            for i, x in enumerate(items)
            if (t := self.value(x, (*path, key, i), "text", empty=True)) is not None
        )
