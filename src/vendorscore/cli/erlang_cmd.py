"""`erlang`: a one-interval queueing calculator (evaluate N agents, or staff for targets)."""

import math
import sys
from enum import StrEnum
from typing import Annotated, Literal

import typer

from vendorscore.cli._app import app, out
from vendorscore.errors import VendorScoreError
from vendorscore.model.limits import (
    MAX_CALLS_PER_HOUR,
    MAX_LINES,
    MAX_PATIENCE_SECONDS,
    MAX_REDIAL_PROBABILITY,
    MAX_SECONDS,
    MAX_SHRINKAGE,
    MAX_THRESHOLD_SECONDS,
    MIN_OCCUPANCY_CAP,
    MIN_SECONDS,
)

__all__ = ["erlang_command"]


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
            want = f"a finite number {'>' if low_open else '>='} {_shown(low)}"
        else:
            want = f"in {lo}{_shown(low)}, {_shown(high)}{')' if high_open else ']'}"
        raise VendorScoreError(f"{flag} must be {want}, got {value:g}")


def _shown(bound: float) -> str:
    return f"{bound:,.0f}" if bound >= 1_000 and bound == int(bound) else f"{bound:g}"


def _whole(flag: str, value: int | None) -> None:
    if value is not None and not 1 <= value <= MAX_LINES:
        raise VendorScoreError(f"{flag} must be from 1 to {MAX_LINES:,}, got {value}")


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

    # The same ranges as a demand file's (model/records.py): no contact centre comes near
    # their limits, and within them every search is short and every figure finite.
    _number("--calls-per-hour", calls_per_hour, low=0.0, high=MAX_CALLS_PER_HOUR)
    _number("--aht-seconds", aht_seconds, low=MIN_SECONDS, high=MAX_SECONDS)
    _number("--threshold-seconds", threshold_seconds, low=0.0, high=MAX_THRESHOLD_SECONDS)
    _number("--target", target, low=0.0, high=1.0, low_open=True, high_open=True)
    _number("--patience-seconds", patience_seconds, low=MIN_SECONDS, high=MAX_PATIENCE_SECONDS)
    _number("--redial-probability", redial_probability, low=0.0, high=MAX_REDIAL_PROBABILITY)
    _number("--max-occupancy", max_occupancy, low=MIN_OCCUPANCY_CAP, high=1.0)
    for flag, cap in (
        ("--max-abandon-rate", max_abandon_rate),
        ("--max-blocking", max_blocking),
    ):
        _number(flag, cap, low=0.0, high=1.0, low_open=True)
    _number("--shrinkage", shrinkage, low=0.0, high=MAX_SHRINKAGE)
    _whole("--agents", agents)
    _whole("--lines", lines)
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
    definition: SlDefinition = sl_definition.value
    try:
        load = erlang.offered_load_erlangs(calls_per_hour, aht_seconds)
        if load > erlang.MAX_OFFERED_LOAD_ERLANGS:
            raise VendorScoreError(
                f"--calls-per-hour x --aht-seconds is {load:,.0f} Erlangs; this calculator "
                f"handles up to {erlang.MAX_OFFERED_LOAD_ERLANGS:,} "
                "(split the queue into sites or intervals)"
            )
        result = erlang.evaluate_or_staff(
            load, aht_seconds=aht_seconds, model=_MODELS[model], agents=agents,
            sl_target=target, threshold_seconds=threshold_seconds,
            patience_seconds=patience_seconds, max_abandon_rate=max_abandon_rate,
            max_blocking=max_blocking, max_occupancy=max_occupancy, lines=lines,
            redial_probability=redial_probability, shrinkage=shrinkage,
            sl_definition=definition,
        )  # fmt: skip
    except ValueError as exc:  # a library check the flag checks above did not anticipate
        raise VendorScoreError(str(exc)) from exc
    if not result.feasible:
        raise VendorScoreError(
            f"no agent count meets every target with --lines {lines}: "
            f"{result.agents} agents still miss {', '.join(result.binding)}"
        )
    if fmt is ErlangFormat.json:
        from vendorscore.report.erlang import interval_json

        sys.stdout.write(interval_json(result))
    else:
        from vendorscore.report.erlang import interval_table

        out().print(interval_table(result))
