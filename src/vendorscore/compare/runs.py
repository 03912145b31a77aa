"""Two saved runs compared: criteria weights, rank moves and each leaf's change in points.

Pure: takes two `SavedRun`s (read from files, or one made from the ranking just computed) and
returns a `RunComparison`. See `compare/result.py` for how a change in points is split.
"""

from __future__ import annotations

from collections.abc import Iterable

from vendorscore.compare.criteria import (
    SAME_TOLERANCE,
    criteria_changes,
    differs,
    is_rescaled,
    top_level,
)
from vendorscore.compare.notes import notes, rename_hints, shown_all
from vendorscore.compare.result import (
    LeafChange,
    RunComparison,
    RunSummary,
    VendorChange,
    VendorStatus,
)
from vendorscore.model.results import CriterionInfo
from vendorscore.model.saved import SavedRun, SavedVendor

__all__ = ["SAME_TOLERANCE", "compare_runs"]

# Money fields and the currency they are in (pricing.* is in the vendor's own currency).
_BASE_CURRENCY_FIELDS = {"derived.rate", "derived.weekly_cost", "derived.monthly_cost",
                         "derived.cost_per_call", "derived.cost_per_contact",
                         "derived.cost_per_productive_hour", "derived.contract_cost"}  # fmt: skip
_OWN_CURRENCY_FIELDS = {"pricing.rate", "pricing.setup_fee"}
_OWN_CURRENCY = "(pricing.currency)"  # marks a leaf whose unit is each vendor's own currency
_NUMBER_TYPES = (int, float)  # exactly: bool is not a number here
_SUMMED = tuple(
    LeafChange._fields.index(f)
    for f in ("change", "weights_part", "values_part", "interaction_part")
)


def compare_runs(before: SavedRun, after: SavedRun) -> RunComparison:
    """What changed from `before` to `after`: criteria, then every vendor of either run."""
    criteria = tuple(criteria_changes(before, after))
    rescaled = {c.id for c in criteria if c.is_leaf and c.status == "changed" and is_rescaled(c)}
    leaves_before = {c.id: c for c in before.leaves}
    leaves_after = {c.id: c for c in after.leaves}
    leaf_ids = [*leaves_after, *(i for i in leaves_before if i not in leaves_after)]
    comparable = before.method == after.method
    hints = rename_hints(before, after)
    by_key = {v.name.casefold(): v for v in before.vendors}
    seen: set[str] = set()
    vendors: list[VendorChange] = []
    context = _Context(before, after, leaf_ids, leaves_before, leaves_after, rescaled, comparable)
    for va in after.vendors:
        key = va.name.casefold()
        seen.add(key)
        vendors.append(context.vendor(by_key.get(key), va, hints.get(("after", key), ())))
    for vb in before.vendors:
        key = vb.name.casefold()
        if key not in seen:
            vendors.append(context.vendor(vb, None, hints.get(("before", key), ())))
    return RunComparison(
        before=_summary(before),
        after=_summary(after),
        notes=tuple(notes(before, after)),
        criteria=criteria,
        vendors=tuple(vendors),
    )


def _summary(run: SavedRun) -> RunSummary:
    return RunSummary(
        source=run.source,
        tool_version=run.tool_version,
        criteria_name=run.criteria_name,
        criteria_file=run.criteria_file,
        method=run.method,
        base_currency=run.base_currency,
        vendors=len(run.vendors),
        ranked=sum(1 for v in run.vendors if v.eligible),
        shown_all=shown_all(run),
    )


