"""The `erlang` calculator's result as a Rich table and as JSON; computes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.table import Table

    from vendorscore.erlang import IntervalResult

__all__ = ["JSON_KEYS", "interval_json", "interval_row", "interval_table"]

JSON_KEYS = (
    "model",
    "offered_load_erlangs",
    "agents",
    "scheduled_agents",
    "stable",
    "blocking_probability",
    "prob_wait",
    "prob_abandon",
    "service_level",
    "service_level_definition",
    "asa_seconds",
    "occupancy",
)

_TITLES = {
    "erlang_b": "Erlang B",
    "erlang_c": "Erlang C",
    "erlang_a": "Erlang A",
    "erlang_x": "Erlang X",
}


def interval_row(result: IntervalResult) -> dict[str, Any]:
    """The JSON figures, keys in the order of JSON_KEYS (None: the model has no such figure)."""
    m = result.metrics
    return {
        "model": m.model,
        "offered_load_erlangs": m.offered_load_erlangs,
        "agents": result.agents,
        "scheduled_agents": result.scheduled_agents,
        "stable": m.stable,
        "blocking_probability": m.blocking_probability,
        "prob_wait": m.prob_wait,
        "prob_abandon": m.prob_abandon,
        "service_level": m.service_level,
        "service_level_definition": m.service_level_definition,
        "asa_seconds": m.asa_seconds,
        "occupancy": m.occupancy,
    }


def interval_json(result: IntervalResult) -> str:
    """One JSON document, indented, ending in a newline; NaN and infinities are refused."""
    import json  # only the JSON output needs it

    return json.dumps(interval_row(result), indent=2, allow_nan=False) + "\n"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100.0 * value:.2f}%"


def interval_table(result: IntervalResult) -> Table:
    """Two columns, figure and value; rows a model has no figure for are left out."""
    from rich.table import Table  # only the table output needs rich

    m, staffing = result.metrics, result.staffed
    title = f"{_TITLES[m.model]}: {'staffing' if staffing else 'evaluation'}"
    table = Table(title=title, show_header=False)
    table.add_column("figure")
    table.add_column("value", justify="right")
    load = f"{m.offered_load_erlangs:.3f} Erlangs"
    if m.redial_probability:
        load += f" (fresh {m.fresh_offered_load_erlangs:.3f} + redials)"
    table.add_row("offered load", load)
    table.add_row("lines" if m.model == "erlang_b" else "agents", str(result.agents))
    if m.lines is not None and m.model == "erlang_x":
        table.add_row("lines", str(m.lines))
    if result.scheduled_agents is not None:
        table.add_row(f"scheduled (shrinkage {result.shrinkage:.0%})", str(result.scheduled_agents))
    table.add_row("stable", "yes" if m.stable else "no: agents <= load, the queue grows")
    if m.blocking_probability is not None:
        table.add_row("blocking", _pct(m.blocking_probability))
    if m.prob_wait is not None:
        table.add_row("probability of waiting", _pct(m.prob_wait))
    if m.prob_abandon is not None:
        table.add_row("abandonment", _pct(m.prob_abandon))
    if m.model != "erlang_b":
        sl = _pct(m.service_level)
        table.add_row(
            f"service level ({m.service_level_definition}, {m.threshold_seconds:g} s)", sl
        )
        asa = "n/a" if m.asa_seconds is None else f"{m.asa_seconds:.1f} s"
        table.add_row("ASA (answered calls)", asa)
    table.add_row("occupancy", _pct(m.occupancy))
    if m.redial_probability:
        table.add_row("fresh callers finally lost", _pct(m.lost_fraction_of_fresh_callers))
    if staffing and result.binding:
        table.add_row("one agent fewer misses", ", ".join(result.binding))
    return table
