"""Results to Rich renderables. Computes nothing; vendor text is never parsed as markup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from vendorscore.model.results import CriterionInfo, Ranking, VendorResult
from vendorscore.report.safe import safe_text
from vendorscore.report.text import format_measure, format_raw
from vendorscore.scoring.methods import scoring_method

if TYPE_CHECKING:
    from rich.tree import Tree

    from vendorscore.model.plans import StaffingPlan

__all__ = ["criteria_tree", "explain_view", "ranking_table", "staffing_view", "warnings_view"]


def _t(value: object, style: str = "") -> Text:
    """Untrusted text as a Rich Text: no markup, control characters escaped."""
    return Text(safe_text(value), style=style)


def _num(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


# Columns the ranking always shows and the width they need (content + padding + border).
_ESSENTIAL_WIDTH = 5 + 20 + 8 + 9 + 19 + 1  # rank, vendor, total, complete, knock-outs, edge
_MODEL_WIDTH = 13
_MOVE_WIDTH = 7  # "▲12" and padding


def ranking_table(ranking: Ranking, *, width: int | None = None) -> RenderableType:
    """The ranking: rank, vendor, model, total, one column per top-level criterion, completeness.

    On a narrow terminal (`width`), a borderless layout with short criterion headers and the
    knock-out reasons as footnotes (report/narrow.py); with a baseline's Move column, the
    delivery model and then per-criterion columns are left out instead, and the caption says so.
    """
    top_level = list(ranking.top_level)
    show_model = True
    moves: dict[str, Text] = {}
    if ranking.changes is not None:  # `--baseline`: a Move column after the rank
        from vendorscore.report.changes_view import baseline_moves

        moves, moved_since = baseline_moves(ranking)
    if width is not None:
        room = width - _ESSENTIAL_WIDTH - (_MOVE_WIDTH if moves else 0)
        show_model = room >= _MODEL_WIDTH + sum(max(5, len(c.id)) + 3 for c in top_level)
        if not show_model and not moves:
            from vendorscore.report.narrow import compact_ranking

            method = scoring_method(ranking.method).label
            return compact_ranking(
                ranking,
                width=width,
                caption=f"{method}, fixed 0-100 scales; missing data: {ranking.missing_policy}",
                knockouts={v.name: _knockouts(v) for v in ranking.vendors if not v.eligible},
            )
        if not show_model:
            kept = []
            for c in top_level:
                room -= max(5, len(c.id)) + 3
                if room < 0:
                    break
                kept.append(c)
            top_level = kept
    method = scoring_method(ranking.method).label
    caption = f"{method}, fixed 0-100 scales; missing data: {ranking.missing_policy}"
    hidden = len(ranking.top_level) - len(top_level)
    if hidden:
        caption += f"; {hidden} criteria columns hidden at this width (widen, or --format csv)"
    if moves:
        caption += f"; {moved_since}"
    table = Table(title=_t(ranking.criteria_name), caption=_t(caption), header_style="bold")
    table.add_column("Rank", justify="right", no_wrap=True)
    if moves:
        table.add_column("Move", no_wrap=True)
    table.add_column("Vendor", min_width=12, ratio=2)
    if show_model:
        table.add_column("Model")
    table.add_column("Total", justify="right", style="bold", no_wrap=True, min_width=5)
    for c in top_level:
        table.add_column(_t(c.id), justify="right", no_wrap=True, min_width=3)
    table.add_column("Complete", justify="right", no_wrap=True)
    table.add_column("Knocked out by", min_width=14, ratio=1)
    for v in ranking.vendors:
        table.add_row(
            "-" if v.rank is None else str(v.rank),
            *([moves[v.name]] if moves else []),
            _t(v.name),
            *([_t(v.delivery_model)] if show_model else []),
            _num(v.total),
            *(_num(v.scores.get(c.id), 0) for c in top_level),
            f"{v.completeness:.0%}",
            _t(_knockouts(v), "red"),
        )
    return table


def _knockouts(vendor: VendorResult) -> str:
    """Failed requirements in short form (`explain` gives the full reasons)."""
    return "; ".join(
        f"{r.field} {format_raw(r.raw)} (needs {r.rule})"
        for r in vendor.requirements
        if not r.passed
    )


def warnings_view(ranking: Ranking) -> RenderableType:
    """The run's warnings, then its notes (what the run assumed), one per line."""
    return Group(
        *(_t(f"warning: {w}", "yellow") for w in ranking.warnings),
        *(_t(f"note: {n}") for n in ranking.notes),
    )


