"""Immutable validated records, each field declared once with its typed pydantic-core schema.

Profiles, criteria and demand files are validated by pydantic's engine, pydantic-core, from
schemas declared here field by field. Declaring them as `pydantic.BaseModel` classes would
cost `vendorscore rank` about 90 ms of class construction on every run, most of its start-up
budget; a record class costs well under a millisecond and its validator about a millisecond,
built on first use. Error types and messages are pydantic's own, and pydantic's JSON Schema
generator reads these schemas for `vendorscore schema` (see `json_schema`).

    class Site(Record):
        city: str | None = optional(TEXT)
        seats: int | None = optional(COUNT, description="Agent seats at the site.")

    site = Site.model_validate({"city": "Cebu"})   # pydantic_core.ValidationError if invalid

How to add a field
------------------
1. Pick its schema from the vocabulary (model/schemas.py, importable from here too: `NUMBER`,
   `FRACTION`, `COUNT`, `TEXT`, `IDENTIFIER`...), or build one: `number(ge=0, le=10)`,
   `text(2000)`, `list_of(...)`, `dict_of(...)`, `literal(VALUES)`, `after(check, ...)`; a
   nested record is `ref(Record)`.
2. Declare it with its Python type and one of `required(schema)`, `optional(schema)` (may be
   left out or null: then None) or `defaulted(schema, default=...)` (or `factory=`), with
   `description=` for the JSON Schema, in plain words for the person writing the file.
3. The annotation must be exactly what the schema gives. Schemas are typed (`Schema[int]`), so
   mypy sees `a: int | None = optional(TEXT)` as the error it is; and the class refuses to be
   defined (TypeError) when annotation and schema disagree, whatever the type checker saw
   (model/shapes.py compares them; a self-referencing lazy schema is compared when first built).
4. A rule across fields goes in `_check(self)`, raising ValueError with a message for the user.
5. Nothing else: located error messages (inputs/diagnostics.py), the JSON Schema, and the field's
   kind for criteria (scoring/fields.py) all read the schema.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Self, cast, overload

from pydantic_core import CoreConfig, SchemaValidator, core_schema

from vendorscore.model import schemas

# The schema vocabulary, importable from here too (see "How to add a field" above).
from vendorscore.model.schemas import *  # noqa: F403
from vendorscore.model.schemas import Schema, ref
from vendorscore.model.shapes import CLASS_VAR, Shape, annotation_shapes, check_annotation

if TYPE_CHECKING:
    from typing import TypeAlias, TypeVar

    T = TypeVar("T")
    SchemaOrLazy: TypeAlias = Schema[T] | Callable[[], Schema[T]]

__all__ = [
    "Locations",
    "Record",
    "defaulted",
    "field_schemas",
    "json_schema",
    "optional",
    "required",
    "resolve",
]
__all__ += schemas.__all__

CoreSchema = core_schema.CoreSchema
# Path of keys/indexes into a YAML document -> (line, column), both 1-based.
Locations = Mapping[tuple[str | int, ...], tuple[int, int]]
_CONFIG = CoreConfig(str_strip_whitespace=True)
_MISSING: Any = object()
_REGISTRY: dict[str, type[Record]] = {}


# ---- fields -------------------------------------------------------------------------------------


class FieldSpec:
    """How one record field validates: its schema (or a function giving it) and its default."""

    __slots__ = ("alias", "default", "description", "factory", "hint", "nullable", "schema")

    def __init__(
        self,
        schema: SchemaOrLazy[Any],
        *,
        default: Any = _MISSING,
        factory: Callable[[], Any] | None = None,
        nullable: bool = False,
        alias: str | None = None,
        description: str | None = None,
    ) -> None:
        self.schema = schema
        self.default = default
        self.factory = factory
        self.nullable = nullable
        self.alias = alias
        self.description = description
        self.hint: tuple[str, Shape] | None = None  # (where, annotation) until checked

    def value_schema(self) -> CoreSchema:
        """The schema of the field's value, checked against its annotation on first use."""
        if callable(self.schema):
            self.schema = self.schema()  # a lazy schema: records nesting themselves
        if self.hint is not None:
            where, annotation = self.hint
            self.hint = None
            check_annotation(
                where, annotation, self.schema, nullable=self.nullable, records=_REGISTRY
            )
        return self.schema.core

    def build(self) -> CoreSchema:
        """The field's complete schema: its value, null when optional, its default."""
        inner = self.value_schema()
        if self.nullable:
            inner = core_schema.nullable_schema(inner)
        if self.factory is not None:
            return core_schema.with_default_schema(inner, default_factory=self.factory)
        if self.default is not _MISSING:
            return core_schema.with_default_schema(inner, default=self.default)
        return inner


