"""Scale kinds: every kind of value function (raw value -> utility 0..100) in one class each.

A kind is the key a criteria leaf writes under `scale:` (`{linear: {worst: 40, best: 8}}`). Its
class holds everything about it: the schema of what follows the key, any rule across its
settings, the utility function it compiles to, its one-line description, the field kinds it can
score and the values it names (checked against a category field's choices). `ScaleSpec`, the
`scale:` mapping, takes one optional field per kind from `SCALE_KINDS`.

To add a kind: write its class below and add it to `SCALE_KINDS`; nothing else changes
(criteria loading, `criteria show`, the workbook and the JSON Schema all go through here).
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from vendorscore.model.records import (
    ANCHOR,
    LAX_BOOL,
    LAX_TEXT,
    STRICT_TEXT,
    UTILITY,
    Record,
    Schema,
    after,
    dict_of,
    list_of,
    optional,
    pair,
    ref,
    required,
)

__all__ = ["SCALE_KINDS", "ScaleKind", "ScaleSpec", "ScaleValueError"]

Utility = Callable[[object], float]


class ScaleValueError(ValueError):
    """A present value the scale cannot turn into a utility (an unmapped category, a wrong type)."""


class ScaleKind:
    """One kind of scale. Subclasses set the class attributes and write `compile`/`describe`."""

    key: ClassVar[str]  # as written under `scale:` in a criteria file
    fits: ClassVar[tuple[str, ...]]  # field kinds it can score (see scoring/fields.py)
    schema: ClassVar[Schema[object]]  # what follows the key

    def check(self, settings: Any) -> None:
        """Raise ValueError for settings that are each valid but do not make a scale together."""

    def compile(self, settings: Any) -> Utility:
        """The utility function: a present raw value to 0..100, or ScaleValueError."""
        raise NotImplementedError

    def describe(self, settings: Any) -> str:
        """One line for people, e.g. `linear 40 (worst) -> 8 (best)`."""
        raise NotImplementedError

    def names(self, settings: Any) -> Sequence[str]:
        """The values the settings name, which a category field must be able to hold."""
        return ()


def _clamp(u: float) -> float:
    return 0.0 if u < 0.0 else 100.0 if u > 100.0 else u


def _number(value: object) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ScaleValueError(f"{_show(value)} is not a number")
    return float(value)


def _show(value: object) -> str:
    if isinstance(value, str):
        return repr(value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def _fmt(x: float) -> str:
    return f"{x:g}"


class LinearScale(Record):
    worst: float = required(ANCHOR)
    best: float = required(ANCHOR)

    def _check(self) -> None:
        if self.worst == self.best:
            raise ValueError("linear scale needs worst and best to differ")


class Linear(ScaleKind):
    """A straight line from worst (0) to best (100), clamped; either order."""

    key = "linear"
    fits = ("number",)
    schema = ref(LinearScale)

    def compile(self, settings: LinearScale) -> Utility:
        worst, span = settings.worst, settings.best - settings.worst
        return lambda value: _clamp((_number(value) - worst) / span * 100.0)

    def describe(self, settings: LinearScale) -> str:
        return f"linear {_fmt(settings.worst)} (worst) -> {_fmt(settings.best)} (best)"


def _sorted_points(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    if len(points) < 2:
        raise ValueError("piecewise scale needs at least two [x, utility] points")
    xs = [x for x, _ in points]
    if any(b <= a for a, b in itertools.pairwise(xs)):
        raise ValueError("piecewise points must be sorted by x with no repeated x")
    return points


class Piecewise(ScaleKind):
    """Linear between [x, utility] points sorted by x, flat outside them."""

    key = "piecewise"
    fits = ("number",)
    schema = after(_sorted_points, list_of(pair(ANCHOR, UTILITY)))

    def compile(self, settings: list[tuple[float, float]]) -> Utility:
        xs = [x for x, _ in settings]

        def piecewise(value: object) -> float:
            x = _number(value)
            if x <= xs[0]:
                return float(settings[0][1])
            if x >= xs[-1]:
                return float(settings[-1][1])
            i = bisect_right(xs, x)
            (x0, u0), (x1, u1) = settings[i - 1], settings[i]
            return float(u0 + (u1 - u0) * (x - x0) / (x1 - x0))

        return piecewise

    def describe(self, settings: list[tuple[float, float]]) -> str:
        return "piecewise " + " ".join(f"{_fmt(x)}:{_fmt(u)}" for x, u in settings)


def _distinct_items(items: list[str]) -> list[str]:
    if len(set(items)) != len(items):
        dupes = sorted({i for i in items if items.count(i) > 1})
        raise ValueError(f"items must be distinct; repeated: {', '.join(dupes)}")
    return items


class Ordinal(ScaleKind):
    """Levels evenly spaced from the first (0) to the last (100)."""

    key = "ordinal"
    fits = ("category", "text")
    schema = after(_distinct_items, list_of(STRICT_TEXT, min_length=2))

    def compile(self, settings: list[str]) -> Utility:
        step = 100.0 / (len(settings) - 1)
        positions = {level: i * step for i, level in enumerate(settings)}

        def ordinal(value: object) -> float:
            if not isinstance(value, str) or value not in positions:
                raise ScaleValueError(
                    f"{_show(value)} is not on the scale; allowed: {', '.join(settings)}"
                )
            return positions[value]

        return ordinal

    def describe(self, settings: list[str]) -> str:
        return "ordinal " + " < ".join(settings)

    def names(self, settings: list[str]) -> Sequence[str]:
        return settings


class Map(ScaleKind):
    """The utility listed for each value; an unmapped value is an error."""

    key = "map"
    fits = ("category", "text")
    schema = dict_of(LAX_TEXT, UTILITY, min_length=1)

    def compile(self, settings: dict[str, float]) -> Utility:
        def mapped(value: object) -> float:
            if isinstance(value, int | float) and not isinstance(value, bool):
                raise ScaleValueError(
                    f"{_show(value)} is a number; a map scale matches text, "
                    "so score numbers with a linear or piecewise scale"
                )
            if not isinstance(value, str) or value not in settings:
                allowed = ", ".join(settings)
                raise ScaleValueError(
                    f"{_show(value)} has no utility in the map; mapped values: {allowed}"
                )
            return float(settings[value])

        return mapped

    def describe(self, settings: dict[str, float]) -> str:
        return "map " + ", ".join(f"{k}={_fmt(v)}" for k, v in settings.items())

    def names(self, settings: dict[str, float]) -> Sequence[str]:
        return list(settings)


class Boolean(ScaleKind):
    """The utility for true and the utility for false."""

    key = "boolean"
    fits = ("bool",)
    schema = dict_of(LAX_BOOL, UTILITY)

    def check(self, settings: dict[bool, float]) -> None:
        if set(settings) != {True, False}:
            raise ValueError("boolean scale needs both `true` and `false` utilities")

    def compile(self, settings: dict[bool, float]) -> Utility:
        def boolean(value: object) -> float:
            if not isinstance(value, bool):
                raise ScaleValueError(f"{_show(value)} is not true or false")
            return float(settings[value])

        return boolean

    def describe(self, settings: dict[bool, float]) -> str:
        return f"boolean true={_fmt(settings[True])}, false={_fmt(settings[False])}"


class Coverage(ScaleKind):
    """The share of the listed items a list field holds, x 100."""

    key = "coverage"
    fits = ("list",)
    schema = after(_distinct_items, list_of(STRICT_TEXT, min_length=1))

    def compile(self, settings: list[str]) -> Utility:
        def coverage(value: object) -> float:
            if not isinstance(value, list):
                raise ScaleValueError(f"{_show(value)} is not a list")
            present = {str(v) for v in value}
            return sum(1 for item in settings if item in present) / len(settings) * 100.0

        return coverage

    def describe(self, settings: list[str]) -> str:
        return "coverage of " + ", ".join(settings)

    def names(self, settings: list[str]) -> Sequence[str]:
        return settings


SCALE_KINDS: dict[str, ScaleKind] = {
    kind.key: kind for kind in (Linear(), Piecewise(), Ordinal(), Map(), Boolean(), Coverage())
}


class ScaleSpec(Record, fields={k: optional(kind.schema) for k, kind in SCALE_KINDS.items()}):
    """A value function: exactly one of its keys is given."""

    # The docstring above is the JSON Schema's description of `scale:`; one key per kind.
    def _check(self) -> None:
        given = [k for k in SCALE_KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                f"a scale needs exactly one of: {', '.join(SCALE_KINDS)} (got {len(given)})"
            )
        SCALE_KINDS[given[0]].check(getattr(self, given[0]))

    @property
    def kind(self) -> str:
        """The scale's kind, its key: linear, piecewise, ordinal, map, boolean or coverage."""
        return next(k for k in SCALE_KINDS if getattr(self, k) is not None)

    @property
    def settings(self) -> Any:
        """What follows the kind's key (e.g. the LinearScale of a linear scale)."""
        return getattr(self, self.kind)
