"""A run comparison as words: the move labels, the leaf explanations, JSON and Markdown.

Renders a `RunComparison` computed by `compare/`; computes nothing. The Rich view is in
`report/changes_view.py`, the workbook's Changes sheet in `report/excel/changes.py`.
"""

from __future__ import annotations

import json
import math
from typing import Any

from vendorscore.compare.result import (
    CriterionChange,
    LeafChange,
    RunComparison,
    RunSummary,
    VendorChange,
)
from vendorscore.model.results import Ranking
from vendorscore.report.safe import safe_text
from vendorscore.report.text import format_raw

__all__ = [
    "DIFF_FORMAT",
    "baseline_columns",
    "by_criterion_text",
    "changes_dict",
    "changes_field",
    "changes_json",
    "changes_markdown",
    "criterion_change_text",
    "leaf_text",
    "move_label",
    "run_line",
    "shown",
    "vendor_headline",
]

DIFF_FORMAT = "vendorscore-diff"
SHOWN = 0.005  # smallest number of points worth printing at two decimals


def shown(points: float | None) -> bool:
    """Whether a number of points is big enough to print at two decimals."""
    return points is not None and abs(points) >= SHOWN


def move_label(change: VendorChange | None) -> str:
    """The rank-change cell: ▲3 up three places, ▼2 down, = same, new, out, back, gone."""
    if change is None:
        return ""
    if change.status in ("up", "down") and change.move is not None:
        return f"▲{change.move}" if change.move > 0 else f"▼{-change.move}"
    return {
        "same": "=",
        "new": "new",
        "gone": "gone",
        "knocked_out": "out",
        "reinstated": "back",
        "still_knocked_out": "-",
    }.get(change.status, "")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _rank(rank: int | None) -> str:
    return "-" if rank is None else str(rank)


def run_line(label: str, run: RunSummary) -> str:
    """One line naming a run: file, criteria, method, tool version, vendors."""
    cut = "" if run.shown_all else " (saved with --top)"
    return (
        f"{label + ':':<7} {run.source}: {run.criteria_name}, {run.method}, vendorscore "
        f"{run.tool_version}, {run.vendors} vendors ({run.ranked} ranked){cut}"
    )


def vendor_headline(v: VendorChange) -> str:
    """What happened to a vendor, in one sentence."""
    if v.status == "new":
        where = f"ranked {_ordinal(v.rank_after)}" if v.rank_after else "knocked out"
        return f"{v.name}: new, {where}"
    if v.status == "gone":
        return f"{v.name}: gone (was {_ordinal(v.rank_before) if v.rank_before else 'knocked out'})"
    moves = {
        "up": f"rose from {_ordinal(v.rank_before or 0)} to {_ordinal(v.rank_after or 0)}",
        "down": f"fell from {_ordinal(v.rank_before or 0)} to {_ordinal(v.rank_after or 0)}",
        "same": f"stays {_ordinal(v.rank_after or 0)}",
        "knocked_out": f"knocked out (was {_ordinal(v.rank_before or 0)})",
        "reinstated": f"back in the ranking at {_ordinal(v.rank_after or 0)}",
        "still_knocked_out": "still knocked out",
    }
    text = f"{v.name}: {moves[v.status]}"
    if v.total_change is not None and v.total_before is not None and v.total_after is not None:
        text += f", total {v.total_before:.1f} -> {v.total_after:.1f} ({v.total_change:+.2f})"
        split = [
            f"{name} {part:+.2f}"
            for name, part in (
                ("weights", v.weights_part),
                ("values", v.values_part),
                ("both", v.interaction_part),
            )
            if shown(part)
        ]
        if split:
            text += ": " + ", ".join(split)
        if shown(v.unexplained):
            text += f", not explained by the leaves {v.unexplained:+.2f}"
    return text


def _raw(value: object, unit: str | None) -> str:
    text = format_raw(value)
    return f"{text} {unit}" if unit and value is not None else text


def _pct(weight: float) -> str:
    return f"{weight:.1%}"