# The field functions return a FieldSpec, typed as the value it declares (as dataclasses.field
# is): the class swaps each FieldSpec for the validated value, so the attribute really holds T.
def required(
    schema: SchemaOrLazy[T], *, alias: str | None = None, description: str | None = None
) -> T:
    """A field the document must give."""
    return cast("T", FieldSpec(schema, alias=alias, description=description))


def optional(
    schema: SchemaOrLazy[T], *, alias: str | None = None, description: str | None = None
) -> T | None:
    """A field that may be left out or given as null; it is then None."""
    spec = FieldSpec(schema, default=None, nullable=True, alias=alias, description=description)
    return cast("T | None", spec)


@overload
def defaulted(schema: Schema[T], *, default: T, description: str | None = None) -> T: ...
@overload
def defaulted(
    schema: Schema[T], *, factory: Callable[[], T], description: str | None = None
) -> T: ...
def defaulted(
    schema: Schema[T],
    *,
    default: Any = _MISSING,
    factory: Callable[[], T] | None = None,
    description: str | None = None,
) -> T:
    """A field that takes `default` (or `factory()`) when left out; null is refused."""
    return cast("T", FieldSpec(schema, default=default, factory=factory, description=description))


class Record:
    """Base of validated records: attributes from the document, immutable, compared by value.

    A subclass may define `_check(self) -> None`, run after its fields validate, raising
    ValueError for rules that span fields.
    """

    # What pydantic-core sets on the records it builds.
    __slots__ = (
        "__dict__",
        "__pydantic_extra__",
        "__pydantic_fields_set__",
        "__pydantic_private__",
    )
    __pydantic_fields_set__: set[str]
    __record_fields__: ClassVar[dict[str, FieldSpec]]
    __record_ref__: ClassVar[str]
    # Read by pydantic's JSON Schema generator as a model's configuration (and, by pydantic
    # before 2.7, whether the model is a RootModel).
    model_config: ClassVar[dict[str, Any]] = {"extra": "forbid"}
    __pydantic_root_model__: ClassVar[bool] = False
    _validator: ClassVar[SchemaValidator | None] = None

    def __init_subclass__(
        cls, *, fields: Mapping[str, object] | None = None, **kwargs: Any
    ) -> None:
        """Collect the fields: annotated class attributes, then any `fields=` from a registry.

        `class ScaleSpec(Record, fields={...})` declares fields a registry builds; they have no
        annotation, so their type is their schema's (code reaches them through properties).
        """
        super().__init_subclass__(**kwargs)
        declared = {n: v for n, v in vars(cls).items() if isinstance(v, FieldSpec)}
        hints = annotation_shapes(cls)
        for name, hint in hints.items():
            spec = declared.get(name)
            if spec is None:
                if hint != CLASS_VAR:
                    raise TypeError(f"{cls.__name__}.{name}: a field needs a schema")
                continue
            spec.hint = (f"{cls.__name__}.{name}", hint)
            if not callable(spec.schema):  # a lazy schema is checked when first built
                spec.value_schema()
        unannotated = sorted(set(declared) - set(hints))
        if unannotated:
            raise TypeError(f"{cls.__name__}.{unannotated[0]}: a field needs a type annotation")
        for name in declared:
            delattr(cls, name)
        fields = fields or {}
        built = {n: v for n, v in fields.items() if isinstance(v, FieldSpec)}
        if len(built) != len(fields) or set(built) & set(declared):
            raise TypeError(f"{cls.__name__}: fields= takes new required/optional/defaulted fields")
        cls.__record_fields__ = {**declared, **built}
        cls.__record_ref__ = f"{cls.__module__}.{cls.__qualname__}"
        cls._validator = None
        _REGISTRY[cls.__record_ref__] = cls

    def __init__(self, **data: Any) -> None:
        validated = type(self).model_validate(data)
        object.__setattr__(self, "__dict__", validated.__dict__)
        object.__setattr__(self, "__pydantic_fields_set__", validated.__pydantic_fields_set__)

    @classmethod
    def model_validate(cls, data: object) -> Self:
        """A validated record from plain data; pydantic_core.ValidationError lists every problem."""
        if cls._validator is None:
            cls._validator = SchemaValidator(cls.core_schema())
        result: Self = cls._validator.validate_python(data)
        return result

    @classmethod
    def core_schema(cls) -> CoreSchema:
        """This record's complete pydantic-core schema, with every record it nests."""
        definitions: dict[str, CoreSchema] = {}
        pending = [cls.__record_ref__]
        while pending:
            name = pending.pop()
            if name not in definitions:
                definitions[name] = _REGISTRY[name].own_schema()
                pending.extend(_references(definitions[name]))
        return core_schema.definitions_schema(ref(cls).core, list(definitions.values()))

    @classmethod
    def own_schema(cls) -> CoreSchema:
        """The schema of this record alone, nested records as references."""
        fields = {
            name: core_schema.model_field(
                spec.build(), validation_alias=spec.alias, metadata=_json_updates(spec)
            )
            for name, spec in cls.__record_fields__.items()
        }
        inner = core_schema.model_fields_schema(
            fields, model_name=cls.__name__, extra_behavior="forbid"
        )
        check = getattr(cls, "_check", None)
        if check is None:
            return core_schema.model_schema(cls, inner, config=_CONFIG, ref=cls.__record_ref__)
        schema = core_schema.model_schema(cls, inner, config=_CONFIG)
        return core_schema.no_info_after_validator_function(
            _run_check, schema, ref=cls.__record_ref__
        )

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Self:
        """A copy with some fields replaced (not validated again, as in pydantic)."""
        copy = object.__new__(type(self))
        object.__setattr__(copy, "__dict__", {**self.__dict__, **(update or {})})
        fields_set = set(self.__pydantic_fields_set__) | set(update or {})
        object.__setattr__(copy, "__pydantic_fields_set__", fields_set)
        return copy

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; use model_copy(update=...)")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self), *self.__dict__.values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items() if v is not None)
        return f"{type(self).__name__}({shown})"


