"""What a comparison of two runs cannot explain, said plainly; vendors that may be renamed."""

from __future__ import annotations

from collections.abc import Iterable

from vendorscore.model.saved import SavedRun

__all__ = ["notes", "rename_hints", "shown_all"]


def shown_all(run: SavedRun) -> bool:
    """False when the run was saved with `--top` (it lists fewer vendors than it read)."""
    files = [f for f in run.inputs if f.kind == "vendor"]
    return not files or len(files) <= len(run.vendors)


def rename_hints(before: SavedRun, after: SavedRun) -> dict[tuple[str, str], tuple[str, ...]]:
    """'renamed?' for a vendor gone and a vendor new that share a profile path or SHA-256."""
    new_keys = {v.name.casefold() for v in after.vendors}
    old_keys = {v.name.casefold() for v in before.vendors}
    gone = [v for v in before.vendors if v.name.casefold() not in new_keys]
    new = [v for v in after.vendors if v.name.casefold() not in old_keys]
    hints: dict[tuple[str, str], list[str]] = {}
    for g in gone:
        g_sha = before.sha256_of(g.file)
        for n in new:
            n_sha = after.sha256_of(n.file)
            if g_sha is not None and g_sha == n_sha:
                why = "the same file contents (SHA-256)"
            elif g.file == n.file:
                why = f"the same profile file {g.file}"
            else:
                continue
            hints.setdefault(("before", g.name.casefold()), []).append(
                f"renamed? '{n.name}' in {after.source} has {why}"
            )
            hints.setdefault(("after", n.name.casefold()), []).append(
                f"renamed? '{g.name}' in {before.source} had {why}"
            )
    return {k: tuple(v) for k, v in hints.items()}


def notes(before: SavedRun, after: SavedRun) -> Iterable[str]:
    """What the comparison cannot explain, in plain words."""
    if before.method != after.method:
        yield (
            f"Different methods: {before.method} before, {after.method} after. The totals are "
            "not comparable, so only ranks are compared; leaf changes are weighted-sum points."
        )
    elif after.method == "topsis":
        yield (
            "Method TOPSIS: totals are closeness to a fixed ideal; the leaf changes are "
            "weighted-sum points and do not add up to the change in total."
        )
    if before.tool_version != after.tool_version:
        yield (
            f"Saved by different vendorscore versions ({before.tool_version} before, "
            f"{after.tool_version} after): a change in the tool itself may move scores, and "
            "this comparison cannot tell it apart from the changes listed."
        )
    if before.base_currency != after.base_currency:
        yield (
            f"Money is converted to {before.base_currency} before and {after.base_currency} "
            "after: money values of the two runs are not comparable."
        )
    demand = [{f.sha256 for f in run.inputs if f.kind == "demand"} for run in (before, after)]
    if demand[0] != demand[1]:
        yield (
            "The demand profile differs (added, removed or edited): staffing figures "
            "(derived.*) changed with it."
        )
    for run in (before, after):
        if not shown_all(run):
            files = sum(1 for f in run.inputs if f.kind == "vendor")
            yield (
                f"{run.source} holds {len(run.vendors)} of the {files} vendors it ranked "
                "(saved with --top): vendors left out show as new or gone."
            )
