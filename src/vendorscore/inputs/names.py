"""Vendor names compared as a reader sees them: one name, however it is encoded or disguised.

Two names are the same vendor when they are equal after NFKC normalisation, case folding and
the removal of invisible characters (`name_key`), or when their UTS #39 confusable skeletons
are equal (`look_alike_keys`): `Ārzonas` composed or decomposed, `Acme` with a trailing
zero-width space, or `Prairie Voice Оmaha` with a Cyrillic `О`, all read as one name on screen.

The skeleton follows UTS #39 section 4 (NFD, then each character replaced by its prototype from
Unicode's confusables.txt, then NFD). The table comes from the `confusable_homoglyphs` package,
which stores each confusables.txt row both ways; it is read, and its prototypes worked out, only
when a name has a character that is neither ASCII nor a combining accent. Names in plain or
accented Latin letters (`Medellín`, decomposed) need only the table's rows for those
characters, kept here and checked against the package by tests/test_names.py.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

__all__ = ["how_names_differ", "look_alike_keys", "name_key", "skeleton"]

# The rows of confusables.txt whose source is ASCII or a combining diacritical mark (U+0300 to
# U+036F), source -> prototype: all a skeleton of accented Latin text needs.
_LATIN_ROWS = {
    "`": "'",
    '"': "''",
    "|": "l",
    "1": "l",
    "I": "l",
    "0": "O",
    "%": "\u00ba/\u2080",
    "m": "rn",
    "\u0305": "\u0304",
    "\u030c": "\u0306",
    "\u0310": "\u0306\u0307",
    "\u0311": "\u0302",
    "\u0315": "\u0313",
    "\u0317": "\u0650",
    "\u0320": "\u0331",
    "\u0321": "\u0326",
    "\u0322": "\u0328",
    "\u0327": "\u0326",
    "\u0336": "\u0335",
    "\u0338": "\u0337",
    "\u0339": "\u0326",
    "\u0340": "\u0300",
    "\u0341": "\u0301",
    "\u0342": "\u0303",
    "\u0343": "\u0313",
    "\u0345": "\u0328",
    "\u0347": "\u0333",
    "\u0357": "\u0350",
    "\u0358": "\u0307",
    "\u0366": "\u030a",
    "\u036e": "\u0306",
}
_LATIN = re.compile("[\x20-\x7e\u0300-\u036f]*")
_LATIN_TABLE = str.maketrans(_LATIN_ROWS)
# Default_Ignorable_Code_Point characters outside category Cf (DerivedCoreProperties.txt):
# invisible, so a name with one reads as the name without it. Cf characters are found by
# category; variation selectors are dropped too (they only pick a glyph variant).
_IGNORABLE_NOT_CF = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u3164\uffa0"
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))
    + "".join(chr(c) for c in range(0xE0100, 0xE01F0))
)


def _visible(text: str) -> str:
    """`text` without invisible characters, its runs of white space as single spaces."""
    if not text.isascii():
        text = "".join(
            c
            for c in text
            if c not in _IGNORABLE_NOT_CF and (c.isprintable() or unicodedata.category(c) != "Cf")
        )
    return " ".join(text.split())


def name_key(name: str) -> str:
    """The name as a key: NFKC, case folded, without invisible characters or repeated spaces."""
    if name.isascii():  # NFKC leaves ASCII as it is
        return " ".join(name.casefold().split())
    folded = unicodedata.normalize("NFKC", _visible(unicodedata.normalize("NFKC", name)).casefold())
    return _visible(folded)


def skeleton(text: str) -> str:
    """The UTS #39 confusable skeleton of `text`: equal skeletons look alike on screen."""
    if text.isascii():  # already NFD, and so are the prototypes of ASCII characters
        return text.translate(_LATIN_TABLE)
    decomposed = unicodedata.normalize("NFD", text)
    if _LATIN.fullmatch(decomposed):
        mapped = decomposed.translate(_LATIN_TABLE)
    else:
        mapped = "".join(_prototype(c) for c in decomposed)
    return unicodedata.normalize("NFD", mapped)


def look_alike_keys(name: str) -> tuple[str, str]:
    """Keys under which look-alike names meet: the skeleton of the case-folded name, and the
    case-folded skeleton of the name as written (`paypaI` and `paypal` meet on the second)."""
    plain = _visible(name if name.isascii() else unicodedata.normalize("NFKC", name))
    return skeleton(name_key(plain)), name_key(skeleton(plain))


def how_names_differ(a: str, b: str) -> str:
    """What tells two names apart that look alike: in words, for a message."""
    ways = []
    spaced = [" ".join(n.split()) for n in (a, b)]
    if any(_visible(n) != s for n, s in zip((a, b), spaced, strict=True)):
        ways.append("invisible characters")
    if any(s != n for n, s in zip((a, b), spaced, strict=True)):
        ways.append("spacing")
    if any(unicodedata.normalize("NFKC", s) != s for s in spaced):
        ways.append("Unicode form")
    if name_key(a) != name_key(b):
        ways.append("look-alike letters")
    elif not ways or a.casefold() == b.casefold():
        ways.append("case")
    return " and ".join(ways)


@cache
def _rows() -> dict[str, list[dict[str, str]]]:
    """The confusable_homoglyphs table: each character -> the rows it shares (read once)."""
    import json
    from pathlib import Path

    import confusable_homoglyphs

    # Only the data file: the package's `confusables` module would also import urllib (for its
    # update command), and importlib.resources costs as much again as reading the table.
    folder = Path(confusable_homoglyphs.__file__).parent
    rows: dict[str, list[dict[str, str]]] = json.loads(
        (folder / "confusables.json").read_text(encoding="utf-8")
    )
    return rows


def _partners(char: str) -> list[str]:
    # Right-to-left characters are stored between U+200E marks taken from the file's comments.
    rows = _rows()
    found = rows.get(char) or rows.get(f"\u200e{char}\u200e") or []
    return [row["c"].replace("\u200e", "") for row in found]


@cache
def _prototype(char: str) -> str:
    """The prototype `char` stands for in confusables.txt (itself when it is none's source).

    The package stores each row both ways: a prototype lists all its sources, a source lists
    its one prototype alone (no prototype is a source). A prototype with a single source is
    indistinguishable from that source; the smaller of the two then stands for both.
    """
    partners = _partners(char)
    if len(partners) != 1:
        return char
    other = partners[0]
    if len(other) > 1:
        # A prototype spelled with characters that stand for a pair is spelled the same way.
        return "".join(_prototype(c) if len(_prototype(c)) == 1 else c for c in other)
    if len(_partners(other)) > 1 or other < char:
        return other
    return char
