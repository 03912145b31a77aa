"""`sensitivity`: exact weight-stability intervals, the close call and SMAA-2 rank acceptability."""

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Annotated

import typer

import vendorscore.cli.weights_cmd  # noqa: F401  (registers `weights ahp`)
from vendorscore.cli._app import app, err, out
from vendorscore.cli._common import (
    CriteriaOpt,
    DemandOpt,
    MethodChoice,
    MethodOpt,
    PathsArg,
    RatesOpt,
    RatingsOpt,
    build_ranking,
    check_smaa_options,
    write_messages,
)
from vendorscore.errors import VendorScoreError

# Progress is shown on a terminal only, and only when a run is long enough to wait for.
_PROGRESS_FROM_SAMPLES = 50_000


@contextmanager
def _progress(samples: int) -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback drawing a Rich bar on stderr, or None when stderr is not a terminal."""
    console = err()
    if samples < _PROGRESS_FROM_SAMPLES or not console.is_terminal:
        yield None
        return
    from rich.progress import Progress

    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("SMAA samples", total=samples)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


@app.command()
def sensitivity(
    paths: PathsArg,
    criteria: CriteriaOpt = None,
    demand: DemandOpt = None,
    method: MethodOpt = MethodChoice.weighted_sum,
    samples: Annotated[
        int, typer.Option("--samples", "-n", help="SMAA weight samples (0 skips SMAA).")
    ] = 10_000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: same seed, same output.")] = 0,
    weights: Annotated[
        str,
        typer.Option(
            "--weights", help="uniform (any weighting) or around (near the stated weights)."
        ),
    ] = "uniform",
    concentration: Annotated[
        float,
        typer.Option(
            "--concentration",
            help="With --weights around: higher keeps samples closer to the stated weights.",
        ),
    ] = 50.0,
    constraint: Annotated[
        list[str] | None,
        typer.Option(
            "--constraint", help="Ordinal weight constraint, e.g. 'cost >= security >= language'."
        ),
    ] = None,
    level: Annotated[
        str, typer.Option("--level", help="SMAA over top-level criteria (top) or every leaf.")
    ] = "top",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    ratings: RatingsOpt = None,
    rate: RatesOpt = None,
) -> None:
    """How robust is the ranking to the weights? Stability intervals, close call and SMAA-2."""
    _check_choice("--weights", weights, ("uniform", "around"))
    _check_choice("--level", level, ("top", "leaves"))
    _check_choice("--format", fmt, ("table", "json"))
    check_smaa_options(samples=samples, seed=seed, concentration=concentration)
    # The matrix products here are small: extra BLAS threads only spin. Set before numpy loads.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from vendorscore.report.sensitivity import sensitivity_json, sensitivity_renderables
    from vendorscore.robustness.smaa import smaa
    from vendorscore.robustness.stability import stability

    ranking = build_ranking(paths, criteria, demand, method, ratings=ratings, rates=rate)
    if not ranking.eligible:
        raise VendorScoreError("no eligible vendor: every vendor failed a requirement")
    stable = stability(ranking)
    result = None
    if samples:
        with _progress(samples) as progress:
            result = smaa(
                ranking,
                samples=samples,
                seed=seed,
                weights="around" if weights == "around" else "uniform",
                concentration=concentration,
                constraints=tuple(constraint or ()),
                level="leaves" if level == "leaves" else "top",
                progress=progress,
            )
    from vendorscore.report.currency import currency_json, currency_renderable, rates_json
    from vendorscore.robustness.currency import currency_stability

    currencies = currency_stability(ranking)
    write_messages(ranking, notes=False)  # the notes close the report itself
    if fmt == "json":
        from vendorscore.report.safe import safe_json

        data = sensitivity_json(ranking, stable, result)
        data["exchange_rates"] = rates_json(ranking.exchange_rates)
        data["currency_stability"] = currency_json(currencies)
        data["warnings"], data["notes"] = list(ranking.warnings), list(ranking.notes)
        sys.stdout.write(safe_json(data, sort_keys=True, indent=2) + "\n")
        return
    console = out()
    for renderable in sensitivity_renderables(stable, result):
        console.print(renderable)
    if currencies:
        console.print(currency_renderable(currencies, ranking.base_currency))
    from rich.text import Text

    from vendorscore.report.text import message_lines

    for line in message_lines(replace(ranking, warnings=())):
        console.print(Text(line))


def _check_choice(option: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise VendorScoreError(f"{option}: '{value}' is not one of {', '.join(allowed)}")