def leaf_text(leaf: LeafChange) -> str:
    """A leaf's change in points and where it comes from: weights, values, both."""
    parts: list[str] = []
    if shown(leaf.weights_part):
        # The weight part is the change in weight times the earlier utility: show both.
        at = "" if leaf.utility_before is None else f" x utility {leaf.utility_before:.0f}"
        parts.append(
            f"weight {_pct(leaf.weight_before)} -> {_pct(leaf.weight_after)}{at} "
            f"({leaf.weights_part:+.2f})"
        )
    if shown(leaf.values_part) or leaf.raw_before != leaf.raw_after:
        if leaf.raw_before != leaf.raw_after:
            what = f"{leaf.field} {_raw(leaf.raw_before, leaf.unit)} -> "
            what += _raw(leaf.raw_after, leaf.unit)
            if leaf.relative_raw_change is not None and math.isfinite(leaf.relative_raw_change):
                what += f" ({leaf.relative_raw_change:+.1%})"
        else:
            what = "scale changed" if leaf.scale_changed else "value unchanged"
        utility = (
            f", utility {_utility(leaf.utility_before)} -> {_utility(leaf.utility_after)}"
            if leaf.utility_before != leaf.utility_after
            else ""
        )
        points = f" ({leaf.values_part:+.2f})" if shown(leaf.values_part) else ""
        parts.append(f"{what}{utility}{points}")
    if shown(leaf.interaction_part):
        parts.append(f"both {leaf.interaction_part:+.2f}")
    if not parts:
        parts.append(f"weight {_pct(leaf.weight_before)} -> {_pct(leaf.weight_after)}")
    return f"{leaf.id} {leaf.change:+.2f}: " + "; ".join(parts)


def by_criterion_text(v: VendorChange) -> str:
    """The change summed per top-level criterion, in one line (empty when nothing shows)."""
    shown_parts = [f"{cid} {points:+.2f}" for cid, points in v.by_criterion if shown(points)]
    return "by criterion: " + ", ".join(shown_parts) if len(shown_parts) > 1 else ""


def _utility(u: float | None) -> str:
    return "excluded" if u is None else f"{u:.1f}"


def criterion_change_text(c: CriterionChange) -> str:
    """What changed about a criterion, in words."""
    if c.status == "added":
        return "added"
    if c.status == "removed":
        return "removed"
    words = list(c.details)
    if c.weight_before != c.weight_after:
        words.insert(0, f"weight {c.weight_before:g} -> {c.weight_after:g}")
    return "; ".join(words) or "share of the total only"


# ---------------------------------------------------------------- JSON


def _num(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else round(x, 10)


def changes_dict(comparison: RunComparison) -> dict[str, Any]:
    """The comparison as JSON data (every criterion, vendor and changed leaf)."""

    def run(r: RunSummary) -> dict[str, Any]:
        return {
            "source": r.source,
            "tool_version": r.tool_version,
            "criteria_name": r.criteria_name,
            "criteria_file": r.criteria_file,
            "method": r.method,
            "base_currency": r.base_currency,
            "vendors": r.vendors,
            "ranked": r.ranked,
            "shown_all": r.shown_all,
        }

    return {
        "format": DIFF_FORMAT,
        "format_version": 1,
        "before": run(comparison.before),
        "after": run(comparison.after),
        "notes": list(comparison.notes),
        "criteria": [
            {
                "id": c.id,
                "label": c.label,
                "status": c.status,
                "edited": c.edited,
                "leaf": c.is_leaf,
                "weight_before": c.weight_before,
                "weight_after": c.weight_after,
                "local_weight_before": _num(c.local_before),
                "local_weight_after": _num(c.local_after),
                "effective_weight_before": _num(c.effective_before),
                "effective_weight_after": _num(c.effective_after),
                "details": list(c.details),
            }
            for c in comparison.criteria
        ],
        "vendors": [_vendor_dict(v) for v in comparison.vendors],
    }


def _vendor_dict(v: VendorChange) -> dict[str, Any]:
    return {
        "name": v.name,
        "status": v.status,
        "rank_before": v.rank_before,
        "rank_after": v.rank_after,
        "move": v.move,
        "total_before": _num(v.total_before),
        "total_after": _num(v.total_after),
        "total_change": _num(v.total_change),
        "weights_part": _num(v.weights_part),
        "values_part": _num(v.values_part),
        "interaction_part": _num(v.interaction_part),
        "unexplained": _num(v.unexplained),
        "file_changed": v.file_changed,
        "reasons": list(v.reasons),
        "by_criterion": {cid: round(points, 10) for cid, points in v.by_criterion},
        "leaves": [
            {
                "id": leaf.id,
                "field": leaf.field,
                # Always finite numbers: rounded directly (a large diff holds 100,000 of them).
                "change": round(leaf.change, 10),
                "weights_part": round(leaf.weights_part, 10),
                "values_part": round(leaf.values_part, 10),
                "interaction_part": round(leaf.interaction_part, 10),
                "weight_before": round(leaf.weight_before, 10),
                "weight_after": round(leaf.weight_after, 10),
                "utility_before": _num(leaf.utility_before),
                "utility_after": _num(leaf.utility_after),
                "raw_before": leaf.raw_before,
                "raw_after": leaf.raw_after,
                "unit": leaf.unit,
                "scale_changed": leaf.scale_changed,
            }
            for leaf in v.leaves
        ],
    }


def changes_json(comparison: RunComparison) -> str:
    """Exactly one JSON document, one vendor per line.

    Indenting every leaf of a thousand vendors runs the standard library's pure-Python encoder
    for seconds; one compact line per vendor uses its C encoder and still reads (and greps) well.
    """
    doc = changes_dict(comparison)
    vendors = doc.pop("vendors")
    head = json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False)
    lines = ",\n    ".join(json.dumps(v, ensure_ascii=False, allow_nan=False) for v in vendors)
    body = f"[\n    {lines}\n  ]" if vendors else "[]"
    return head.removesuffix("\n}") + f',\n  "vendors": {body}\n}}\n'


