"""Knock-out requirements: the rule in words, and whether a raw value meets it."""

from __future__ import annotations

from vendorscore.model.criteria import Requirement

__all__ = ["check_requirement", "requirement_rule"]


def requirement_rule(req: Requirement) -> str:
    """The requirement's test in words, e.g. `max 0.1` or `includes pci_dss, soc2_type2`."""
    parts = []
    if req.min is not None:
        parts.append(f"min {req.min:g}")
    if req.max is not None:
        parts.append(f"max {req.max:g}")
    if req.includes is not None:
        parts.append("includes " + ", ".join(req.includes))
    if req.in_ is not None:
        parts.append("in " + ", ".join(_show(v) for v in req.in_))
    if req.equals is not None:
        parts.append(f"equals {_show(req.equals)}")
    return "; ".join(parts)


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


def _same(a: object, b: object) -> bool:
    # True == 1 in Python; a requirement on a boolean must not accept the number 1.
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


def check_requirement(req: Requirement, raw: object) -> str | None:
    """None when `raw` passes `req`, otherwise the reason it fails."""
    why = f" ({req.why})" if req.why else ""
    if raw is None:
        return f"{req.field} is missing, so '{requirement_rule(req)}' is unproven{why}"
    if req.min is not None or req.max is not None:
        # A value that is not a number cannot prove a bound (true is not 1).
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            rule = requirement_rule(req)
            return f"{req.field} is {_show(raw)}, not a number, so '{rule}' is unproven{why}"
        if req.min is not None and raw < req.min:
            return f"{req.field} is {_show(raw)}, below the minimum {req.min:g}{why}"
        if req.max is not None and raw > req.max:
            return f"{req.field} is {_show(raw)}, above the maximum {req.max:g}{why}"
    if req.includes is not None:
        present = {str(v) for v in raw} if isinstance(raw, list) else {str(raw)}
        lacking = [item for item in req.includes if item not in present]
        if lacking:
            return f"{req.field} lacks {', '.join(lacking)}{why}"
    if req.in_ is not None and not any(_same(raw, v) for v in req.in_):
        return f"{req.field} is {_show(raw)}, not one of {_show(req.in_)}{why}"
    if req.equals is not None and not _same(raw, req.equals):
        return f"{req.field} is {_show(raw)}, not {_show(req.equals)}{why}"
    return None
