"""Annotations against schemas: is a record field's type exactly what its schema gives?

Both sides become a "shape", a type as comparable data: a class, None, "any", ("list", item),
("dict", key, value), ("tuple", items), ("literal", values), or a frozenset of a union's members.
Annotation text is read by a small parser rather than `eval`: evaluating `X | None` for a
`Literal` alias builds a typing.Union, and a profile's fields would cost milliseconds of
start-up. Text the parser does not know is evaluated after all.
"""

from __future__ import annotations

import datetime as dt
import sys
import types
from collections.abc import Mapping
from typing import Any, ClassVar, Literal, Union, get_args, get_origin

from pydantic_core import core_schema

from vendorscore.model.schemas import UNKNOWN, Schema

__all__ = ["CLASS_VAR", "Shape", "annotation_shapes", "check_annotation"]

CoreSchema = core_schema.CoreSchema
Records = Mapping[str, type]  # record classes by their schema reference

Shape = object


# Annotation text -> its parsed form, names not yet looked up (None: the parser cannot read it).
# Names are looked up on every use: a reloaded module has new classes under the same names.
_FORMS: dict[str, Form | None] = {}
_BUILTIN_SHAPES: dict[str, Shape] = {
    "None": None, "int": int, "float": float, "str": str, "bool": bool, "Any": "any",
}  # fmt: skip
CLASS_VAR = "classvar"
_NULLABLE: dict[Shape, Shape] = {}  # a shape -> the same or None (optional fields share a few)
# A parsed annotation: ("name", dotted), ("union", forms), ("list" | "dict" | "tuple", forms),
# ("literal", values) or ("classvar",).
Form = tuple[Any, ...]


def annotation_shapes(cls: type) -> dict[str, Shape]:
    """The class's own annotations as shapes (the class itself resolves by its name)."""
    raw: dict[str, object] = vars(cls).get("__annotations__", {})
    module = vars(sys.modules[cls.__module__])
    shapes: dict[str, Shape] = {}
    for name, annotation in raw.items():
        if not isinstance(annotation, str):
            shapes[name] = _shape_of_type(annotation)
            continue
        if annotation not in _FORMS:
            _FORMS[annotation] = _parse(annotation)
        form = _FORMS[annotation]
        try:
            if form is None:
                raise _Unparsed
            shapes[name] = _shape_of_form(form, module, cls)
        except _Unparsed:
            value = eval(annotation, module, {cls.__name__: cls})  # the class's own source text
            shapes[name] = _shape_of_type(value)
    return shapes


def _parse(text: str) -> Form | None:
    """The form of annotation text, or None when it needs evaluating."""
    if "[" not in text and "'" not in text and '"' not in text:  # `float | None`, `Site`
        names = [("name", n.strip()) for n in text.split("|")]
        if all(n[1].replace(".", "").replace("_", "").isalnum() for n in names):
            return names[0] if len(names) == 1 else ("union", tuple(names))
    try:
        return _Parser(text).parse()
    except _Unparsed:
        return None


def _shape_of_form(form: Form, module: Mapping[str, object], cls: type) -> Shape:
    kind = form[0]
    if kind == "name":
        dotted: str = form[1]
        if dotted in _BUILTIN_SHAPES:
            return _BUILTIN_SHAPES[dotted]
        first, *rest = dotted.split(".")
        if first == cls.__name__:
            value: object = cls
        elif first in module:
            value = module[first]
        else:
            raise _Unparsed
        for part in rest:
            value = getattr(value, part)
        return _shape_of_type(value)
    if kind == "union":
        return _union([_shape_of_form(f, module, cls) for f in form[1]])
    if kind == "tuple":
        return ("tuple", tuple(_shape_of_form(f, module, cls) for f in form[1]))
    if kind in ("list", "dict"):
        return (kind, *(_shape_of_form(f, module, cls) for f in form[1]))
    if kind == "literal":
        return form
    return CLASS_VAR


def _tokens(text: str) -> list[tuple[str | None, str | None, str | None]]:
    """(name, literal, punctuation) tokens of annotation text; a regex would cost start-up."""
    out: list[tuple[str | None, str | None, str | None]] = []
    i, end = 0, len(text)
    while i < end:
        c = text[i]
        j = i + 1
        if c.isspace():
            pass
        elif c.isalpha() or c == "_":
            while j < end and (text[j].isalnum() or text[j] in "_."):
                j += 1
            out.append((text[i:j], None, None))
        elif c in "'\"":
            j = text.find(c, j) + 1
            if j == 0:
                raise _Unparsed
            out.append((None, text[i:j], None))
        elif c.isdigit() or c == "-":
            while j < end and (text[j].isdigit() or text[j] == "."):
                j += 1
            out.append((None, text[i:j], None))
        else:
            out.append((None, None, c))
        i = j
    return out


class _Unparsed(Exception):
    """Annotation text beyond the parser: evaluate it instead."""


