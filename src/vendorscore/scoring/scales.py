"""Value functions: a raw profile value to a utility on a fixed 0..100 scale."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from vendorscore.model.criteria import ScaleSpec
from vendorscore.scoring.fields import FieldKind

__all__ = ["ScaleValueError", "check_scale_fits", "compile_scale", "describe_scale", "utility"]


class ScaleValueError(ValueError):
    """A present value the scale cannot turn into a utility (an unmapped category, a wrong type)."""


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _clamp(u: float) -> float:
    return 0.0 if u < 0.0 else 100.0 if u > 100.0 else u


def utility(scale: ScaleSpec, value: object) -> float:
    """The utility 0..100 of a present `value`; ScaleValueError when the scale cannot place it."""
    return compile_scale(scale)(value)


def compile_scale(scale: ScaleSpec) -> Callable[[object], float]:
    """The scale as a function of the raw value (built once, applied to every vendor)."""
    if scale.linear is not None:
        worst, span = scale.linear.worst, scale.linear.best - scale.linear.worst
        return lambda value: _clamp((_number(value) - worst) / span * 100.0)
    if scale.piecewise is not None:
        points = scale.piecewise
        return lambda value: _piecewise(points, _number(value))
    if scale.ordinal is not None:
        levels = scale.ordinal
        step = 100.0 / (len(levels) - 1)
        positions = {level: i * step for i, level in enumerate(levels)}

        def ordinal(value: object) -> float:
            if not isinstance(value, str) or value not in positions:
                raise ScaleValueError(
                    f"{_show(value)} is not on the scale; allowed: {', '.join(levels)}"
                )
            return positions[value]

        return ordinal
    if scale.map is not None:
        mapping = scale.map

        def mapped(value: object) -> float:
            if isinstance(value, int | float) and not isinstance(value, bool):
                raise ScaleValueError(
                    f"{_show(value)} is a number; a map scale matches text, "
                    "so score numbers with a linear or piecewise scale"
                )
            if not isinstance(value, str) or value not in mapping:
                allowed = ", ".join(mapping)
                raise ScaleValueError(
                    f"{_show(value)} has no utility in the map; mapped values: {allowed}"
                )
            return float(mapping[value])

        return mapped
    if scale.boolean is not None:
        by_truth = scale.boolean

        def boolean(value: object) -> float:
            if not isinstance(value, bool):
                raise ScaleValueError(f"{_show(value)} is not true or false")
            return float(by_truth[value])

        return boolean
    assert scale.coverage is not None
    items = scale.coverage

    def coverage(value: object) -> float:
        if not isinstance(value, list):
            raise ScaleValueError(f"{_show(value)} is not a list")
        present = {str(v) for v in value}
        return sum(1 for item in items if item in present) / len(items) * 100.0

    return coverage


def _number(value: object) -> float:
    if not _is_number(value):
        raise ScaleValueError(f"{_show(value)} is not a number")
    return float(value)  # type: ignore[arg-type]


def _piecewise(points: list[tuple[float, float]], x: float) -> float:
    xs = [p[0] for p in points]
    if x <= xs[0]:
        return float(points[0][1])
    if x >= xs[-1]:
        return float(points[-1][1])
    i = bisect_right(xs, x)
    (x0, u0), (x1, u1) = points[i - 1], points[i]
    return float(u0 + (u1 - u0) * (x - x0) / (x1 - x0))


def _show(value: object) -> str:
    return (
        repr(value)
        if isinstance(value, str)
        else str(value).lower()
        if isinstance(value, bool)
        else str(value)
    )


def _fmt(x: float) -> str:
    return f"{x:g}"


def describe_scale(scale: ScaleSpec) -> str:
    """A one-line human description, e.g. `linear 40 (worst) -> 8 (best)`."""
    if scale.linear is not None:
        return f"linear {_fmt(scale.linear.worst)} (worst) -> {_fmt(scale.linear.best)} (best)"
    if scale.piecewise is not None:
        return "piecewise " + " ".join(f"{_fmt(x)}:{_fmt(u)}" for x, u in scale.piecewise)
    if scale.ordinal is not None:
        return "ordinal " + " < ".join(scale.ordinal)
    if scale.map is not None:
        return "map " + ", ".join(f"{k}={_fmt(v)}" for k, v in scale.map.items())
    if scale.boolean is not None:
        return f"boolean true={_fmt(scale.boolean[True])}, false={_fmt(scale.boolean[False])}"
    assert scale.coverage is not None
    return "coverage of " + ", ".join(scale.coverage)


_FITS = {
    "linear": ("number",),
    "piecewise": ("number",),
    "ordinal": ("category", "text"),
    "map": ("category", "text"),
    "boolean": ("bool",),
    "coverage": ("list",),
}


def check_scale_fits(scale: ScaleSpec, kind: FieldKind) -> list[str]:
    """Why this scale cannot score a field of this kind (empty when it fits)."""
    if kind.kind == "any":
        return []
    if kind.kind not in _FITS[scale.kind]:
        return [f"a {scale.kind} scale cannot score a {kind.kind} field"]
    if not kind.choices:
        return []
    named = scale.ordinal or list(scale.map or {}) or scale.coverage or []
    unknown = [n for n in named if n not in kind.choices]
    if unknown:
        return [
            f"{', '.join(repr(u) for u in unknown)} can never occur in this field; "
            f"its values are: {', '.join(kind.choices)}"
        ]
    return []
