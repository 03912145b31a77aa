"""A run comparison as Rich renderables (`vendorscore diff`). Computes nothing.

Vendor text is never parsed as markup. On a narrow terminal the vendors table leaves out the
split columns (weights, values, both) rather than cutting the change in total short; the "Why"
lines below it carry the same split.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from vendorscore.compare.result import RunComparison, VendorChange
from vendorscore.model.results import Ranking
from vendorscore.report.changes import (
    by_criterion_text,
    criterion_change_text,
    leaf_text,
    move_label,
    run_line,
    shown,
    vendor_headline,
)
from vendorscore.report.safe import safe_text

__all__ = ["TABLE_MAX_ROWS", "baseline_moves", "changes_view", "is_large", "move_style"]

# Columns always shown and the width they need (content + padding + border): move, vendor (room
# for most names on one line), rank "12 -> 13", total, change, and the table's edge.
_ESSENTIAL_WIDTH = 7 + 25 + 11 + 8 + 9 + 1
_SPLIT_WIDTH = 3 * 9  # weights, values, both
TABLE_MAX_ROWS = 200


def _t(value: object, style: str = "") -> Text:
    return Text(safe_text(value), style=style)


def move_style(change: VendorChange | None) -> str:
    """Green for a vendor that rose or came back, red for one that fell or was knocked out."""
    if change is None:
        return ""
    if change.status in ("up", "reinstated"):
        return "green"
    if change.status in ("down", "knocked_out", "gone"):
        return "red"
    return ""


def _signed(x: float | None) -> str:
    return "-" if x is None else f"{x:+.2f}"


def changes_view(
    comparison: RunComparison, *, width: int | None = None, leaves: int = 3
) -> RenderableType:
    """The runs compared, the criteria edited, every vendor's move, and why each one moved."""
    parts: list[RenderableType] = [
        _t(run_line("Before", comparison.before)),
        _t(run_line("After", comparison.after)),
        *(_t(f"note: {n}", "yellow") for n in comparison.notes),
    ]
    changed = [v for v in comparison.vendors if _moved(v)]
    if not comparison.criteria_changed and not changed:
        parts.append(
            _t("No differences: the same criteria and weights, vendors, ranks and totals.")
        )
        return Group(*parts)
    edited = comparison.criteria_edited
    if edited:
        table = Table(title="Criteria edited", header_style="bold", title_justify="left")
        table.add_column("Criterion", min_width=10)
        table.add_column("Change", ratio=1)
        table.add_column("Effective weight", justify="right", no_wrap=True)
        for c in edited:
            table.add_row(
                _t(("  " * c.depth) + c.id),
                _t(criterion_change_text(c)),
                f"{_share(c.effective_before)} -> {_share(c.effective_after)}",
            )
        parts.append(table)
    others = len(comparison.criteria_changed) - len(edited)
    if others:
        parts.append(
            _t(
                f"{others} other criteria keep their weights as written; their effective "
                "weights moved with the edits above (--format json lists every one).",
                "dim",
            )
        )
    if is_large(comparison):
        parts.append(_vendors_lines(comparison, width))
    else:
        parts.append(_vendors_table(comparison, width))
    why = [v for v in comparison.vendors if _moved(v) or (v.status == "same" and v.reasons)]
    if why:
        parts.append(Text("Why (largest leaf changes, in points of the total)", style="bold"))
        # One Text for all the lines, styled by spans: thousands of separate renderables (or
        # appends, each stripping control codes again) cost seconds for a large comparison.
        chunks: list[str] = []
        spans: list[tuple[int, int, str]] = []
        at = 0
        # Lines wider than the screen wrap under their own indentation, as a paragraph does;
        # a large comparison leaves the wrapping to the terminal (soft wrap, for speed).
        fold = _folder(None if is_large(comparison) else width)
        for v in why:
            head = fold(safe_text(vendor_headline(v)), "")
            if move_style(v):
                spans.append((at, at + len(head), move_style(v)))
            lines = [head, *(fold(safe_text(x), _INDENT) for x in v.reasons)]
            lines += [fold(safe_text(t), _INDENT) for t in (by_criterion_text(v),) if t]
            lines += [fold(leaf_text(leaf), _INDENT) for leaf in v.leaves[:leaves]]
            chunk = "\n".join(lines) + "\n"
            chunks.append(chunk)
            at += len(chunk)
        text = Text("".join(chunks).rstrip("\n"))
        for start, end, style in spans:
            text.stylize(style, start, end)
        parts.append(text)
    return Group(*parts)


_INDENT = "    "  # a vendor's reasons, by-criterion line and leaves, under its headline


def _folder(width: int | None) -> Callable[[str, str], str]:
    """`fold(text, indent)`: the line at `indent`, its continuation lines 4 spaces further in
    when `width` is given; as it is when it is not."""
    if width is None:
        return lambda text, indent: indent + text
    import textwrap

    def fold(text: str, indent: str) -> str:
        return (
            "\n".join(
                textwrap.wrap(
                    text,
                    width=max(width, 40),
                    initial_indent=indent,
                    subsequent_indent=indent + _INDENT,
                    break_long_words=False,
                    break_on_hyphens=False,
                )
            )
            or indent
        )

    return fold


