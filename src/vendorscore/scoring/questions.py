"""The RFP questionnaire: one question per profile field, read from the vendor schema.

Every question (its kind, choices, range, length limit, description) comes from the record
schemas in model/vendor.py, walked as scoring/fields.py walks them, so a new profile field is a
new question with no edit here. A criteria set adds what the vendor schema cannot know: which
questions it scores or requires, and the `extra.*` keys it reads (typed by its scale). Lists of
records (sites) and mappings of records (languages) become tables, one row per item.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from vendorscore.model.codes import COUNTRY, CURRENCY
from vendorscore.model.criteria import Criteria, CriterionNode, Requirement
from vendorscore.model.records import CoreSchema, Record, resolve
from vendorscore.model.vendor import VendorProfile
from vendorscore.scoring.derived_sources import DERIVED_SOURCES
from vendorscore.scoring.requirements import requirement_rule
from vendorscore.scoring.scales import describe_scale

__all__ = [
    "DERIVED_SOURCES",
    "TEMPLATE_VERSION",
    "Question",
    "Questionnaire",
    "Table",
    "build_questionnaire",
    "template_id",
]

# Bump when question ids or the workbook layout change: a response made from another version is
# refused on import (its answers may sit in other cells).
TEMPLATE_VERSION = 1

# The workbook's layout, shared by the writer (report/excel/questionnaire.py) and the reader
# (inputs/rfp_workbook.py): sheet names, the id and answer columns, a table sheet's id row.
INSTRUCTIONS_SHEET = "Instructions"
QUESTIONS_SHEET = "Questions"
META_SHEET = "_vendorscore"
LISTS_SHEET = "_lists"
ID_COLUMN = 1  # A: the question id of each answer row
ANSWER_COLUMN = 3  # C: the answer
QUESTIONS_HEADER_ROW = 3  # the Questions sheet's column headings; questions start below
TABLE_ID_ROW = 5  # a table sheet's row of column ids; its answers start on the next row

Kind = Literal["text", "number", "integer", "bool", "category", "date"]

# Words written in capitals in labels.
_ACRONYMS = frozenset({"rto", "rpo", "sla", "aht", "asa", "fcr", "csat", "qa", "dtmf", "mfa"})
_UNITS = {"seconds": "seconds", "minutes": "minutes", "hours": "hours", "months": "months"}


class Question(NamedTuple):
    """One answer the vendor gives; `many` questions take one answer row per list item."""

    id: str  # the profile path ("pricing.rate"); a table column's is "sites.seats"
    label: str
    kind: Kind
    section: str  # the top-level group ("pricing"), "" for top-level fields
    description: str | None = None
    many: bool = False
    choices: tuple[str, ...] = ()
    code_list: str | None = None  # "country" or "currency": ISO codes, too many to print
    minimum: float | None = None
    maximum: float | None = None
    min_exclusive: bool = False
    max_exclusive: bool = False
    max_length: int | None = None
    unit: str | None = None
    required: bool = False
    scored_by: tuple[str, ...] = ()  # labels of the criteria that score the answer
    required_by: tuple[str, ...] = ()  # knock-out rules on the answer, in words

    @property
    def fraction(self) -> bool:
        """A share within 0..1 (0 to 1, or a narrower range such as shrinkage's 0 to 0.9)."""
        return (
            self.kind == "number"
            and self.minimum is not None
            and self.maximum is not None
            and 0 <= self.minimum < self.maximum <= 1
        )

    @property
    def format(self) -> str:
        """What to write, in words: kind, range or choices, unit, a format example."""
        if self.code_list == "country":
            text = "ISO 3166 two-letter country code, e.g. US, CO, PH"
        elif self.code_list == "currency":
            text = "ISO 4217 currency code, e.g. USD, EUR, PHP"
        elif self.code_list == "language":
            text = "BCP-47 language tag, e.g. en-US, es-MX, fr"
        elif self.kind == "category":
            text = "one of: " + ", ".join(self.choices) if self.choices else "text"
        elif self.kind == "bool":
            text = "yes or no"
        elif self.kind == "date":
            text = "date, YYYY-MM-DD (e.g. 2025-06-30)"
        elif self.kind == "text":
            text = "text" + (f", at most {self.max_length} characters" if self.max_length else "")
            if self.choices:
                text += "; counted: " + ", ".join(self.choices)
        elif self.fraction:
            text = f"fraction {self._range() or '0 to 1'}: write 85% as 0.85 or 85%"
        else:
            noun = "whole number" if self.kind == "integer" else "number"
            bounds = self._range()
            text = noun + (f", {bounds}" if bounds else "")
            if self.unit:
                text += f", in {self.unit}"
        if self.many:
            text = f"one per row: {text}"
        return text

    @property
    def answer_rows(self) -> int:
        """Rows a list question gets in the template: every choice, or room for a long list."""
        if not self.many:
            return 1
        if self.choices and self.kind == "category":
            return len(self.choices)
        return 6 if self.code_list else 8

    def _range(self) -> str:
        low, high = self.minimum, self.maximum
        if low is not None and high is not None:
            lo = f"more than {_num(low)}" if self.min_exclusive else _num(low)
            hi = f"less than {_num(high)}" if self.max_exclusive else _num(high)
            return f"{lo} to {hi}" if not self.min_exclusive else f"{lo}, up to {hi}"
        if low is not None:
            return f"more than {_num(low)}" if self.min_exclusive else f"{_num(low)} or more"
        if high is not None:
            return f"less than {_num(high)}" if self.max_exclusive else f"{_num(high)} or less"
        return ""


class Table(NamedTuple):
    """A list or mapping of records, answered one row per item (sites, languages)."""

    id: str  # the profile field: "sites" or "languages"
    title: str  # the sheet's name: "Sites"
    key: Question | None  # the mapping key column (a language tag); None for a list
    columns: tuple[Question, ...]
    description: str | None = None
    notes: tuple[str, ...] = ()  # what the criteria read from the table, in words
    rows: int = 25  # answer rows in the template


@dataclass(frozen=True)
class Questionnaire:
    """Every question for one criteria set, in schema order, with the tables."""

    criteria_name: str
    criteria_file: str
    criteria_sha256: str
    entries: tuple[Question | Table, ...]  # schema order; a table where its field sits
    requirements: tuple[tuple[str, str, str | None], ...]  # (field, rule, why) knock-outs
    version: int = TEMPLATE_VERSION

    @property
    def questions(self) -> tuple[Question, ...]:
        """The questions answered on the Questions sheet, in order."""
        return tuple(e for e in self.entries if isinstance(e, Question))

    @property
    def tables(self) -> tuple[Table, ...]:
        """The tables, each answered on its own sheet."""
        return tuple(e for e in self.entries if isinstance(e, Table))

    def lookup(self) -> dict[str, Question]:
        """Every question by id, table columns ("sites.seats") and keys ("languages") included."""
        found: dict[str, Question] = {q.id: q for q in self.questions}
        for table in self.tables:
            if table.key is not None:
                found[table.key.id] = table.key
            found.update((c.id, c) for c in table.columns)
        return found


def template_id(path: Iterable[str | int], tables: Iterable[str] = ("sites", "languages")) -> str:
    """A profile path's question id: list indexes and table keys dropped (sites.0.seats -> ...)."""
    parts = list(path)
    if parts and parts[0] in set(tables) and len(parts) >= 2:
        parts = [parts[0], *parts[2:]]
    return ".".join(str(p) for p in parts if not isinstance(p, int))


def _num(x: float) -> str:
    return f"{x:,.0f}" if x == int(x) and abs(x) >= 10_000 else f"{x:g}"


def _label(name: str) -> str:
    words = [w.upper() if w in _ACRONYMS else w for w in name.split("_")]
    text = " ".join(words)
    return text[0].upper() + text[1:] if text else text


def _after_function(schema: object) -> object:
    core: Any = getattr(schema, "core", schema)  # a typed schema wraps its core schema
    return core["function"]["function"] if core.get("type") == "function-after" else None


_CODE_LISTS = {id(_after_function(COUNTRY)): "country", id(_after_function(CURRENCY)): "currency"}


def _unwrap(schema: CoreSchema) -> CoreSchema:
    """Past the default and null wrappers (to see a list or a code list's validator)."""
    while schema["type"] in ("default", "nullable"):
        schema = schema["schema"]
    return schema


def _question(
    path: str, section: str, schema: CoreSchema, description: str | None, *, required: bool
) -> Question:
    inner = _unwrap(schema)
    many = inner["type"] == "list"
    if many:
        inner = _unwrap(inner["items_schema"])
    code_list = (
        _CODE_LISTS.get(id(inner["function"]["function"]))
        if inner["type"] == ("function-after")
        else None
    )
    work = resolve(inner)
    name = path.rsplit(".", 1)[-1]
    common: dict[str, Any] = {
        "description": description,
        "many": many,
        "required": required,
        "code_list": code_list,
    }
    kind = work["type"]
    if kind == "literal":
        choices = tuple(str(c) for c in work["expected"])
        return Question(path, _label(name), "category", section, choices=choices, **common)
    if kind in ("float", "int"):
        low = work.get("ge", work.get("gt"))
        high = work.get("le", work.get("lt"))
        return Question(
            path,
            _label(name),
            "integer" if kind == "int" else "number",
            section,
            minimum=low,
            maximum=high,
            min_exclusive="gt" in work,
            max_exclusive="lt" in work,
            unit=_UNITS.get(name.rsplit("_", 1)[-1]),
            **common,
        )
    if kind == "bool":
        return Question(path, _label(name), "bool", section, **common)
    if kind == "date":
        return Question(path, _label(name), "date", section, **common)
    return Question(
        path, _label(name), "text", section, max_length=work.get("max_length"), **common
    )


def _schema_entries() -> list[Question | Table]:
    """The questions and tables of the vendor schema, in its order (extra keys not included)."""
    entries: list[Question | Table] = []

    def walk(record: type[Record], prefix: str, section: str) -> None:
        for name, spec in record.__record_fields__.items():
            key = spec.alias or name
            path = prefix + key
            built = spec.build()
            work = resolve(built)
            description = getattr(spec, "description", None)
            if work["type"] == "model":
                walk(work["cls"], path + ".", section or key)
            elif work["type"] == "dict":
                values = resolve(work["values_schema"])
                if values["type"] == "model":  # a mapping of records: a keyed table
                    singular = key.removesuffix("s")
                    key_q = Question(path, _label(singular), "text", key, code_list="language")
                    entries.append(_table(path, values["cls"], key_q, description))
            elif work["type"] == "list" and resolve(work["items_schema"])["type"] == "model":
                record = resolve(work["items_schema"])["cls"]
                entries.append(_table(path, record, None, description))
            else:
                required = built["type"] not in ("default", "nullable")
                entries.append(_question(path, section, built, description, required=required))

    walk(VendorProfile, "", "")
    return entries


def _table(path: str, record: type[Record], key: Question | None, description: str | None) -> Table:
    columns = tuple(
        _question(
            f"{path}.{spec.alias or name}",
            path,
            spec.build(),
            getattr(spec, "description", None),
            required=False,
        )
        for name, spec in record.__record_fields__.items()
    )
    return Table(path, _label(path), key, columns, description)


# ---- what the criteria score and require --------------------------------------------------


def _leaves(nodes: Iterable[CriterionNode]) -> Iterable[CriterionNode]:
    for node in nodes:
        if node.criteria is not None:
            yield from _leaves(node.criteria)
        else:
            yield node


_LANGUAGE_PATH = re.compile(r"^languages\.([^.]+)\.([a-z_]+)$")


def build_questionnaire(criteria: Criteria) -> Questionnaire:
    """The questions for `criteria`: the vendor schema's, marked, plus the extra keys it reads."""
    entries = _schema_entries()
    scored: dict[str, list[str]] = {}
    required: dict[str, list[str]] = {}
    notes: dict[str, list[str]] = {}
    extras: dict[str, Question] = {}
    for leaf in _leaves(criteria.spec.criteria):
        if leaf.field is None:  # rated by the buyer's panel, not asked of the vendor
            continue
        label = leaf.label or leaf.id
        _mark(leaf.field, label, scored, notes, "scored")
        if leaf.field.startswith("extra.") and leaf.field not in extras:
            extras[leaf.field] = _extra_question(leaf.field, leaf, None)
    for req in criteria.spec.requirements:
        _mark(req.field, requirement_rule(req), required, notes, "required")
        if req.field.startswith("extra.") and req.field not in extras:
            extras[req.field] = _extra_question(req.field, None, req)
    marked: list[Question | Table] = []
    for entry in entries:
        if isinstance(entry, Table):
            columns = tuple(_marked(c, scored, required) for c in entry.columns)
            marked.append(entry._replace(columns=columns, notes=tuple(notes.get(entry.id, ()))))
        else:
            marked.append(_marked(entry, scored, required))
    marked.extend(_marked(q, scored, required) for q in extras.values())
    return Questionnaire(
        criteria_name=criteria.spec.name,
        criteria_file=criteria.file,
        criteria_sha256=criteria.sha256,
        entries=tuple(marked),
        requirements=tuple(
            (r.field, requirement_rule(r), r.why) for r in criteria.spec.requirements
        ),
    )


def _mark(
    field: str,
    label: str,
    into: dict[str, list[str]],
    notes: dict[str, list[str]],
    verb: str,
) -> None:
    language = _LANGUAGE_PATH.match(field)
    if language:
        tag, column = language.groups()
        into.setdefault(f"languages.{column}", []).append(label)
        notes.setdefault("languages", []).append(f"{verb}: {tag} {column} ({label})")
        return
    if field.startswith("derived."):
        for source in DERIVED_SOURCES.get(field.removeprefix("derived."), ()):
            into.setdefault(source, []).append(label)
        return
    into.setdefault(field, []).append(label)


def _marked(q: Question, scored: dict[str, list[str]], required: dict[str, list[str]]) -> Question:
    return q._replace(
        scored_by=tuple(dict.fromkeys(scored.get(q.id, ()))),
        required_by=tuple(dict.fromkeys(required.get(q.id, ()))),
    )


def _extra_question(path: str, leaf: CriterionNode | None, req: Requirement | None) -> Question:
    """An `extra.*` question typed by what reads it: a scale's kind or a requirement's test."""
    name = path.removeprefix("extra.")
    label = (leaf.label if leaf and leaf.label else None) or _label(name)
    description = leaf.description if leaf else (req.why if req else None)
    if description is None and leaf is not None and leaf.scale is not None:
        description = f"Scored: {describe_scale(leaf.scale)}."
    base = Question(path, label, "number", "extra", description=description, max_length=2000)
    if leaf is not None and leaf.scale is not None:
        kind, settings = leaf.scale.kind, leaf.scale.settings
        if kind == "boolean":
            return base._replace(kind="bool")
        if kind in ("ordinal", "map"):
            return base._replace(kind="category", choices=tuple(settings))
        if kind == "coverage":
            return base._replace(kind="text", many=True, choices=tuple(settings))
        return base
    assert req is not None
    if req.includes is not None:
        return base._replace(kind="text", many=True, choices=tuple(req.includes))
    wanted = [req.equals] if req.equals is not None else list(req.in_ or [])
    if wanted and all(isinstance(v, bool) for v in wanted):
        return base._replace(kind="bool")
    if wanted and all(isinstance(v, str) for v in wanted):
        return base._replace(kind="category", choices=tuple(str(v) for v in wanted))
    return base