class _Context:
    """What every vendor's comparison needs from the two runs."""

    def __init__(
        self,
        before: SavedRun,
        after: SavedRun,
        leaf_ids: list[str],
        leaves_before: dict[str, CriterionInfo],
        leaves_after: dict[str, CriterionInfo],
        rescaled: set[str],
        comparable: bool,
    ) -> None:
        self.before, self.after = before, after
        self.leaf_ids = leaf_ids
        self.leaves_before, self.leaves_after = leaves_before, leaves_after
        self.rescaled = rescaled
        self.comparable = comparable
        self.rules_added = [r for r in after.requirement_rules if r not in before.requirement_rules]
        self.rules_removed = [
            r for r in before.requirement_rules if r not in after.requirement_rules
        ]
        self.files_after = {f.path for f in after.inputs if f.kind == "vendor"}
        self.files_before = {f.path for f in before.inputs if f.kind == "vendor"}
        # Vendors ranked higher than before (or newly ranked): who passed whom.
        rank_before = {v.name.casefold(): v.rank for v in before.vendors}
        self.risers: list[tuple[str, int | None, int]] = []
        for v in after.vendors:
            was = rank_before.get(v.name.casefold())
            if v.rank is not None and (was is None or was > v.rank):
                self.risers.append((v.name, was, v.rank))
        self.sha_before = {f.path: f.sha256 for f in before.inputs}
        self.sha_after = {f.path: f.sha256 for f in after.inputs}
        # Each leaf's top-level criterion (in the later run when it has the leaf).
        self.top_of = {**top_level(before.criteria), **top_level(after.criteria)}
        # Per leaf, once: (id, in before, in after, field before, field after, rescaled, unit).
        self.leaf_plan = []
        for lid in leaf_ids:
            field_b = leaves_before[lid].field if lid in leaves_before else None
            field_a = leaves_after[lid].field if lid in leaves_after else None
            unit = (
                after.base_currency
                if (field_a or field_b) in _BASE_CURRENCY_FIELDS
                else _OWN_CURRENCY
                if (field_a or field_b) in _OWN_CURRENCY_FIELDS
                else None
            )
            plan = (lid, lid in leaves_before, lid in leaves_after, field_b, field_a)
            self.leaf_plan.append((*plan, lid in rescaled, unit))

    def vendor(
        self, vb: SavedVendor | None, va: SavedVendor | None, hints: tuple[str, ...]
    ) -> VendorChange:
        """The change record of one vendor (absent from one run when `vb` or `va` is None)."""
        shown = va or vb
        assert shown is not None
        status = _status(vb, va)
        reasons = [*self._reasons(status, vb, va), *hints]
        leaves: tuple[LeafChange, ...] = ()
        by_criterion: tuple[tuple[str, float], ...] = ()
        parts: tuple[float | None, ...] = (None, None, None, None, None)
        file_changed = None
        if vb is not None and va is not None:
            leaves = tuple(self._leaves(vb, va))
            sha_b, sha_a = self.sha_before.get(vb.file), self.sha_after.get(va.file)
            if sha_b is not None and sha_a is not None:
                file_changed = sha_b != sha_a
            if file_changed is False and any(_rawdiffers(leaf) for leaf in leaves):
                reasons.append(
                    "profile file unchanged (same SHA-256): its changed values come from the "
                    "criteria or the demand (exchange rates, call volumes)"
                )
            total_change = va.total - vb.total if self.comparable else None
            # Column sums of the leaf tuples, transposed in C rather than walked in Python.
            columns = tuple(zip(*leaves, strict=True)) or ((),) * len(LeafChange._fields)
            explained, weights, values, both = (sum(columns[i]) for i in _SUMMED)
            unexplained = None if total_change is None else total_change - explained
            parts = (total_change, weights, values, both, unexplained)
            by_criterion = self._by_criterion(leaves)
            if status == "down":
                reasons.append(self._passed_by(vb, va, total_change))
        move = None
        if vb is not None and va is not None and vb.rank is not None and va.rank is not None:
            move = vb.rank - va.rank
        return VendorChange(
            name=shown.name,
            status=status,
            rank_before=None if vb is None else vb.rank,
            rank_after=None if va is None else va.rank,
            move=move,
            total_before=None if vb is None else vb.total,
            total_after=None if va is None else va.total,
            total_change=parts[0],
            weights_part=parts[1],
            values_part=parts[2],
            interaction_part=parts[3],
            unexplained=parts[4],
            reasons=tuple(reasons),
            leaves=leaves,
            file_changed=file_changed,
            by_criterion=by_criterion,
        )

    def _passed_by(self, vb: SavedVendor, va: SavedVendor, change: float | None) -> str:
        """Who moved from below this vendor to above it."""
        assert vb.rank is not None and va.rank is not None
        names = [
            name
            for name, before, after in self.risers
            if after < va.rank and (before is None or before > vb.rank)
        ]
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        still = change is not None and abs(change) <= SAME_TOLERANCE
        return f"passed by {shown}" + ("; its own total did not change" if still else "")

    def _by_criterion(self, leaves: tuple[LeafChange, ...]) -> tuple[tuple[str, float], ...]:
        sums: dict[str, float] = {}
        for leaf in leaves:
            top = self.top_of[leaf.id]
            sums[top] = sums.get(top, 0.0) + leaf.change
        return tuple(sorted(sums.items(), key=lambda item: (-abs(item[1]), item[0])))

    def _reasons(
        self, status: VendorStatus, vb: SavedVendor | None, va: SavedVendor | None
    ) -> Iterable[str]:
        if status == "new":
            assert va is not None
            if va.file in self.files_before:
                yield f"left out of {self.before.source} (saved with --top), not new"
            else:
                yield f"not in {self.before.source}"
        elif status == "gone":
            assert vb is not None
            if vb.file in self.files_after:
                yield f"left out of {self.after.source} (saved with --top), not gone"
            else:
                yield f"not in {self.after.source}"
        elif status == "knocked_out":
            assert vb is not None and va is not None
            fresh = [r for r in va.failed_requirements if r not in vb.failed_requirements]
            yield from (f"knocked out: {r}" for r in fresh or va.failed_requirements)
            yield from (f"requirement added to the criteria: {r}" for r in self.rules_added)
        elif status == "reinstated":
            assert vb is not None
            yield from (f"no longer fails: {r}" for r in vb.failed_requirements)
            yield from (f"requirement removed from the criteria: {r}" for r in self.rules_removed)
        elif status == "still_knocked_out":
            assert va is not None
            yield from (f"knocked out: {r}" for r in va.failed_requirements)

    def _leaves(self, vb: SavedVendor, va: SavedVendor) -> list[LeafChange]:
        out: list[LeafChange] = []
        w_before, w_after = vb.effective_weights, va.effective_weights
        u_before, u_after = vb.scores, va.scores
        for lid, in_b, in_a, field_b, field_a, rescaled, unit in self.leaf_plan:
            w_b = w_before.get(lid, 0.0) if in_b else 0.0
            w_a = w_after.get(lid, 0.0) if in_a else 0.0
            u_b = u_before.get(lid) if in_b else None
            u_a = u_after.get(lid) if in_a else None
            raw_b = vb.values.get(field_b) if field_b else None
            raw_a = va.values.get(field_a) if field_a else None
            if w_a == w_b and u_a == u_b and raw_a == raw_b:
                continue  # nothing moved: the common case for most leaves of most vendors
            c_b = 0.0 if u_b is None else w_b * u_b
            c_a = 0.0 if u_a is None else w_a * u_a
            change = c_a - c_b
            if u_b is not None and u_a is not None:
                dw, du = w_a - w_b, u_a - u_b
                split = (dw * u_b, w_b * du, dw * du)
            elif not (in_b and in_a):
                split = (change, 0.0, 0.0)  # the criterion was added or removed
            else:
                split = (0.0, change, 0.0)  # the value was excluded as missing on one side
            if (
                abs(change) <= SAME_TOLERANCE
                and not differs(w_a, w_b)
                and not differs(u_a, u_b)
                and raw_a == raw_b
            ):
                continue  # rounding only (a saved result keeps 10 decimals)
            field = field_a or field_b
            unit_text: str | None = unit
            if unit == _OWN_CURRENCY:
                currency = va.values.get("pricing.currency")
                unit_text = currency if isinstance(currency, str) else "in its own currency"
            relative = None
            if type(raw_b) in _NUMBER_TYPES and type(raw_a) in _NUMBER_TYPES and raw_b:
                relative = (raw_a - raw_b) / abs(raw_b)  # type: ignore[operator,arg-type]
            out.append(
                LeafChange(
                    lid,
                    field,
                    w_b,
                    w_a,
                    u_b,
                    u_a,
                    raw_b,
                    raw_a,
                    relative,
                    unit_text,
                    change,
                    split[0],
                    split[1],
                    split[2],
                    rescaled,
                )
            )
        out.sort(key=lambda leaf: (-abs(leaf.change), leaf.id))
        return out


def _status(vb: SavedVendor | None, va: SavedVendor | None) -> VendorStatus:
    if vb is None:
        return "new"
    if va is None:
        return "gone"
    if vb.eligible and not va.eligible:
        return "knocked_out"
    if va.eligible and not vb.eligible:
        return "reinstated"
    if not va.eligible:
        return "still_knocked_out"
    assert vb.rank is not None and va.rank is not None
    return "up" if va.rank < vb.rank else "down" if va.rank > vb.rank else "same"


def _rawdiffers(leaf: LeafChange) -> bool:
    return leaf.raw_before != leaf.raw_after