def criteria_tree(ranking_or_criteria: Ranking | tuple[CriterionInfo, ...], title: str) -> Tree:
    """The criteria tree with raw weights and effective (global) weights."""
    infos = (
        ranking_or_criteria.criteria
        if isinstance(ranking_or_criteria, Ranking)
        else ranking_or_criteria
    )
    from rich.tree import Tree  # only `criteria show` draws a tree

    root = Tree(_t(title, "bold"))
    nodes: dict[str | None, Tree] = {None: root}
    for c in infos:
        detail = f"  weight {c.weight:g} -> {c.global_weight:.1%}"
        if c.is_leaf:
            detail += f"  [{c.field}: {c.scale}; missing: {c.missing}]"
        label = Text.assemble(_t(c.id, "bold" if not c.is_leaf else ""), _t(detail, "dim"))
        nodes[c.id] = nodes[c.parent].add(label)
    return root


def explain_view(
    ranking: Ranking, vendor: VendorResult, *, width: int | None = None
) -> RenderableType:
    """Every leaf's raw value, utility, weights and contribution, and each requirement's outcome.

    Tables wider than `width` are split into parts, each repeating the criterion.
    """
    from vendorscore.report.narrow import fit_table

    head = _t(
        f"{vendor.name} ({vendor.delivery_model}, {vendor.file}): "
        + (f"rank {vendor.rank}" if vendor.rank is not None else "not ranked (knocked out)")
        + f", total {vendor.total:.2f}/100, completeness {vendor.completeness:.0%}",
        "bold",
    )
    table = Table(header_style="bold")
    for col, justify in (
        ("Criterion", "left"),
        ("Field", "left"),
        ("Raw value", "left"),
        ("Utility", "right"),
        ("Nominal weight", "right"),
        ("Effective weight", "right"),
        ("Points", "right"),
        ("Missing data", "left"),
    ):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for leaf in vendor.leaves:
        table.add_row(
            _t(leaf.id),
            _t(leaf.field),
            _t(format_measure(leaf.raw, leaf.field, ranking.base_currency)),
            _num(leaf.utility),
            f"{leaf.global_weight:.1%}",
            f"{leaf.effective_weight:.1%}",
            f"{leaf.contribution:.2f}",
            _t(f"missing -> {leaf.missing_policy}" if leaf.missing else ""),
        )
    parts: list[RenderableType] = [head, *fit_table(table, width=width)]
    method = scoring_method(ranking.method)
    if not method.additive:
        parts.append(
            _t(
                f"Method: {method.short}. The total is {method.formula}; points show the "
                f"weighted-sum view for reference and do not add up to the {method.short} total."
            )
        )
    if vendor.requirements:
        req = Table(title="Requirements (knock-outs)", header_style="bold")
        req.add_column("Field")
        req.add_column("Rule")
        req.add_column("Value")
        req.add_column("Outcome")
        for r in vendor.requirements:
            req.add_row(
                _t(r.field),
                _t(r.rule),
                _t(format_raw(r.raw)),
                Text("pass", "green") if r.passed else _t(f"FAIL: {r.reason}", "red"),
            )
        parts += fit_table(req, width=width)
    parts.extend(_t(f"note: {n}") for n in vendor.notes)
    rate = next((r for r in ranking.exchange_rates if r.currency == vendor.currency), None)
    if rate is not None:
        from vendorscore.report.currency import rate_text

        parts.append(_t(f"prices converted at {rate_text(rate, ranking.base_currency)}"))
    parts.append(warnings_view(ranking))
    return Group(*parts)


def _pct(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}%}"


