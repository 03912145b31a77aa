"""Where a value sits in a JSON text (line and column), worked out only when a problem is reported.

Python's `json` keeps no source positions. These functions walk the text again, skipping the
values they do not need with the C decoder, so locating a problem in a 50 MB result takes
milliseconds and a valid file costs nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

__all__ = ["duplicate_key", "line_col", "locate"]

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
# The C string scanner behind json.loads (typeshed does not declare it).
scanstring: Callable[[str, int], tuple[str, int]] = vars(json.decoder)["scanstring"]

Path = tuple[str | int, ...]


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index."""
    index = max(0, min(index, len(text)))
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _space(text: str, i: int) -> int:
    match = _SPACE.match(text, i)
    return match.end() if match else i


def _members(text: str, i: int) -> list[tuple[str | int, int, int]]:
    """(key or index, index of the key or item, index of its value) for the container at `i`."""
    out: list[tuple[str | int, int, int]] = []
    opening = text[i]
    i = _space(text, i + 1)
    n = 0
    while i < len(text) and text[i] not in "]}":
        if opening == "{":
            key_at = i
            key, i = scanstring(text, i + 1)
            i = _space(text, _space(text, i) + 1)  # past the colon
            out.append((key, key_at, i))
        else:
            out.append((n, i, i))
            n += 1
        _, i = _DECODER.raw_decode(text, i)
        i = _space(text, i)
        if i < len(text) and text[i] == ",":
            i = _space(text, i + 1)
    return out


def locate(text: str, path: Path, *, key: bool = False) -> tuple[int, int] | None:
    """Line and column of the value at `path` (of its key with `key=True`); None if not there.

    The text must be valid JSON. For a duplicated key, the last one counts, as in `json.loads`.
    A path that stops short (a missing key) gives the place of the deepest container found.
    """
    try:
        i = _space(text, 0)
        at = i
        for part in path:
            if i >= len(text) or text[i] not in "[{":
                return line_col(text, at)
            hits = [m for m in _members(text, i) if m[0] == part]
            if not hits:
                return line_col(text, i)
            _, key_at, i = hits[-1]
            at = key_at if key else i
        return line_col(text, at)
    except (ValueError, IndexError, RecursionError):
        return None


def duplicate_key(text: str) -> tuple[Path, tuple[int, int]] | None:
    """The path and place of the first key that repeats within one JSON object, if any."""

    def walk(i: int, path: Path) -> tuple[Path, int] | None:
        if text[i] not in "[{":
            return None
        seen: set[str | int] = set()
        for name, key_at, value_at in _members(text, i):
            if name in seen:
                return (*path, name), key_at
            seen.add(name)
            found = walk(value_at, (*path, name))
            if found:
                return found
        return None

    try:
        found = walk(_space(text, 0), ())
    except (ValueError, IndexError, RecursionError):
        return None
    return None if found is None else (found[0], line_col(text, found[1]))
