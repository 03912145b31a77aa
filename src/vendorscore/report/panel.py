"""The evaluation panel rendered: Rich tables, JSON data and Markdown. Computes nothing;
evaluator names and comments are untrusted text, escaped like vendor names."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from vendorscore.model.panel import PanelCell, PanelResult
from vendorscore.model.results import Ranking
from vendorscore.report.safe import safe_text
from vendorscore.report.text import _md, _round

__all__ = [
    "panel_csv",
    "panel_dict",
    "panel_field",
    "panel_markdown",
    "panel_of",
    "panel_view",
    "vendor_panel_view",
]


def panel_of(ranking: Ranking) -> PanelResult | None:
    """The ranking's panel analysis, when an evaluation panel rated."""
    return ranking.panel if isinstance(ranking.panel, PanelResult) else None


def _t(value: object, style: str = "") -> Text:
    return Text(safe_text(value), style=style)


def _level(value: float | None) -> str:
    return "-" if value is None else f"{value:g}" if value == int(value) else f"{value:.2f}"


def _alpha(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _ratings(cell: PanelCell) -> str:
    return " ".join(_level(r.rating) for r in cell.ratings) or "-"


def _notes(cell: PanelCell) -> str:
    notes = []
    if cell.disagreement:
        notes.append("DISAGREE")
    if not cell.ratings:
        notes.append("not rated (scored by the missing policy)")
    elif cell.missing:
        notes.append("missing: " + ", ".join(cell.missing))
    if cell.excluded:
        notes.append("conflict: " + ", ".join(c.evaluator for c in cell.excluded))
    return "; ".join(notes)


def _shift(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:+.0f}%"


def panel_view(ranking: Ranking) -> RenderableType:
    """The panel: agreement per criterion, disagreements with comments side by side, every
    vendor's ratings, evaluators far from the panel, leave-one-out winners, conflicts."""
    panel = panel_of(ranking)
    if panel is None:
        return Text("")
    labels = {c.id: c.label for c in ranking.criteria}
    parts: list[RenderableType] = []
    who = ", ".join(
        f"{safe_text(e.name)} ({safe_text(e.role)}, {e.date})" for e in panel.evaluators
    )
    parts.append(Text(f"Panel of {len(panel.evaluators)}: {who}"))
    agreement = Table(
        title="Agreement per rated criterion",
        caption=_t(f"{panel.method}; {panel.reference}"),
        header_style="bold",
    )
    for name, justify in (
        ("Criterion", "left"),
        ("Rubric", "left"),
        ("Alpha", "right"),
        ("Reading", "left"),
        ("Flagged", "right"),
    ):
        agreement.add_column(name, justify=justify)  # type: ignore[arg-type]
    for a in panel.agreement:
        agreement.add_row(
            _t(a.criterion), _t(a.rubric), _alpha(a.alpha), _t(a.note), str(a.flagged)
        )
    parts.append(agreement)
    for cell in panel.disagreements:
        table = Table(
            title=_t(
                f"Disagreement: {cell.vendor} on {labels.get(cell.criterion, cell.criterion)} "
                f"(range {_level(cell.spread)} levels, consensus {_level(cell.consensus)})"
            ),
            header_style="bold",
        )
        table.add_column("Evaluator")
        table.add_column("Role")
        table.add_column("Rating", justify="right")
        table.add_column("Comment", ratio=1)
        for r in cell.ratings:
            table.add_row(_t(r.evaluator), _t(r.role), _level(r.rating), _t(r.comment or ""))
        parts.append(table)
    for criterion in dict.fromkeys(c.criterion for c in panel.cells):
        table = Table(
            title=_t(f"{labels.get(criterion, criterion)} ({criterion})"), header_style="bold"
        )
        table.add_column("Vendor", ratio=2)
        table.add_column("Ratings")
        table.add_column("Consensus", justify="right")
        table.add_column("Range", justify="right")
        table.add_column("n", justify="right")
        table.add_column("Notes", ratio=2)
        for cell in (c for c in panel.cells if c.criterion == criterion):
            table.add_row(
                _t(cell.vendor),
                _ratings(cell),
                _level(cell.consensus),
                _level(cell.spread),
                str(len(cell.ratings)),
                _t(_notes(cell), "bold" if cell.disagreement else ""),
            )
        parts.append(table)
    bias = Table(
        title="Evaluators against the rest of the panel",
        caption=f"mean of (rating - the others' median), in % of the rubric's span; flagged at "
        f"{panel.bias_threshold:.0%} or more over {panel.min_compared}+ ratings",
        header_style="bold",
    )
    for name, justify in (
        ("Evaluator", "left"),
        ("Role", "left"),
        ("Compared", "right"),
        ("Mean shift", "right"),
        ("Tendency", "left"),
    ):
        bias.add_column(name, justify=justify)  # type: ignore[arg-type]
    for b in panel.bias:
        bias.add_row(
            _t(b.evaluator), _t(b.role), str(b.compared), _shift(b.mean_deviation), b.tendency or ""
        )
    parts.append(bias)
    parts.append(_leave_one_out(panel))
    for c in panel.conflicts:
        why = f": {c.reason}" if c.reason else ""
        parts.append(_t(f"conflict of interest: {c.evaluator} does not rate {c.vendor}{why}"))
    return Group(*parts)


def _leave_one_out(panel: PanelResult) -> RenderableType:
    winners = " and ".join(safe_text(w) for w in panel.winners) or "none"
    table = Table(
        title=_t(f"Leave one evaluator out (full panel's winner: {winners})"),
        caption="the winner "
        + ("stays the same whoever is left out" if panel.winner_stable else "CHANGES: see rows"),
        header_style="bold",
    )
    table.add_column("Left out")
    table.add_column("Winner")
    table.add_column("Changed")
    for x in panel.leave_one_out:
        table.add_row(
            _t(x.evaluator), _t(" and ".join(x.winners) or "none"), "yes" if x.changed else "no"
        )
    return table


def panel_dict(panel: PanelResult) -> dict[str, Any]:
    """The panel analysis as JSON data (the `panel` key of a ranking's JSON)."""
    return {
        "agreement_method": panel.method,
        "agreement_reference": panel.reference,
        "evaluators": [
            {"name": e.name, "role": e.role, "date": e.date.isoformat(), "file": e.file}
            for e in panel.evaluators
        ],
        "agreement": [
            {
                "criterion": a.criterion,
                "rubric": a.rubric,
                "alpha": _round(a.alpha),
                "reading": a.note,
                "pairable_ratings": a.pairable,
                "disagreements": a.flagged,
            }
            for a in panel.agreement
        ],
        "cells": [
            {
                "vendor": c.vendor,
                "criterion": c.criterion,
                "ratings": [
                    {
                        "evaluator": r.evaluator,
                        "role": r.role,
                        "rating": r.rating,
                        "comment": r.comment,
                    }
                    for r in c.ratings
                ],
                "consensus": _round(c.consensus),
                "range": _round(c.spread),
                "count": len(c.ratings),
                "missing": list(c.missing),
                "excluded_for_conflict": [x.evaluator for x in c.excluded],
                "disagreement": c.disagreement,
            }
            for c in panel.cells
        ],
        "evaluator_bias": [
            {
                "evaluator": b.evaluator,
                "role": b.role,
                "compared": b.compared,
                "mean_shift_share_of_scale": _round(b.mean_deviation),
                "tendency": b.tendency,
            }
            for b in panel.bias
        ],
        "leave_one_out": [
            {"left_out": x.evaluator, "winners": list(x.winners), "changed": x.changed}
            for x in panel.leave_one_out
        ],
        "winners": list(panel.winners),
        "conflicts": [
            {"evaluator": c.evaluator, "vendor": c.vendor, "reason": c.reason}
            for c in panel.conflicts
        ],
    }


def panel_field(ranking: Ranking) -> dict[str, Any]:
    """`{"panel": ...}` for a ranking's JSON when a panel rated, else nothing."""
    panel = panel_of(ranking)
    return {} if panel is None else {"panel": panel_dict(panel)}


def panel_markdown(ranking: Ranking) -> str:
    """The panel as Markdown: agreement, every rating with its notes, bias, leave-one-out."""
    panel = panel_of(ranking)
    if panel is None:
        return ""
    lines = [
        "",
        "## Evaluation panel",
        "",
        f"Agreement: {_md(panel.method)} ({_md(panel.reference)})",
        "",
    ]
    lines += ["| Criterion | Rubric | Alpha | Reading | Disagreements |", "|---|---|---:|---|---:|"]
    for a in panel.agreement:
        lines.append(
            f"| {_md(a.criterion)} | {_md(a.rubric)} | {_alpha(a.alpha)} | {_md(a.note)} | "
            f"{a.flagged} |"
        )
    lines += [
        "",
        "| Criterion | Vendor | Ratings | Consensus | Range | Notes | Comments |",
        "|---|---|---|---:|---:|---|---|",
    ]
    for c in panel.cells:
        comments = "; ".join(f"{r.evaluator}: {r.comment}" for r in c.ratings if r.comment)
        lines.append(
            f"| {_md(c.criterion)} | {_md(c.vendor)} | {_ratings(c)} | {_level(c.consensus)} | "
            f"{_level(c.spread)} | {_md(_notes(c))} | {_md(comments)} |"
        )
    lines += [
        "",
        "| Evaluator | Role | Compared | Mean shift | Tendency |",
        "|---|---|---:|---:|---|",
    ]
    for b in panel.bias:
        lines.append(
            f"| {_md(b.evaluator)} | {_md(b.role)} | {b.compared} | "
            f"{_shift(b.mean_deviation)} | {b.tendency or ''} |"
        )
    lines += ["", "| Left out | Winner | Changed |", "|---|---|---|"]
    for x in panel.leave_one_out:
        lines.append(
            f"| {_md(x.evaluator)} | {_md(' and '.join(x.winners))} | "
            f"{'yes' if x.changed else 'no'} |"
        )
    lines += [
        f"\n> conflict of interest: {_md(c.evaluator)} does not rate {_md(c.vendor)}"
        for c in panel.conflicts
    ]
    return "\n".join(lines) + "\n"


def vendor_panel_view(ranking: Ranking, vendor: str) -> RenderableType:
    """One vendor's ratings on every rated criterion, with comments (for `explain`)."""
    panel = panel_of(ranking)
    if panel is None:
        return Text("")
    labels = {c.id: c.label for c in ranking.criteria}
    parts: list[RenderableType] = []
    for cell in (c for c in panel.cells if c.vendor == vendor):
        title = (
            f"{labels.get(cell.criterion, cell.criterion)}: consensus {_level(cell.consensus)}, "
            f"range {_level(cell.spread)}" + (" (panel disagrees)" if cell.disagreement else "")
        )
        table = Table(title=_t(title), caption=_t(_notes(cell)) if _notes(cell) else None)
        table.add_column("Evaluator")
        table.add_column("Role")
        table.add_column("Rating", justify="right")
        table.add_column("Comment", ratio=1)
        for r in cell.ratings:
            table.add_row(_t(r.evaluator), _t(r.role), _level(r.rating), _t(r.comment or ""))
        parts.append(table)
    return Group(*parts)


def panel_csv(ranking: Ranking) -> str:
    """One row per vendor and rated criterion: consensus, range, ratings, flags, comments."""
    import csv
    import io

    from vendorscore.report.text import _csv_cell

    panel = panel_of(ranking)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "criterion",
            "vendor",
            "consensus",
            "range",
            "count",
            "disagreement",
            "ratings",
            "missing",
            "excluded_for_conflict",
            "comments",
        ]
    )
    for c in panel.cells if panel else ():
        writer.writerow(
            _csv_cell(x)
            for x in (
                c.criterion,
                c.vendor,
                _level(c.consensus),
                _level(c.spread),
                len(c.ratings),
                "yes" if c.disagreement else "no",
                "; ".join(f"{r.evaluator}={_level(r.rating)}" for r in c.ratings),
                "; ".join(c.missing),
                "; ".join(x.evaluator for x in c.excluded),
                "; ".join(f"{r.evaluator}: {r.comment}" for r in c.ratings if r.comment),
            )
        )
    return buffer.getvalue()