def _run_check(record: Record) -> Record:
    record._check()  # type: ignore[attr-defined]
    return record


def _json_updates(spec: FieldSpec) -> dict[str, Any] | None:
    """Field metadata pydantic's JSON Schema generator applies to the field (its description)."""
    if spec.description is None:
        return None
    updates = {"description": spec.description}
    return {"pydantic_js_annotation_functions": [lambda s, handler: {**handler(s), **updates}]}


def _references(schema: object) -> list[str]:
    """Names of the records a schema refers to."""
    found: list[str] = []
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("type") == "definition-ref":
                found.append(node["schema_ref"])
            stack.extend(node.values())
        elif isinstance(node, list | tuple):
            stack.extend(node)
    return found


def resolve(schema: CoreSchema) -> CoreSchema:
    """The schema that does the work: past nullable, defaults, validator functions, references."""
    while True:
        kind = schema["type"]
        if kind in ("nullable", "default", "function-after", "function-before", "definitions"):
            schema = schema["schema"]
        elif kind == "definition-ref":
            schema = _REGISTRY[schema["schema_ref"]].own_schema()
        else:
            return schema


def field_schemas(cls: type[Record]) -> dict[str, CoreSchema]:
    """Each field's schema by the key a document uses for it (its alias or its name)."""
    return {spec.alias or name: spec.build() for name, spec in cls.__record_fields__.items()}


def json_schema(cls: type[Record], title: str) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a record's documents, by pydantic's generator."""
    from pydantic.json_schema import GenerateJsonSchema

    schema = GenerateJsonSchema(by_alias=True).generate(cls.core_schema(), mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema
