"""Typed pydantic-core schemas: the vocabulary record fields are declared with (see records.py).

A `Schema[T]` is a pydantic-core schema that validates to a `T`; the constructors keep the type
(`list_of(COUNT)` is a `Schema[list[int]]`), so mypy checks each field's annotation against what
its schema gives. Numbers are finite and never booleans; fractions are 0..1 everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, overload

from pydantic_core import core_schema

from vendorscore.model.limits import (
    MAX_AHT_FACTOR,
    MAX_CALLS_PER_HOUR,
    MAX_COUNT,
    MAX_EXCHANGE_RATE,
    MAX_LINES,
    MAX_MONEY,
    MAX_PATIENCE_SECONDS,
    MAX_REDIAL_PROBABILITY,
    MAX_SECONDS,
    MAX_SHRINKAGE,
    MAX_THRESHOLD_SECONDS,
    MIN_AHT_FACTOR,
    MIN_CALLS_PER_HOUR,
    MIN_EXCHANGE_RATE,
    MIN_HOURS_PER_WEEK,
    MIN_OCCUPANCY_CAP,
    MIN_SECONDS,
)

if TYPE_CHECKING:
    import datetime as dt

    from vendorscore.model.records import Record

__all__ = [
    "ANCHOR",
    "BOOL",
    "COUNT",
    "DATE",
    "FRACTION",
    "IDENTIFIER",
    "INTEGER",
    "LAX_BOOL",
    "LAX_NUMBER",
    "LAX_TEXT",
    "LINES",
    "MAX_AHT_FACTOR",
    "MAX_CALLS_PER_HOUR",
    "MAX_COUNT",
    "MAX_EXCHANGE_RATE",
    "MAX_LINES",
    "MAX_MONEY",
    "MAX_PATIENCE_SECONDS",
    "MAX_REDIAL_PROBABILITY",
    "MAX_SECONDS",
    "MAX_SHRINKAGE",
    "MAX_THRESHOLD_SECONDS",
    "MIN_AHT_FACTOR",
    "MIN_CALLS_PER_HOUR",
    "MIN_EXCHANGE_RATE",
    "MIN_HOURS_PER_WEEK",
    "MIN_OCCUPANCY_CAP",
    "MIN_SECONDS",
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
    "Schema",
    "after",
    "before",
    "dict_of",
    "integer",
    "list_of",
    "literal",
    "number",
    "one_of",
    "pair",
    "ref",
    "text",
]

CoreSchema = core_schema.CoreSchema
UNKNOWN: Any = object()  # a Schema's shape before a field is checked against it

if TYPE_CHECKING:  # type variables and Generic cost start-up time; annotations are text
    from typing import Generic, TypeVar

    T = TypeVar("T")
    U = TypeVar("U")
    K = TypeVar("K")
    V = TypeVar("V")
    W = TypeVar("W")
    X = TypeVar("X")
    T_co = TypeVar("T_co", covariant=True)
    R = TypeVar("R", bound="Record")

    class Schema(Generic[T_co]):
        """A pydantic-core schema, typed by the Python value it validates to."""

        __slots__ = ("core", "shape")

        def __init__(self, core: CoreSchema) -> None:
            self.core = core
            self.shape: object = UNKNOWN  # the Python type it gives, once a field is checked

else:

    class Schema:
        """A pydantic-core schema, typed (for mypy) by the Python value it validates to."""

        __slots__ = ("core", "shape")

        def __init__(self, core: CoreSchema) -> None:
            self.core = core
            self.shape: object = UNKNOWN  # the Python type it gives, once a field is checked


def number(**bounds: float) -> Schema[float]:
    """A finite number (an integer is accepted and becomes a float) within `bounds`."""
    return Schema(core_schema.float_schema(strict=True, allow_inf_nan=False, **bounds))  # type: ignore[arg-type]


def integer(**bounds: int) -> Schema[int]:
    """A whole number (never a boolean or a float) within `bounds`."""
    return Schema(core_schema.int_schema(strict=True, **bounds))  # type: ignore[arg-type]


def text(max_length: int | None = None, *, min_length: int | None = None) -> Schema[str]:
    """Text of at most `max_length` (and at least `min_length`) characters."""
    return Schema(core_schema.str_schema(strict=True, min_length=min_length, max_length=max_length))


def literal(values: tuple[T, ...]) -> Schema[T]:
    """One of `values` (write them as `get_args(SomeLiteral)` in a constant typed by it)."""
    return Schema(core_schema.literal_schema(list(values)))


def after(function: Callable[[T], U], schema: Schema[T]) -> Schema[U]:
    """`schema`, then `function` (which may raise ValueError with a message for the user)."""
    return Schema(core_schema.no_info_after_validator_function(function, schema.core))


def before(function: Callable[[Any], object], schema: Schema[T]) -> Schema[T]:
    """`function` on the raw input (to check or reshape it), then `schema`."""
    return Schema(core_schema.no_info_before_validator_function(function, schema.core))


def list_of(
    items: Schema[T], *, min_length: int | None = None, max_length: int | None = None
) -> Schema[list[T]]:
    """A list of `items`."""
    return Schema(core_schema.list_schema(items.core, min_length=min_length, max_length=max_length))


def dict_of(
    keys: Schema[K], values: Schema[V], *, min_length: int | None = None
) -> Schema[dict[K, V]]:
    """A mapping of `keys` to `values`."""
    return Schema(core_schema.dict_schema(keys.core, values.core, min_length=min_length))


def pair(first: Schema[T], second: Schema[U]) -> Schema[tuple[T, U]]:
    """A two-item list read as a tuple (first, second)."""
    return Schema(core_schema.tuple_schema([first.core, second.core]))


@overload
def one_of(a: Schema[T], b: Schema[U], /) -> Schema[T | U]: ...
@overload
def one_of(a: Schema[T], b: Schema[U], c: Schema[W], /) -> Schema[T | U | W]: ...
@overload
def one_of(a: Schema[T], b: Schema[U], c: Schema[W], d: Schema[X], /) -> Schema[T | U | W | X]: ...
@overload
def one_of(
    a: Schema[T], b: Schema[U], c: Schema[W], d: Schema[X], e: Schema[V], /
) -> Schema[T | U | W | X | V]: ...
def one_of(*choices: Schema[Any]) -> Schema[Any]:
    """The first of `choices` that validates (pydantic's smart union)."""
    return Schema(core_schema.union_schema([c.core for c in choices]))


NUMBER = number()
NON_NEGATIVE = number(ge=0)
POSITIVE = number(gt=0)
FRACTION = number(ge=0, le=1)
UTILITY = number(ge=0, le=100)
# Weights are relative; a bound keeps sums finite. Scale anchors are bounded for the same reason.
WEIGHT = number(ge=0, le=1e9)
ANCHOR = number(ge=-1e12, le=1e12)
# Counts stop far beyond any contact centre (limits.py); other whole numbers stop where a float
# still holds them.
COUNT = integer(ge=0, le=MAX_COUNT)
INTEGER = integer(ge=-(2**53), le=2**53)
BOOL: Schema[bool] = Schema(core_schema.bool_schema(strict=True))
STRICT_TEXT = text()
TEXT = text(500, min_length=1)
DATE: Schema[dt.date] = Schema(core_schema.date_schema())
# Lax schemas, for values that pydantic may coerce: mapping keys, and before-validated inputs.
LAX_TEXT: Schema[str] = Schema(core_schema.str_schema())
LAX_BOOL: Schema[bool] = Schema(core_schema.bool_schema())
LAX_NUMBER: Schema[float] = Schema(core_schema.float_schema())
# Ids and free-form keys: letters, digits and _, starting with a letter or _.
IDENTIFIER: Schema[str] = Schema(
    core_schema.str_schema(strict=True, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=64)
)


SECONDS = number(ge=MIN_SECONDS, le=MAX_SECONDS)
PATIENCE_SECONDS = number(ge=MIN_SECONDS, le=MAX_PATIENCE_SECONDS)
SHRINKAGE = number(ge=0, le=MAX_SHRINKAGE)
OCCUPANCY_CAP = number(ge=MIN_OCCUPANCY_CAP, le=1)
LINES = integer(ge=1, le=MAX_LINES)
MONEY = number(ge=0, le=MAX_MONEY)


def ref(cls: type[R]) -> Schema[R]:
    """The schema of a nested record (a reference, so records may nest recursively)."""
    return Schema(core_schema.definition_reference_schema(cls.__record_ref__))