def _money(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def staffing_view(plan: StaffingPlan, *, width: int | None = None) -> RenderableType:
    """Per vendor and interval: load, agents, heads, SL, abandonment, blocking, occupancy, cost.

    Tables wider than `width` are split into parts, each repeating the vendor (report/narrow).
    """
    head = _t(
        f"{plan.demand_name}: {plan.calls_per_week:,.0f} calls a week; {plan.queue_model}, target "
        f"{plan.sl_target:.0%} answered within {plan.threshold_seconds:g} s "
        f"(service level = {plan.sl_definition.replace('_', ' ')})",
        "bold",
    )
    summary = Table(title=_t(f"Monthly totals ({plan.base_currency})"), header_style="bold")
    for col in (
        "Vendor",
        "Model",
        "Peak agents",
        "Peak heads",
        "FTE to hire",
        "SL",
        "Abandon",
        "Blocking",
        "Occupancy",
        "ASA s",
        "Monthly cost",
        "Per call",
        "Notes",
    ):
        summary.add_column(col, justify="left" if col in ("Vendor", "Model", "Notes") else "right")
    ordered = plan.by_monthly_cost
    for v in ordered:
        summary.add_row(
            _t(v.vendor),
            _t(v.queue_model),
            str(v.peak_agents),
            str(v.peak_scheduled_agents),
            f"{v.fte_to_hire:.1f}",
            _pct(v.service_level),
            _pct(v.abandon_rate),
            _pct(v.blocking_rate, 2),
            _pct(v.occupancy),
            _num(v.asa_seconds),
            _money(v.monthly_cost),
            "-" if v.cost_per_call is None else f"{v.cost_per_call:.2f}",
            _t("; ".join(v.notes), "yellow"),
        )
    detail = Table(title="Per interval", header_style="bold")
    for col in (
        "Vendor",
        "Interval",
        "Calls/h",
        "Hours/wk",
        "AHT s",
        "Erlangs",
        "Agents",
        "Heads",
        "SL",
        "Abandon",
        "Blocking",
        "Occupancy",
        "Weekly cost",
    ):
        detail.add_column(col, justify="left" if col in ("Vendor", "Interval") else "right")
    for v in ordered:
        for i in v.intervals:
            detail.add_row(
                _t(v.vendor),
                _t(i.label + ("" if i.feasible else " (targets missed)")),
                f"{i.calls_per_hour:g}",
                f"{i.hours_per_week:g}",
                f"{i.aht_seconds:.0f}",
                f"{i.offered_load_erlangs:.1f}",
                str(i.agents),
                str(i.scheduled_agents),
                _pct(i.service_level),
                _pct(i.abandon_rate),
                _pct(i.blocking_rate, 2),
                _pct(i.occupancy),
                _money(i.weekly_cost),
            )
    from vendorscore.report.narrow import fit_table

    return Group(
        head,
        *fit_table(summary, width=width),
        *fit_table(detail, width=width, keys=2),
        contract_view(plan),
    )


def _thousands(value: float) -> str:
    return f"{value / 1000:,.0f}k" if value >= 500 or value == 0 else f"{value / 1000:.1f}k"


def contract_view(plan: StaffingPlan) -> RenderableType:
    """Each vendor's cost over the contract term, part by part, and what was assumed for it."""
    costs = [(v, v.contract) for v in plan.vendors if v.contract is not None]
    terms = sorted({c.months for _, c in costs})
    term = f", {terms[0]} months" if len(terms) == 1 else ""
    table = Table(
        title=_t(f"Contract cost over the term ({plan.base_currency}, thousands{term})"),
        header_style="bold",
    )
    table.add_column("Vendor")
    heads = ["Set-up", "Training", "Ramp", "Run", "Leavers", "Total"]
    for col in ([] if term else ["Months"]) + heads:
        table.add_column(col, justify="right", no_wrap=True)
    assumed: dict[str, list[str]] = {}
    for v, c in sorted(costs, key=lambda vc: (vc[1].total, vc[0].vendor)):
        included = "" if c.training_billed else " incl."
        table.add_row(
            _t(v.vendor),
            *([] if term else [str(c.months)]),
            _thousands(c.setup_fee),
            _thousands(c.transition_training) + included,
            _thousands(c.ramp),
            _thousands(c.run),
            _thousands(c.replacement_training) + included,
            _thousands(c.total),
        )
        for words in c.assumptions:
            assumed.setdefault(words, []).append(v.vendor)
    unknown = [v.vendor for v in plan.vendors if v.contract is None]
    if unknown:
        assumed["cost not computed (no rate or pricing model)"] = unknown
    legend = _t(
        "Training: starting agents' training; Ramp: half the run cost of the ramp weeks "
        "(time-billed models); Run: the monthly cost over the term, escalated each year; "
        "Leavers: training replacements for attrition; incl.: training included in the price."
    )
    lines = [
        _t(f"{words} ({'every vendor' if len(names) == len(plan.vendors) else ', '.join(names)})")
        for words, names in assumed.items()
    ]
    return Group(table, legend, *lines)