# ---------------------------------------------------------------- Markdown


def _md(value: object) -> str:
    text = safe_text(value).replace("\\", "\\\\").replace("|", "\\|")
    for ch in "*_`[]<>#":
        text = text.replace(ch, "\\" + ch)
    return text


def _signed(x: float | None) -> str:
    return "-" if x is None else f"{x:+.2f}"


def changes_markdown(comparison: RunComparison, *, leaves: int = 3) -> str:
    """The comparison as GitHub-flavoured Markdown (vendor text escaped)."""
    lines = [
        f"## What changed: {_md(comparison.after.criteria_name)}",
        "",
        f"- {_md(run_line('Before', comparison.before))}",
        f"- {_md(run_line('After', comparison.after))}",
        *(f"- **Note:** {_md(n)}" for n in comparison.notes),
        "",
    ]
    edited = comparison.criteria_edited
    if edited:
        lines += [
            "### Criteria",
            "",
            "| Criterion | Change | Effective weight |",
            "|---|---|---:|",
            *(
                f"| {_md(c.id)} | {_md(criterion_change_text(c))} | "
                f"{_share(c.effective_before)} -> {_share(c.effective_after)} |"
                for c in edited
            ),
            "",
        ]
        others = len(comparison.criteria_changed) - len(edited)
        if others:
            lines += [_others_line(others), ""]
    lines += [
        "### Vendors",
        "",
        "| Move | Vendor | Rank | Total | Change | Weights | Values | Both |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for v in comparison.vendors:
        lines.append(
            f"| {move_label(v)} | {_md(v.name)} | {_rank(v.rank_before)} -> "
            f"{_rank(v.rank_after)} | {_total(v.total_after)} | {_signed(v.total_change)} | "
            f"{_signed(v.weights_part)} | {_signed(v.values_part)} | "
            f"{_signed(v.interaction_part)} |"
        )
    explained = [v for v in comparison.vendors if _worth_explaining(v)]
    if explained:
        lines += ["", "### Why", ""]
        for v in explained:
            lines.append(f"- {_md(vendor_headline(v))}")
            lines += [f"  - {_md(r)}" for r in v.reasons]
            lines += [f"  - {_md(t)}" for t in (by_criterion_text(v),) if t]
            lines += [f"  - {_md(leaf_text(leaf))}" for leaf in v.leaves[:leaves]]
    return "\n".join(lines) + "\n"


def _share(x: float | None) -> str:
    return "-" if x is None else f"{x:.1%}"


def _total(x: float | None) -> str:
    return "-" if x is None else f"{x:.1f}"


def _others_line(count: int) -> str:
    return (
        f"{count} other criteria keep their weights as written; their effective weights moved "
        "with the edits above (--format json lists every one)."
    )


def _worth_explaining(v: VendorChange) -> bool:
    moved = v.status not in ("same", "still_knocked_out") or shown(v.total_change)
    return moved or (v.status == "same" and bool(v.reasons))


# ---------------------------------------------------------------- `rank --baseline`


def baseline_columns(ranking: Ranking) -> dict[str, tuple[str, str, str]]:
    """Per vendor of a ranking with a baseline: (rank before, status, move label); {} without."""
    comparison = ranking.changes
    if not isinstance(comparison, RunComparison):
        return {}
    by_name = comparison.by_name()
    out: dict[str, tuple[str, str, str]] = {}
    for v in ranking.vendors:
        change = by_name.get(v.name.casefold())
        if change is not None:
            before = "" if change.rank_before is None else str(change.rank_before)
            out[v.name] = (before, change.status, move_label(change))
    return out


def changes_field(ranking: Ranking) -> dict[str, Any]:
    """`{"changes": ...}` for a ranking with a baseline (the `diff --format json` document)."""
    comparison = ranking.changes
    return {"changes": changes_dict(comparison)} if isinstance(comparison, RunComparison) else {}
