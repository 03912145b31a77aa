"""Dotted field paths into a vendor profile: the kind of value each holds, and its value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from typing import NamedTuple, get_args

from vendorscore.model.codes import canonical_language_tag
from vendorscore.model.records import CoreSchema, Record, field_schemas, resolve
from vendorscore.model.vendor import LanguageSkill, Proficiency, VendorProfile
from vendorscore.scoring.derived import DERIVED_FIELDS, PREFIX, Kind

__all__ = [
    "FieldKind",
    "Kind",
    "field_kind",
    "profile_value",
    "suggest_fields",
]


class FieldKind(NamedTuple):
    """What a field path holds: its kind and, for categories and lists of them, the choices."""

    kind: Kind
    choices: tuple[str, ...] = ()
    needs_demand: bool = False


_WILDCARD = "<key>"


def _kind_of(schema: CoreSchema) -> FieldKind:
    schema = resolve(schema)
    kind = schema["type"]
    if kind == "literal":
        return FieldKind("category", tuple(str(a) for a in schema["expected"]))
    if kind == "list":
        item = _kind_of(schema["items_schema"])
        return FieldKind("list", item.choices)
    return FieldKind(_KINDS.get(kind, "any"))


_KINDS: dict[str, Kind] = {
    "bool": "bool",
    "int": "number",
    "float": "number",
    "str": "text",
    "date": "date",
}


@cache
def _all_paths() -> dict[str, FieldKind | str]:
    """Every addressable path; groups and lists of records map to a marker, not a kind."""
    paths: dict[str, FieldKind | str] = {}

    def walk(record: type[Record], prefix: str) -> None:
        for name, field_schema in field_schemas(record).items():
            path = f"{prefix}{name}"
            schema = resolve(field_schema)
            if schema["type"] == "model":
                paths[path] = "group"
                walk(schema["cls"], path + ".")
            elif schema["type"] == "dict":
                values = resolve(schema["values_schema"])
                paths[path] = "mapping"
                if values["type"] == "model":
                    walk(values["cls"], f"{path}.{_WILDCARD}.")
                else:
                    paths[f"{path}.{_WILDCARD}"] = _kind_of(values)
            elif schema["type"] == "list" and resolve(schema["items_schema"])["type"] == "model":
                paths[path] = "list_of_records"
            else:
                paths[path] = _kind_of(schema)

    walk(VendorProfile, "")
    for name, derived in DERIVED_FIELDS.items():
        paths[PREFIX + name] = FieldKind(derived.kind, needs_demand=derived.needs_demand)
    return paths


def _template(path: str) -> str:
    parts = path.split(".")
    if len(parts) >= 2 and parts[0] in ("languages", "extra"):
        parts[1] = _WILDCARD
    return ".".join(parts)


def field_kind(path: str) -> FieldKind:
    """The kind of value at `path`; ValueError with a hint when no profile can have that path."""
    parts = path.split(".")
    if len(parts) >= 2 and parts[0] == "languages" and parts[1] != canonical_language_tag(parts[1]):
        fixed = ".".join([parts[0], canonical_language_tag(parts[1]), *parts[2:]])
        raise ValueError(f"write the language tag in '{path}' as in profiles: '{fixed}'")
    entry = _all_paths().get(_template(path))
    if isinstance(entry, FieldKind):
        return entry
    if entry == "list_of_records":
        raise ValueError(
            f"'{path}' is a list of records; score it through derived.total_seats, "
            "derived.site_count or derived.site_countries"
        )
    if entry is not None:
        raise ValueError(f"'{path}' is a group of fields; name one of its fields")
    hints = suggest_fields(path)
    hint = f" (did you mean {' or '.join(repr(h) for h in hints)}?)" if hints else ""
    raise ValueError(f"'{path}' is not a field of a vendor profile{hint}")


def suggest_fields(path: str) -> list[str]:
    """Up to three valid paths close to `path`."""
    candidates = [
        p.replace(_WILDCARD, path.split(".")[1] if path.count(".") >= 1 else "en-US")
        for p, e in _all_paths().items()
        if isinstance(e, FieldKind)
    ]
    return _close_matches(path, candidates, n=3, cutoff=0.6)


@cache
def _parts(path: str) -> tuple[str, ...]:
    return tuple(path.split("."))


def profile_value(profile: VendorProfile, path: str) -> object:
    """The raw value at a non-derived `path` in `profile`, or None when it is not given.

    A language tag in a path is a range, as in RFC 4647 filtering: `languages.es.agents` covers
    es, es-MX, es-CO, es-419...; `languages.es-MX.agents` covers es-MX and its own subtags.
    Over several matching entries, `agents` is their sum and `proficiency` the best one.
    """
    parts = _parts(path)
    if parts[0] == "languages" and len(parts) == 3:
        return _language_value(profile.languages, parts[1], parts[2])
    node: object = profile
    for part in parts:
        if node is None:
            return None
        node = node.get(part) if isinstance(node, dict) else getattr(node, part, None)
    if isinstance(node, dt.date):
        return node.isoformat()
    if isinstance(node, list):
        return list(node)
    return node


_PROFICIENCY_ORDER = {level: rank for rank, level in enumerate(get_args(Proficiency))}


def _language_value(
    languages: dict[str, LanguageSkill] | None, language_range: str, name: str
) -> object:
    """`name` (agents or proficiency) over the entries whose tag falls in `language_range`."""
    if not languages:
        return None
    prefix = language_range + "-"
    values = [
        getattr(skill, name)
        for tag, skill in languages.items()
        if tag == language_range or tag.startswith(prefix)
    ]
    given = [v for v in values if v is not None]
    if len(given) <= 1:
        return given[0] if given else None
    if name == "agents":
        return sum(given)
    return min(given, key=_PROFICIENCY_ORDER.__getitem__)  # native ranks first


def _close_matches(word: str, choices: Sequence[str], *, n: int, cutoff: float) -> list[str]:
    """difflib's close matches; difflib is imported only when a suggestion is needed."""
    import difflib

    return difflib.get_close_matches(word, list(choices), n=n, cutoff=cutoff)
