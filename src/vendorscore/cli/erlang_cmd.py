"""`erlang`: a one-interval queueing calculator (evaluate N agents, or staff for targets)."""

import math
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from vendorscore.cli._app import app, handle_errors, out
from vendorscore.errors import VendorScoreError

if TYPE_CHECKING:
    from rich.table import Table

    from vendorscore import erlang

__all__ = ["MAX_ERLANGS", "erlang_command"]

MAX_ERLANGS = 100_000  # offered load the queueing maths is checked up to

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


Model = Literal["erlang_b", "erlang_c", "erlang_a", "erlang_x"]  # as vendorscore.erlang.Model
SlDefinition = Literal[
    "answered_of_offered",
    "answered_of_answered",
    "answered_excl_short_abandons",
    "short_abandons_as_met",
    "virtual_wait",
]


class ModelChoice(StrEnum):
    """Queueing models by their one-letter names."""

    c = "c"
    a = "a"
    x = "x"
    b = "b"


class ErlangFormat(StrEnum):
    """Output formats of the calculator."""

    table = "table"
    json = "json"


class SlDefinitionChoice(StrEnum):
    """Service-level definitions (they differ once callers abandon or are blocked)."""

    answered_of_offered = "answered_of_offered"
    answered_of_answered = "answered_of_answered"
    answered_excl_short_abandons = "answered_excl_short_abandons"
    short_abandons_as_met = "short_abandons_as_met"
    virtual_wait = "virtual_wait"


_MODELS: dict[ModelChoice, Model] = {
    ModelChoice.c: "erlang_c",
    ModelChoice.a: "erlang_a",
    ModelChoice.x: "erlang_x",
    ModelChoice.b: "erlang_b",
}


def _number(flag: str, value: float | None, *, low: float, high: float | None = None,
            low_open: bool = False, high_open: bool = False) -> None:  # fmt: skip
    """Refuse NaN, infinities and values outside [low, high] with a message naming the flag."""
    if value is None:
        return
    ok = math.isfinite(value) and (value > low if low_open else value >= low)
    if ok and high is not None:
        ok = value < high if high_open else value <= high
    if not ok:
        lo = "(" if low_open else "["
        if high is None:
            want = f"a finite number {'>' if low_open else '>='} {low:g}"
        else:
            want = f"in {lo}{low:g}, {high:g}{')' if high_open else ']'}"
        raise VendorScoreError(f"{flag} must be {want}, got {value:g}")


def _check_flags(
    model: ModelChoice,
    *,
    agents: int | None,
    target: float | None,
    patience_seconds: float | None,
    lines: int | None,
    redial_probability: float,
    max_occupancy: float | None,
    max_abandon_rate: float | None,
    max_blocking: float | None,
) -> None:
    """Refuse flag combinations that make no sense, one clear message each."""
    if agents is not None and target is not None:
        raise VendorScoreError(
            "give either --agents (evaluate) or --target (staff for a service level), not both"
        )
    if model is ModelChoice.b:
        if target is not None:
            raise VendorScoreError(
                "--model b has no queue and no service level: staff it with --max-blocking"
            )
        if agents is None and max_blocking is None:
            raise VendorScoreError("--model b needs --agents N (lines) or --max-blocking B")
    elif agents is None and target is None:
        raise VendorScoreError("give --agents N to evaluate or --target SL to staff")
    if model in (ModelChoice.a, ModelChoice.x) and patience_seconds is None:
        raise VendorScoreError(f"--model {model} needs --patience-seconds (mean caller patience)")
    if model in (ModelChoice.c, ModelChoice.b) and patience_seconds is not None:
        raise VendorScoreError("--patience-seconds applies to --model a or x only")
    if model is ModelChoice.x and lines is None:
        raise VendorScoreError("--model x needs --lines (trunks: agents plus queue slots)")
    if model is not ModelChoice.x and lines is not None:
        hint = (
            " (with --model b, --agents is the number of lines)" if model is ModelChoice.b else ""
        )
        raise VendorScoreError(f"--lines applies to --model x only{hint}")
    if model is ModelChoice.c and redial_probability > 0.0:
        raise VendorScoreError("--redial-probability needs a model that loses calls (a, x or b)")
    if model in (ModelChoice.c, ModelChoice.b) and max_abandon_rate is not None:
        raise VendorScoreError("--max-abandon-rate applies to --model a or x only")
    if model in (ModelChoice.c, ModelChoice.a) and max_blocking is not None:
        raise VendorScoreError("--max-blocking applies to --model x or b only")
    if agents is not None:
        for flag, value in (
            ("--max-occupancy", max_occupancy),
            ("--max-abandon-rate", max_abandon_rate),
            ("--max-blocking", max_blocking),
        ):
            if value is not None:
                raise VendorScoreError(f"{flag} is a staffing target: use it without --agents")
    if agents is not None and lines is not None and lines < agents:
        raise VendorScoreError(f"--lines ({lines}) must be at least --agents ({agents})")


