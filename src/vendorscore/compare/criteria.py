"""The criteria of two runs compared: weights added, removed or changed, scales and fields."""

from __future__ import annotations

from collections.abc import Iterable

from vendorscore.compare.result import CriterionChange
from vendorscore.model.results import CriterionInfo
from vendorscore.model.saved import SavedRun

__all__ = ["SAME_TOLERANCE", "criteria_changes", "differs", "is_rescaled", "top_level"]

# Differences below this are rounding (saved results keep 10 decimals), not changes.
SAME_TOLERANCE = 1e-9


def differs(a: float | None, b: float | None) -> bool:
    """Whether two weights or utilities differ by more than rounding."""
    if a is None or b is None:
        return a is not b
    return abs(a - b) > SAME_TOLERANCE


def _where(parent: str | None) -> str:
    return "the top level" if parent is None else f"group '{parent}'"


def criteria_changes(before: SavedRun, after: SavedRun) -> Iterable[CriterionChange]:
    """Every criterion of either run, the later run's order first, with what changed."""
    old = {c.id: c for c in before.criteria}
    new = {c.id: c for c in after.criteria}
    for cid in [*new, *(i for i in old if i not in new)]:
        b, a = old.get(cid), new.get(cid)
        shown = a or b
        assert shown is not None
        details: list[str] = []
        if a is not None and b is not None:
            if a.parent != b.parent:
                details.append(f"moved from {_where(b.parent)} to {_where(a.parent)}")
            if a.is_leaf != b.is_leaf:
                details.append("now a leaf" if a.is_leaf else "now a group")
            if a.field != b.field:
                details.append(f"field: {b.field}, now {a.field}")
            if a.scale != b.scale:
                details.append(f"scale: {b.scale}, now {a.scale}")
            if a.missing != b.missing:
                details.append(f"missing data: {b.missing}, now {a.missing}")
            moved = any(
                differs(x, y)
                for x, y in (
                    (a.weight, b.weight),
                    (a.local_weight, b.local_weight),
                    (a.global_weight, b.global_weight),
                )
            )
            status = "changed" if details or moved else "same"
        else:
            status = "added" if b is None else "removed"
        yield CriterionChange(
            id=cid,
            label=shown.label,
            status=status,  # type: ignore[arg-type]
            is_leaf=shown.is_leaf,
            depth=shown.depth,
            weight_before=None if b is None else b.weight,
            weight_after=None if a is None else a.weight,
            local_before=None if b is None else b.local_weight,
            local_after=None if a is None else a.local_weight,
            effective_before=None if b is None else b.global_weight,
            effective_after=None if a is None else a.global_weight,
            details=tuple(details),
            edited=status in ("added", "removed")
            or bool(details)
            or (a is not None and b is not None and differs(a.weight, b.weight)),
        )


def is_rescaled(change: CriterionChange) -> bool:
    """A leaf whose utilities the criteria changed: another field, scale or missing policy."""
    return any(d.startswith(("field:", "scale:", "missing data:", "now a")) for d in change.details)


def top_level(criteria: tuple[CriterionInfo, ...]) -> dict[str, str]:
    """Every criterion's top-level ancestor (itself at the top level); pre-order input."""
    top: dict[str, str] = {}
    for c in criteria:
        top[c.id] = c.id if c.parent is None else top[c.parent]
    return top
