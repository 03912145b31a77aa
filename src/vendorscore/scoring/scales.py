"""Value functions: a raw profile value to a utility on a fixed 0..100 scale.

Each scale kind (linear, piecewise, ordinal, map, boolean, coverage) is one class in
model/scales.py, with its schema, utility function, description and the field kinds it fits;
this module applies them.
"""

from __future__ import annotations

from collections.abc import Callable

from vendorscore.model.scales import SCALE_KINDS, ScaleSpec, ScaleValueError
from vendorscore.scoring.fields import FieldKind

__all__ = ["ScaleValueError", "check_scale_fits", "compile_scale", "describe_scale", "utility"]


def utility(scale: ScaleSpec, value: object) -> float:
    """The utility 0..100 of a present `value`; ScaleValueError when the scale cannot place it."""
    return compile_scale(scale)(value)


def compile_scale(scale: ScaleSpec) -> Callable[[object], float]:
    """The scale as a function of the raw value (built once, applied to every vendor)."""
    return SCALE_KINDS[scale.kind].compile(scale.settings)


def scale_knots(scale: ScaleSpec) -> tuple[tuple[float, float], ...] | None:
    """A number scale as its (x, utility) points sorted by x, flat outside; None for others.

    Linear and piecewise scales are exactly these points joined by straight lines, which lets
    an analysis find where a moving raw value changes a utility in closed form.
    """
    if scale.kind == "linear":
        s = scale.settings
        return tuple(sorted(((float(s.worst), 0.0), (float(s.best), 100.0))))
    if scale.kind == "piecewise":
        return tuple((float(x), float(u)) for x, u in scale.settings)
    return None


def describe_scale(scale: ScaleSpec) -> str:
    """A one-line human description, e.g. `linear 40 (worst) -> 8 (best)`."""
    return SCALE_KINDS[scale.kind].describe(scale.settings)


def check_scale_fits(scale: ScaleSpec, kind: FieldKind) -> list[str]:
    """Why this scale cannot score a field of this kind (empty when it fits)."""
    if kind.kind == "any":
        return []
    scale_kind = SCALE_KINDS[scale.kind]
    if kind.kind not in scale_kind.fits:
        return [f"a {scale.kind} scale cannot score a {kind.kind} field"]
    if not kind.choices:
        return []
    unknown = [n for n in scale_kind.names(scale.settings) if n not in kind.choices]
    if unknown:
        return [
            f"{', '.join(repr(u) for u in unknown)} can never occur in this field; "
            f"its values are: {', '.join(kind.choices)}"
        ]
    return []
