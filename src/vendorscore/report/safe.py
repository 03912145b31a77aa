"""Untrusted strings made safe to show: control, bidi and invisible characters as escapes.

Vendor profiles come from the vendors: a name could carry a right-to-left override, a zero-width
space or a terminal escape. Every presenter shows text through these functions, so what a reader
sees is what the file says.
"""

from __future__ import annotations

import unicodedata
from typing import Any

__all__ = ["safe_json", "safe_line", "safe_text", "utf16_escapes"]

# Invisible letters (Hangul fillers, the combining grapheme joiner, Khmer inherent vowels):
# Python counts them printable, but a reader sees nothing.
_INVISIBLE = "\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0"


def _unsafe(char: str) -> bool:
    """A character that could hide, reorder or control text: shown as its escape instead.

    Every character Python counts unprintable (controls, format characters such as the bidi
    marks and zero-width spaces, line and paragraph separators, unassigned code points) except
    the visible spaces, and the invisible letters of _INVISIBLE.
    """
    if char.isprintable():
        return char in _INVISIBLE
    return unicodedata.category(char) != "Zs"


def _shows_as_written(text: str) -> bool:
    """Nothing in `text` to escape (checked at C speed, the usual case)."""
    return text.isprintable() and not any(char in text for char in _INVISIBLE)


def safe_text(value: object, *, keep: str = "") -> str:
    """Vendor text made safe to show: control, bidi and invisible characters as escapes.

    `keep` lists characters to leave as they are (line breaks in a spreadsheet cell).
    """
    text = str(value)
    if _shows_as_written(text):
        return text
    return "".join(
        c.encode("unicode_escape").decode("ascii") if c not in keep and _unsafe(c) else c
        for c in text
    )


def safe_json(data: object, **options: Any) -> str:
    """`data` as JSON text: the same data, with every character `safe_text` would escape written
    as a JSON `\\uXXXX` escape (parsers read back the very same text; a terminal shows it)."""
    import json

    text = json.dumps(data, ensure_ascii=False, allow_nan=False, **options)
    if _shows_as_written(text.replace("\n", "")):
        return text  # the usual case
    return "\n".join(
        line
        if _shows_as_written(line)
        else "".join(utf16_escapes(c) if _unsafe(c) else c for c in line)
        for line in text.split("\n")
    )


def utf16_escapes(text: str) -> str:
    """`\\uXXXX` for each UTF-16 unit of `text` (a character beyond U+FFFF takes two), as
    JSON writes them."""
    units = text.encode("utf-16-be")
    return "".join(
        f"\\u{int.from_bytes(units[i : i + 2], 'big'):04x}" for i in range(0, len(units), 2)
    )


def safe_line(value: object) -> str:
    """One line of a message, safe for a terminal: every line break escaped, as `\\n`.

    As `safe_text`: control characters (newlines included), the Unicode line and paragraph
    separators and every bidi or invisible character are escaped, so the message stays on one
    line and reads as written.
    """
    return safe_text(value)
