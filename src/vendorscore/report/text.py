"""Results to plain text formats: JSON, CSV and Markdown (untrusted text through safe.py)."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from vendorscore.model.results import Ranking, VendorResult
from vendorscore.report.safe import safe_json, safe_line, safe_text

if TYPE_CHECKING:
    from vendorscore.model.plans import StaffingPlan

__all__ = [
    "format_raw",
    "ranking_csv",
    "ranking_dict",
    "ranking_json",
    "ranking_markdown",
    "staffing_csv",
    "staffing_dict",
    "staffing_json",
]

# Spreadsheet programs run a CSV cell starting with these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def message_lines(ranking: Ranking) -> list[str]:
    """The run's warnings, then its notes, one safe line each ("warning: ...", "note: ...")."""
    return [safe_line(f"warning: {w}") for w in ranking.warnings] + [
        safe_line(f"note: {n}") for n in ranking.notes
    ]


def format_measure(value: object, field: str, base_currency: str) -> str:
    """A raw value with its unit when it is a computed money figure: `1.87 USD per contact`."""
    from vendorscore.scoring.derived import field_unit

    unit = field_unit(field, base_currency)
    if unit is None or not isinstance(value, int | float) or isinstance(value, bool):
        return format_raw(value)
    return f"{value:,.2f} {unit}"


def format_raw(value: object) -> str:
    """A raw profile value as a person reads it; missing is `missing`, never 0."""
    if value is None:
        return "missing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(format_raw(v) for v in value) or "(none)"
    return str(value)


def _round(x: float | None) -> float | None:
    if x is None or not math.isfinite(x):
        return None
    return round(x, 10)


def _vendor_dict(v: VendorResult) -> dict[str, Any]:
    from vendorscore.report.saved_json import vendor_fields

    return {
        "rank": v.rank,
        "name": v.name,
        "file": v.file,
        "delivery_model": v.delivery_model,
        "eligible": v.eligible,
        "total": _round(v.total),
        "completeness": _round(v.completeness),
        "failed_requirements": list(v.failed_requirements),
        "scores": {k: _round(u) for k, u in v.scores.items()},
        "contributions": {k: _round(p) for k, p in v.contributions.items()},
        **vendor_fields(v),
    }


def ranking_dict(ranking: Ranking) -> dict[str, Any]:
    """The JSON contract of `vendorscore rank --format json`, as data."""
    from vendorscore.report.currency import rates_json
    from vendorscore.report.saved_json import criteria_fields, header_fields, inputs_field

    return {
        **header_fields(),
        "criteria": {
            "name": ranking.criteria_name,
            "file": ranking.criteria_file,
            "method": ranking.method,
            **criteria_fields(ranking),
            "exchange_rates": rates_json(ranking.exchange_rates),
        },
        "vendors": [_vendor_dict(v) for v in ranking.vendors],
        "warnings": list(ranking.warnings),
        "notes": list(ranking.notes),
        "inputs": inputs_field(ranking),
        **_changes_field(ranking),
        **_method_note(ranking),
        **_panel_field(ranking),
    }


def _changes_field(ranking: Ranking) -> dict[str, Any]:
    if ranking.changes is None:  # the comparison presenter is loaded only with a baseline
        return {}
    from vendorscore.report.changes import changes_field

    return changes_field(ranking)


def _panel_field(ranking: Ranking) -> dict[str, Any]:
    if ranking.panel is None:  # the panel presenter is loaded only when a panel rated
        return {}
    from vendorscore.report.panel import panel_field

    return panel_field(ranking)


def _method_note(ranking: Ranking) -> dict[str, str]:
    """A note on what the total is, when the contributions do not add up to it."""
    from vendorscore.scoring.methods import scoring_method

    method = scoring_method(ranking.method)
    if method.additive:
        return {}
    return {
        "note": f"total is the {method.meaning}; "
        "contributions are the weighted-sum points and do not add up to it"
    }


def ranking_json(ranking: Ranking) -> str:
    """Exactly one JSON document (UTF-8 text, no NaN)."""
    return safe_json(ranking_dict(ranking), indent=2) + "\n"


