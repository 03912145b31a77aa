"""Immutable validated records, each field declared once with its pydantic-core schema.

Profiles, criteria and demand files are validated by pydantic's engine, pydantic-core, from
schemas declared here field by field. Declaring them as `pydantic.BaseModel` classes would
cost `vendorscore rank` about 90 ms of class construction on every run, most of its start-up
budget; a record class costs microseconds and its validator about a millisecond, built on
first use. Error types and messages are pydantic's own, and pydantic's JSON Schema generator
reads these schemas for `vendorscore schema` (see `json_schema`).

    class Site(Record):
        city: str | None = optional(TEXT)
        seats: int | None = optional(COUNT)

    site = Site.model_validate({"city": "Cebu"})   # pydantic_core.ValidationError if invalid
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Self, get_args

from pydantic_core import CoreConfig, SchemaValidator, core_schema

__all__ = [
    "ANCHOR",
    "BOOL",
    "COUNT",
    "FRACTION",
    "IDENTIFIER",
    "INTEGER",
    "LINES",
    "MONEY",
    "NON_NEGATIVE",
    "NUMBER",
    "OCCUPANCY_CAP",
    "PATIENCE_SECONDS",
    "POSITIVE",
    "SECONDS",
    "SHRINKAGE",
    "STRICT_TEXT",
    "TEXT",
    "UTILITY",
    "WEIGHT",
    "Locations",
    "Record",
    "after",
    "defaulted",
    "field_schemas",
    "json_schema",
    "literal",
    "number",
    "optional",
    "ref",
    "required",
    "resolve",
    "text",
]

CoreSchema = core_schema.CoreSchema
# Path of keys/indexes into a YAML document -> (line, column), both 1-based.
Locations = Mapping[tuple[str | int, ...], tuple[int, int]]
_CONFIG = CoreConfig(str_strip_whitespace=True)
_MISSING: Any = object()
_REGISTRY: dict[str, type[Record]] = {}


# ---- field vocabulary: numbers are finite and never booleans; fractions are 0..1 everywhere ---


def number(**bounds: float) -> CoreSchema:
    """A finite number (an integer is accepted and becomes a float) within `bounds`."""
    return core_schema.float_schema(strict=True, allow_inf_nan=False, **bounds)  # type: ignore[arg-type]


def after(function: Callable[[Any], Any], schema: core_schema.CoreSchema) -> CoreSchema:
    """`schema`, then `function` (which may raise ValueError with a message for the user)."""
    return core_schema.no_info_after_validator_function(function, schema)


def literal(alias: object) -> CoreSchema:
    """One of the values of a `Literal[...]` type."""
    return core_schema.literal_schema(list(get_args(alias)))


NUMBER = number()
NON_NEGATIVE = number(ge=0)
POSITIVE = number(gt=0)
FRACTION = number(ge=0, le=1)
UTILITY = number(ge=0, le=100)
# Weights are relative; a bound keeps sums finite. Scale anchors are bounded for the same reason.
WEIGHT = number(ge=0, le=1e9)
ANCHOR = number(ge=-1e12, le=1e12)
# Counts (seats, agents, references, months...) stop far beyond any contact centre, so that sums
# and products of them stay finite; other whole numbers stop where a float still holds them.
MAX_COUNT = 1_000_000_000
COUNT = core_schema.int_schema(strict=True, ge=0, le=MAX_COUNT)
INTEGER = core_schema.int_schema(strict=True, ge=-(2**53), le=2**53)
BOOL = core_schema.bool_schema(strict=True)
STRICT_TEXT = core_schema.str_schema(strict=True)
TEXT = core_schema.str_schema(strict=True, min_length=1, max_length=500)


# ---- staffing limits: ranges no contact centre comes near, which keep every staffing search
# short and every derived figure finite. The demand file, vendor profiles and the `erlang`
# calculator share them.
MIN_SECONDS, MAX_SECONDS = 1.0, 86_400.0  # handle time: a second to a day
# Mean caller patience: up to an hour. Erlang X with redials walks the queue position by
# position, and the positions that matter grow with patience over handle time.
MAX_PATIENCE_SECONDS = 3_600.0
MAX_THRESHOLD_SECONDS = 86_400.0  # a service-level threshold of up to a day (e-mail)
MAX_CALLS_PER_HOUR = 10_000_000.0
MIN_CALLS_PER_HOUR = 0.001  # a lower positive rate (one call in 1,000 hours) is no traffic
MIN_HOURS_PER_WEEK = 0.01
MIN_OCCUPANCY_CAP = 0.1
MAX_SHRINKAGE = 0.9
MAX_REDIAL_PROBABILITY = 0.9  # at most 10 attempts per fresh call on average
MAX_LINES = 100_000  # trunks, and the agents the calculator evaluates
MIN_AHT_FACTOR, MAX_AHT_FACTOR = 0.1, 10.0
MAX_MONEY = 1e12  # a rate or fee in any currency's units (10^12 Vietnamese dong is $40M)
MIN_EXCHANGE_RATE, MAX_EXCHANGE_RATE = 1e-9, 1e9

SECONDS = number(ge=MIN_SECONDS, le=MAX_SECONDS)
PATIENCE_SECONDS = number(ge=MIN_SECONDS, le=MAX_PATIENCE_SECONDS)
SHRINKAGE = number(ge=0, le=MAX_SHRINKAGE)
OCCUPANCY_CAP = number(ge=MIN_OCCUPANCY_CAP, le=1)
LINES = core_schema.int_schema(strict=True, ge=1, le=MAX_LINES)
MONEY = number(ge=0, le=MAX_MONEY)


# Ids and free-form keys: letters, digits and _, starting with a letter or _.
IDENTIFIER = core_schema.str_schema(strict=True, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=64)


def text(max_length: int) -> CoreSchema:
    """Text of at most `max_length` characters."""
    return core_schema.str_schema(strict=True, max_length=max_length)


class FieldSpec:
    """How one record field validates: its schema (or a function giving it) and its default."""

    __slots__ = ("alias", "default", "factory", "nullable", "schema")

    def __init__(
        self,
        schema: CoreSchema | Callable[[], CoreSchema],
        *,
        default: Any = _MISSING,
        factory: Callable[[], Any] | None = None,
        nullable: bool = False,
        alias: str | None = None,
    ) -> None:
        self.schema = schema
        self.default = default
        self.factory = factory
        self.nullable = nullable
        self.alias = alias

    def build(self) -> CoreSchema:
        inner = self.schema() if callable(self.schema) else self.schema
        if self.nullable:
            inner = core_schema.nullable_schema(inner)
        if self.factory is not None:
            return core_schema.with_default_schema(inner, default_factory=self.factory)
        if self.default is not _MISSING:
            return core_schema.with_default_schema(inner, default=self.default)
        return inner


def required(schema: CoreSchema | Callable[[], CoreSchema], *, alias: str | None = None) -> Any:
    """A field the document must give."""
    return FieldSpec(schema, alias=alias)


def optional(schema: CoreSchema | Callable[[], CoreSchema], *, alias: str | None = None) -> Any:
    """A field that may be left out or given as null; it is then None."""
    return FieldSpec(schema, default=None, nullable=True, alias=alias)


def defaulted(
    schema: CoreSchema, *, default: Any = _MISSING, factory: Callable[[], Any] | None = None
) -> Any:
    """A field that takes `default` (or `factory()`) when left out; null is refused."""
    return FieldSpec(schema, default=default, factory=factory)


def ref(cls: type[Record]) -> CoreSchema:
    """The schema of a nested record (a reference, so records may nest recursively)."""
    return core_schema.definition_reference_schema(cls.__record_ref__)


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

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields = {n: v for n, v in vars(cls).items() if isinstance(v, FieldSpec)}
        annotated = [
            n for n, a in vars(cls).get("__annotations__", {}).items() if "ClassVar" not in str(a)
        ]
        if sorted(annotated) != sorted(fields):
            raise TypeError(f"{cls.__name__}: every annotated field needs a schema, and only those")
        for name in fields:
            delattr(cls, name)
        cls.__record_fields__ = fields
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
        return core_schema.definitions_schema(ref(cls), list(definitions.values()))

    @classmethod
    def own_schema(cls) -> CoreSchema:
        """The schema of this record alone, nested records as references."""
        fields = {
            name: core_schema.model_field(spec.build(), validation_alias=spec.alias)
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