@app.command("erlang")
def erlang_command(
    calls_per_hour: Annotated[
        float, typer.Option("--calls-per-hour", help="Offered calls per hour.")
    ],
    aht_seconds: Annotated[
        float, typer.Option("--aht-seconds", help="Average handle time (talk+hold+wrap), seconds.")
    ],
    threshold_seconds: Annotated[
        float, typer.Option("--threshold-seconds", help="Service-level threshold T, seconds.")
    ] = 20.0,
    agents: Annotated[
        int | None, typer.Option("--agents", help="Evaluate this many agents (lines for -m b).")
    ] = None,
    target: Annotated[
        float | None,
        typer.Option("--target", help="Staff: smallest N with service level >= this (0-1)."),
    ] = None,
    model: Annotated[
        ModelChoice,
        typer.Option(
            "--model",
            "-m",
            help="c: Erlang C (patient callers); a: Erlang A (abandonment); "
            "x: Erlang X (lines, abandonment, redials); b: Erlang B (lines only).",
        ),
    ] = ModelChoice.c,
    patience_seconds: Annotated[
        float | None,
        typer.Option("--patience-seconds", help="Mean caller patience, seconds (a, x)."),
    ] = None,
    lines: Annotated[
        int | None, typer.Option("--lines", help="Lines (trunks) >= agents (x).")
    ] = None,
    redial_probability: Annotated[
        float,
        typer.Option("--redial-probability", help="Share of lost calls that redial (a, x, b)."),
    ] = 0.0,
    max_occupancy: Annotated[
        float | None, typer.Option("--max-occupancy", help="Staffing cap on occupancy (0-1].")
    ] = None,
    max_abandon_rate: Annotated[
        float | None,
        typer.Option("--max-abandon-rate", help="Staffing cap on abandonment (0-1] (a, x)."),
    ] = None,
    max_blocking: Annotated[
        float | None,
        typer.Option("--max-blocking", help="Staffing cap on blocking (0-1] (x, b)."),
    ] = None,
    shrinkage: Annotated[
        float,
        typer.Option("--shrinkage", help="Paid time off the phones [0-1): scheduled heads."),
    ] = 0.0,
    fmt: Annotated[
        ErlangFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ErlangFormat.table,
    sl_definition: Annotated[
        SlDefinitionChoice,
        typer.Option(
            "--sl-definition",
            help="answered_of_offered (default: abandoned calls fail) or answered_of_answered, "
            "answered_excl_short_abandons, short_abandons_as_met, virtual_wait.",
        ),
    ] = SlDefinitionChoice.answered_of_offered,
) -> None:
    """Queueing calculator for one interval: evaluate --agents N, or staff for --target SL."""
    from vendorscore import erlang  # imported on use: other commands never pay for it

    with handle_errors():
        _number("--calls-per-hour", calls_per_hour, low=0.0)
        _number("--aht-seconds", aht_seconds, low=0.0, low_open=True)
        _number("--threshold-seconds", threshold_seconds, low=0.0)
        _number("--target", target, low=0.0, high=1.0, low_open=True, high_open=True)
        _number("--patience-seconds", patience_seconds, low=0.1)
        _number("--redial-probability", redial_probability, low=0.0, high=1.0, high_open=True)
        for flag, cap in (
            ("--max-occupancy", max_occupancy),
            ("--max-abandon-rate", max_abandon_rate),
            ("--max-blocking", max_blocking),
        ):
            _number(flag, cap, low=0.0, high=1.0, low_open=True)
        _number("--shrinkage", shrinkage, low=0.0, high=1.0, high_open=True)
        if agents is not None and agents < 1:
            raise VendorScoreError(f"--agents must be at least 1, got {agents}")
        if lines is not None and lines < 1:
            raise VendorScoreError(f"--lines must be at least 1, got {lines}")
        _check_flags(
            model,
            agents=agents,
            target=target,
            patience_seconds=patience_seconds,
            lines=lines,
            redial_probability=redial_probability,
            max_occupancy=max_occupancy,
            max_abandon_rate=max_abandon_rate,
            max_blocking=max_blocking,
        )
        name = _MODELS[model]
        definition: SlDefinition = sl_definition.value
        try:
            load = erlang.offered_load_erlangs(calls_per_hour, aht_seconds)
            if load > MAX_ERLANGS:
                raise VendorScoreError(
                    f"--calls-per-hour x --aht-seconds is {load:,.0f} Erlangs; this calculator "
                    f"handles up to {MAX_ERLANGS:,} (split the queue into sites or intervals)"
                )
            binding: tuple[str, ...] = ()
            if agents is not None:
                metrics = erlang.queue_metrics(
                    load, model=name, agents=agents, aht_seconds=aht_seconds,
                    threshold_seconds=threshold_seconds, patience_seconds=patience_seconds,
                    lines=lines, redial_probability=redial_probability,
                    sl_definition=definition,
                )  # fmt: skip
                n = agents
                scheduled = erlang.scheduled_agents(n, shrinkage=shrinkage)
            else:
                result = erlang.agents_for_targets(
                    load, aht_seconds=aht_seconds, model=name, sl_target=target,
                    threshold_seconds=threshold_seconds, patience_seconds=patience_seconds,
                    max_abandon_rate=max_abandon_rate, max_blocking=max_blocking,
                    max_occupancy=max_occupancy, lines=lines,
                    redial_probability=redial_probability, shrinkage=shrinkage,
                    sl_definition=definition,
                )  # fmt: skip
                if not result.feasible:
                    raise VendorScoreError(
                        f"no agent count meets every target with --lines {lines}: "
                        f"{result.agents} agents still miss {', '.join(result.binding)}"
                    )
                metrics, n, scheduled = result.metrics, result.agents, result.scheduled_agents
                binding = result.binding
        except ValueError as exc:  # a library check the flag checks above did not anticipate
            raise VendorScoreError(str(exc)) from exc
        row = _row(metrics, n, None if model is ModelChoice.b else scheduled)
        if fmt is ErlangFormat.json:
            import json

            sys.stdout.write(json.dumps(row, indent=2, allow_nan=False) + "\n")
        else:
            out().print(_table(row, metrics, shrinkage, binding, staffing=agents is None))


def _row(m: "erlang.QueueMetrics", agents: int, scheduled: int | None) -> dict[str, Any]:
    return {
        "model": m.model,
        "offered_load_erlangs": m.offered_load_erlangs,
        "agents": agents,
        "scheduled_agents": scheduled,
        "stable": m.stable,
        "blocking_probability": m.blocking_probability,
        "prob_wait": m.prob_wait,
        "prob_abandon": m.prob_abandon,
        "service_level": m.service_level,
        "service_level_definition": m.service_level_definition,
        "asa_seconds": m.asa_seconds,
        "occupancy": m.occupancy,
    }


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100.0 * value:.2f}%"