def staffing_dict(plan: StaffingPlan) -> dict[str, Any]:
    """The staffing plan as data (every figure the table shows, unrounded but finite)."""

    def clean(value: object) -> object:
        if isinstance(value, float):
            return _round(value)
        if isinstance(value, tuple | list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {str(k): clean(v) for k, v in value.items()}
        fields = getattr(value, "__dataclass_fields__", None)
        if fields is not None:  # a part of the plan (the contract cost) as its own object
            return {k: clean(getattr(value, k)) for k in fields}
        return value

    vendors = []
    for v in plan.vendors:
        row = {k: clean(getattr(v, k)) for k in v.__dataclass_fields__ if k != "intervals"}
        row["intervals"] = [
            {k: clean(getattr(i, k)) for k in i.__dataclass_fields__} for i in v.intervals
        ]
        vendors.append(row)
    head = {k: clean(getattr(plan, k)) for k in plan.__dataclass_fields__ if k != "vendors"}
    return {**head, "vendors": vendors}


def staffing_json(plan: StaffingPlan) -> str:
    """The staffing plan as one JSON document."""
    return safe_json(staffing_dict(plan), indent=2) + "\n"


def staffing_csv(plan: StaffingPlan) -> str:
    """One row per vendor and interval, then one total row per vendor (interval `TOTAL/month`)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = RoundedRows(csv.writer(buffer, lineterminator="\n"))
    writer.writerow(
        [
            "vendor",
            "interval",
            "calls_per_hour",
            "hours_per_week",
            "aht_seconds",
            "offered_load_erlangs",
            "agents",
            "scheduled_agents",
            "service_level",
            "abandon_rate",
            "blocking_rate",
            "occupancy",
            "asa_seconds",
            "weekly_cost",
            "monthly_cost",
            "cost_per_call",
            "notes",
            "fte_to_hire",
        ]
    )
    for v in plan.vendors:
        for i in v.intervals:
            writer.writerow(
                [
                    _csv_cell(x)
                    for x in (
                        v.vendor,
                        i.label,
                        i.calls_per_hour,
                        i.hours_per_week,
                        i.aht_seconds,
                        i.offered_load_erlangs,
                        i.agents,
                        i.scheduled_agents,
                        i.service_level,
                        i.abandon_rate,
                        i.blocking_rate,
                        i.occupancy,
                        i.asa_seconds,
                        i.weekly_cost,
                        "",
                        "",
                        "",
                        "",
                    )
                ]
            )
        writer.writerow(
            [
                _csv_cell(x)
                for x in (
                    v.vendor,
                    "TOTAL/month",
                    "",
                    "",
                    v.aht_seconds,
                    "",
                    v.peak_agents,
                    v.peak_scheduled_agents,
                    v.service_level,
                    v.abandon_rate,
                    v.blocking_rate,
                    v.occupancy,
                    v.asa_seconds,
                    v.weekly_cost,
                    v.monthly_cost,
                    v.cost_per_call,
                    "; ".join(v.notes),
                    v.fte_to_hire,
                )
            ]
        )
    return buffer.getvalue()


def csv_decimals(column: str) -> int:
    """The decimals a CSV figure keeps, by its column's unit: below that is float noise."""
    if column.endswith(("cost", "cost_per_call", "fee", "_seconds", "_per_hour", "_per_week")):
        return 2  # money in cents; seconds and volumes to a hundredth
    if column.endswith("_erlangs"):
        return 4
    return 6  # fractions (service level, rates, occupancy): to a ten-thousandth of a percent


def _fixed(value: float, decimals: int) -> str:
    """`value` to `decimals` places in plain notation, trailing zeros dropped: 1e-06 reads
    0.000001 and 396.00000000000006 reads 396.0 (a spreadsheet parses either as a number)."""
    text = f"{round(value, decimals) + 0.0:.{decimals}f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


class RoundedRows:
    """A csv writer whose first row names the columns; later floats are rounded by column."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer
        self._decimals: list[int] | None = None

    def writerow(self, row: list[Any]) -> None:
        """Write one row, each float rounded (396.00000000000006 -> 396.0, 4.6e-290 -> 0.0)."""
        if self._decimals is None:
            self._decimals = [csv_decimals(str(c)) for c in row]
        else:
            row = [
                _fixed(x, d) if isinstance(x, float) and math.isfinite(x) else x
                for x, d in zip(row, self._decimals, strict=True)
            ]
        self._writer.writerow(row)


def _csv_cell(value: object) -> object:
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_START):
        value = "'" + value  # shown as text by spreadsheet programs, never run as a formula
    return safe_text(value)  # control characters escaped: `cat report.csv` stays harmless


def ranking_csv(ranking: Ranking) -> str:
    """One row per vendor: rank, name, model, total, top-level utilities, completeness, reasons."""
    import csv
    import io

    from vendorscore.report.changes import baseline_columns

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    top = ranking.top_level
    moves = baseline_columns(ranking)  # `--baseline`: two more columns at the end
    writer.writerow(
        [
            "rank",
            "vendor",
            "delivery_model",
            "total",
            *(c.id for c in top),
            "completeness",
            "failed_requirements",
            *(["rank_before", "change"] if moves else []),
        ]
    )
    for v in ranking.vendors:
        row = [
            "" if v.rank is None else v.rank,
            v.name,
            v.delivery_model,
            f"{v.total:.4f}",
            *("" if v.scores.get(c.id) is None else f"{v.scores[c.id]:.4f}" for c in top),
            f"{v.completeness:.4f}",
            "; ".join(v.failed_requirements),
            *(moves[v.name][:2] if moves else []),
        ]
        writer.writerow([_csv_cell(x) for x in row])
    return buffer.getvalue()


# What GitHub-flavoured Markdown turns into a link by itself (its "extended autolinks"): the
# `:` of `scheme://`, `www.`, and the `@` of an e-mail address (mailto: and xmpp: links need
# one too). An escaped `:` or `.` is plain text; an `@` needs a code span, as GFM joins escaped
# text back together before it looks for addresses.
_AUTOLINK = re.compile(r"(?i):(?=//)|(?<=www)\.|(?<=[\w.+-])@(?=[\w-]+\.\w)")


def _md(value: object) -> str:
    """Untrusted text as Markdown that renders as that text: no markup, no links."""
    text = safe_text(value).replace("\\", "\\\\").replace("|", "\\|")
    for ch in "*_`[]<>#":
        text = text.replace(ch, "\\" + ch)
    return _AUTOLINK.sub(lambda m: "`@`" if m.group(0) == "@" else "\\" + m.group(0), text)


def ranking_markdown(ranking: Ranking) -> str:
    """A GitHub-flavoured Markdown table of the ranking (vendor text escaped)."""
    from vendorscore.report.changes import baseline_columns

    top = ranking.top_level
    moves = baseline_columns(ranking)  # `--baseline`: a Move column at the end
    head = [
        "Rank",
        "Vendor",
        "Model",
        "Total",
        *(_md(c.label) for c in top),
        "Complete",
        "Knock-out reasons",
        *(["Move"] if moves else []),
    ]
    lines = [f"## {_md(ranking.criteria_name)}", "", "| " + " | ".join(head) + " |"]
    lines.append("|" + "|".join("---:" if i in (0, 3) else "---" for i in range(len(head))) + "|")
    for v in ranking.vendors:
        cells = [
            "-" if v.rank is None else str(v.rank),
            _md(v.name),
            _md(v.delivery_model),
            f"{v.total:.1f}",
            *("-" if v.scores.get(c.id) is None else f"{v.scores[c.id]:.1f}" for c in top),
            f"{v.completeness:.0%}",
            _md("; ".join(v.failed_requirements)),
            *([moves[v.name][2]] if moves else []),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.extend(f"\n> warning: {_md(w)}" for w in ranking.warnings)
    lines.extend(f"\n> note: {_md(n)}" for n in ranking.notes)
    return "\n".join(lines) + "\n"