class _Parser:
    """`A | B`, `name[args]`, dotted names and Literal values, to a form (names not looked up)."""

    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.at = 0

    def parse(self) -> Form:
        form = self._union()
        if self.at != len(self.tokens):
            raise _Unparsed
        return form

    def _peek(self) -> str | None:
        return self.tokens[self.at][2] if self.at < len(self.tokens) else None

    def _union(self) -> Form:
        members = [self._term()]
        while self._peek() == "|":
            self.at += 1
            members.append(self._term())
        return members[0] if len(members) == 1 else ("union", tuple(members))

    def _term(self) -> Form:
        name = self.tokens[self.at][0] if self.at < len(self.tokens) else None
        if name is None:
            raise _Unparsed
        self.at += 1
        if self._peek() != "[":
            if name in ("ClassVar", "typing.ClassVar"):
                return ("classvar",)
            return ("name", name)
        self.at += 1
        if name in ("Literal", "typing.Literal"):
            form: Form = ("literal", frozenset(self._literals()))
        elif name in ("ClassVar", "typing.ClassVar"):
            self._args()
            form = ("classvar",)
        elif name in ("list", "dict", "tuple"):
            form = (name, tuple(self._args()))
        else:
            raise _Unparsed  # Optional[...], Union[...] and other generics: evaluate them
        if self._peek() != "]":
            raise _Unparsed
        self.at += 1
        return form

    def _args(self) -> list[Form]:
        args = [self._union()]
        while self._peek() == ",":
            self.at += 1
            args.append(self._union())
        return args

    def _literals(self) -> list[object]:
        values: list[object] = []
        while self.at < len(self.tokens):
            token = self.tokens[self.at][1]
            if token is None or "\\" in token:
                break
            values.append(
                token[1:-1] if token[0] in "'\"" else float(token) if "." in token else int(token)
            )
            self.at += 1
            if self._peek() == ",":
                self.at += 1
        return values


def check_annotation(
    where: str, annotated: Shape, schema: Schema[Any], *, nullable: bool, records: Records
) -> None:
    """TypeError when an annotation is not exactly the type a field's schema gives."""
    if schema.shape is UNKNOWN:  # the vocabulary's schemas serve many fields: work it out once
        schema.shape = _shape_of_schema(schema.core, records)
    given = schema.shape
    if nullable:
        given = _NULLABLE.get(given) or _NULLABLE.setdefault(given, _union([given, None]))
    if annotated != given:
        raise TypeError(
            f"{where} is annotated {_show(annotated)}, but its schema gives {_show(given)}; "
            "make the annotation say what the schema validates to"
        )


def _union(members: list[Shape]) -> Shape:
    flat: set[Shape] = set()
    for m in members:
        flat |= m if isinstance(m, frozenset) else {m}
    return next(iter(flat)) if len(flat) == 1 else frozenset(flat)


def _shape_of_type(hint: object) -> Shape:
    """The shape of an evaluated annotation (or of an alias it names)."""
    origin, args = get_origin(hint), get_args(hint)
    if hint is None or hint is type(None):
        return None
    if hint is Any:
        return "any"
    if origin in (Union, types.UnionType):
        return _union([_shape_of_type(a) for a in args])
    if origin is Literal:
        return ("literal", frozenset(args))
    if origin is ClassVar or hint is ClassVar:
        return CLASS_VAR
    if origin in (list, dict, tuple):
        shapes = tuple(_shape_of_type(a) for a in args)
        return ("tuple", shapes) if origin is tuple else (origin.__name__, *shapes)
    return hint


_SCALARS: dict[str, type] = {"str": str, "int": int, "float": float, "bool": bool}


def _shape_of_schema(schema: CoreSchema, records: Records) -> Shape:
    kind = schema["type"]
    if kind in _SCALARS:
        return _SCALARS[kind]
    if kind == "date":
        return dt.date
    if kind == "nullable":
        return _union([_shape_of_schema(schema["schema"], records), None])
    if kind in ("default", "function-after", "function-before", "definitions"):
        return _shape_of_schema(schema["schema"], records)  # validators keep the type (see `after`)
    if kind == "definition-ref":
        return records[schema["schema_ref"]]
    if kind == "literal":
        return ("literal", frozenset(schema["expected"]))
    if kind == "list":
        return ("list", _shape_of_schema(schema.get("items_schema") or {"type": "any"}, records))
    if kind == "dict":
        any_schema: CoreSchema = {"type": "any"}
        keys = _shape_of_schema(schema.get("keys_schema") or any_schema, records)
        return ("dict", keys, _shape_of_schema(schema.get("values_schema") or any_schema, records))
    if kind == "tuple":
        return ("tuple", tuple(_shape_of_schema(s, records) for s in schema["items_schema"]))
    if kind == "union":
        choices = [c[0] if isinstance(c, tuple) else c for c in schema["choices"]]
        return _union([_shape_of_schema(c, records) for c in choices])
    if kind == "any":
        return "any"
    raise TypeError(f"records.py cannot check a field of schema type {kind!r}; teach it")


def _show(shape: Shape) -> str:
    if shape is None:
        return "None"
    if isinstance(shape, frozenset):  # None last, as written
        return " | ".join(sorted((_show(m) for m in shape), key=lambda m: (m == "None", m)))
    if isinstance(shape, tuple):
        if shape[0] == "literal":
            return f"Literal[{', '.join(sorted(map(repr, shape[1])))}]"
        if shape[0] == "tuple":
            return f"tuple[{', '.join(_show(s) for s in shape[1])}]"
        return f"{shape[0]}[{', '.join(_show(s) for s in shape[1:])}]"
    return str(getattr(shape, "__name__", shape))