def _table(
    row: dict[str, Any],
    m: "erlang.QueueMetrics",
    shrinkage: float,
    binding: tuple[str, ...],
    *,
    staffing: bool,
) -> "Table":
    from rich.table import Table  # only the table output needs rich

    title = {
        "erlang_b": "Erlang B",
        "erlang_c": "Erlang C",
        "erlang_a": "Erlang A",
        "erlang_x": "Erlang X",
    }[m.model]
    table = Table(title=f"{title}: {'staffing' if staffing else 'evaluation'}", show_header=False)
    table.add_column("figure")
    table.add_column("value", justify="right")
    load = f"{m.offered_load_erlangs:.3f} Erlangs"
    if m.redial_probability:
        load += f" (fresh {m.fresh_offered_load_erlangs:.3f} + redials)"
    table.add_row("offered load", load)
    table.add_row("lines" if m.model == "erlang_b" else "agents", str(row["agents"]))
    if m.lines is not None and m.model == "erlang_x":
        table.add_row("lines", str(m.lines))
    if row["scheduled_agents"] is not None:
        table.add_row(f"scheduled (shrinkage {shrinkage:.0%})", str(row["scheduled_agents"]))
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
    if staffing and binding:
        table.add_row("one agent fewer misses", ", ".join(binding))
    return table