def is_large(comparison: RunComparison) -> bool:
    """Beyond TABLE_MAX_ROWS vendors the view is plain aligned lines, printed soft-wrapped.

    A Rich table costs about a millisecond a row, so the CLI prints a large comparison with the
    terminal doing the wrapping (`soft_wrap=True`).
    """
    return len(comparison.vendors) > TABLE_MAX_ROWS


def _moved(v: VendorChange) -> bool:
    """Whether a vendor's rank, eligibility or total changed (worth a line of why)."""
    return v.status not in ("same", "still_knocked_out") or shown(v.total_change)


def _share(x: float | None) -> str:
    return "-" if x is None else f"{x:.1%}"


def _vendors_table(comparison: RunComparison, width: int | None) -> Table:
    split = width is None or width >= _ESSENTIAL_WIDTH + _SPLIT_WIDTH
    caption = "change in points of the total"
    if split:
        caption += " = weights + values + both (weights and values changed together)"
    else:
        caption += "; the split into weights and values is in the lines below (or widen)"
    table = Table(title="Vendors", caption=_t(caption), header_style="bold", title_justify="left")
    table.add_column("Move", no_wrap=True)
    table.add_column("Vendor", min_width=12, ratio=1)
    table.add_column("Rank", no_wrap=True)
    table.add_column("Total", justify="right", no_wrap=True)
    table.add_column("Change", justify="right", no_wrap=True, style="bold")
    if split:
        for name in ("Weights", "Values", "Both"):
            table.add_column(name, justify="right", no_wrap=True)
    for v in comparison.vendors:
        rank = f"{_rank(v.rank_before)} -> {_rank(v.rank_after)}"
        total = v.total_after if v.total_after is not None else v.total_before
        row: list[RenderableType] = [
            _t(move_label(v), move_style(v)),
            _t(v.name),
            rank,
            "-" if total is None else f"{total:.1f}",
            _signed(v.total_change),
        ]
        if split:
            row += [_signed(v.weights_part), _signed(v.values_part), _signed(v.interaction_part)]
        table.add_row(*row)
    return table


def _rank(rank: int | None) -> str:
    return "-" if rank is None else str(rank)


def _vendors_lines(comparison: RunComparison, width: int | None) -> Text:
    """The vendors table as aligned lines, the vendor's name last (no column to fit it in)."""
    split = width is None or width >= 62
    heads = ["Move", "Rank", "Total", "Change", *(["Weights", "Values", "Both"] if split else [])]
    sizes = [5, 11, 6, 7, 8, 7, 6][: len(heads)]
    pairs = enumerate(zip(heads, sizes, strict=True))
    lines = ["Vendors", " ".join(h.ljust(n) if i < 2 else h.rjust(n) for i, (h, n) in pairs)]
    lines[-1] += "  Vendor"
    spans: list[tuple[int, str]] = []  # (line number, style) of each move label
    for v in comparison.vendors:
        total = v.total_after if v.total_after is not None else v.total_before
        cells = [
            move_label(v).ljust(sizes[0]),
            f"{_rank(v.rank_before)} -> {_rank(v.rank_after)}".ljust(sizes[1]),
            ("-" if total is None else f"{total:.1f}").rjust(sizes[2]),
            _signed(v.total_change).rjust(sizes[3]),
        ]
        if split:
            cells += [
                _signed(v.weights_part).rjust(sizes[4]),
                _signed(v.values_part).rjust(sizes[5]),
                _signed(v.interaction_part).rjust(sizes[6]),
            ]
        if move_style(v):
            spans.append((len(lines), move_style(v)))
        lines.append(" ".join(cells) + "  " + safe_text(v.name))
    lines.append("change in points of the total" + (" = weights + values + both" if split else ""))
    text = Text("\n".join(lines))
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    text.stylize("bold", 0, starts[2])
    for number, style in spans:
        text.stylize(style, starts[number], starts[number] + sizes[0])
    return text


def baseline_moves(ranking: Ranking) -> tuple[dict[str, Text], str]:
    """The Move cell of each vendor of a ranking with a baseline, and a caption naming it."""
    comparison = ranking.changes
    if not isinstance(comparison, RunComparison):
        return {}, ""
    by_name = comparison.by_name()
    moves = {}
    for v in ranking.vendors:
        change = by_name.get(v.name.casefold())
        moves[v.name] = _t(move_label(change), move_style(change))
    gone = [v.name for v in comparison.vendors if v.status == "gone"]
    caption = f"move since {comparison.before.source}"
    if gone:
        caption += f"; gone since: {', '.join(gone)}"
    if comparison.notes:
        caption += "; see `vendorscore diff` for what the comparison cannot explain"
    return moves, caption
