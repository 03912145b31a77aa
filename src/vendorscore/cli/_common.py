"""Shared options of the reporting commands, and the library calls behind them in CLI words."""

from __future__ import annotations

import math
import sys
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer

from vendorscore.errors import ASK_FOR, MissingInputError, VendorScoreError

if TYPE_CHECKING:
    from vendorscore.api import Inputs
    from vendorscore.model.results import Ranking

__all__ = [
    "CriteriaOpt",
    "DemandOpt",
    "MethodChoice",
    "MethodOpt",
    "PathsArg",
    "RatesOpt",
    "RatingsOpt",
    "build_ranking",
    "cli_words",
    "load_inputs",
    "write_messages",
]


class MethodChoice(StrEnum):
    """Scoring methods (scoring/methods.py), by the names `--method` takes."""

    weighted_sum = "weighted_sum"
    topsis = "topsis"


PathsArg = Annotated[
    list[Path],
    typer.Argument(
        help="Vendor profile files, or folders of *.yaml/*.yml files.",
        show_default=False,
        readable=False,  # checked when read, so every problem is reported at once
    ),
]
CriteriaOpt = Annotated[
    str | None,
    typer.Option(
        "--criteria",
        "-c",
        help="Criteria file, or a bundled set's name (default, healthcare, payments, tco).",
    ),
]
DemandOpt = Annotated[
    Path | None,
    typer.Option(
        "--demand",
        "-d",
        help="Demand profile YAML: score true cost and service on your call volume.",
        readable=False,
    ),
]
RatingsOpt = Annotated[
    Path | None,
    typer.Option(
        "--ratings",
        "-r",
        help="An evaluation panel's evaluator files (a folder of *.yaml): rated criteria "
        "score the panel's consensus.",
        readable=False,
    ),
]
RatesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--rate",
        help="An exchange rate for this run, CODE=<base units per unit> (e.g. PLN=0.25); "
        "repeat for more; it takes the place of the criteria file's.",
        show_default=False,
    ),
]
MethodOpt = Annotated[
    MethodChoice,
    typer.Option("--method", "-m", help="Aggregation: weighted_sum (default) or topsis."),
]

# The options that give what library messages ask for (errors.ASK_FOR).
_OPTIONS = {"demand": "pass --demand FILE", "ratings": "pass --ratings DIR", "rate": "pass --rate"}

# SMAA samples a command draws at most: 25 times the default, an acceptability to within about
# 0.2 percentage points, in a few seconds even over every leaf.
MAX_SAMPLES = 250_000
# Dirichlet concentration around the stated weights: beyond these, draws underflow to 0 or
# overflow to infinity.
MIN_CONCENTRATION, MAX_CONCENTRATION = 1.0, 1_000_000.0


def check_smaa_options(*, samples: int, seed: int, concentration: float = 50.0) -> None:
    """Refuse SMAA options outside their ranges, naming the option."""
    from vendorscore.errors import VendorScoreError

    if not 0 <= samples <= MAX_SAMPLES:
        raise VendorScoreError(f"--samples must be from 0 to {MAX_SAMPLES:,}, got {samples}")
    if seed < 0:
        raise VendorScoreError(f"--seed must be 0 or more, got {seed}")
    if not MIN_CONCENTRATION <= concentration <= MAX_CONCENTRATION:
        raise VendorScoreError(
            f"--concentration must be from {MIN_CONCENTRATION:g} to {MAX_CONCENTRATION:,.0f}, "
            f"got {concentration:g}"
        )


def cli_words(text: str) -> str:
    """A library message in the command line's words: each input it asks for is an option."""
    for needs, phrase in ASK_FOR.items():
        text = text.replace(phrase, _OPTIONS[needs])
    return text


def load_inputs(
    paths: list[Path], criteria: str | None, demand: Path | None, rates: list[str] | None = None
) -> Inputs:
    """Load vendors, criteria and (optionally) demand; all problems in all files at once."""
    from vendorscore.api import load_inputs as load

    try:
        return load(paths, criteria=criteria, demand=demand, rates=parse_rates(rates))
    except VendorScoreError as exc:  # a missing exchange rate asks for --rate
        exc.problems = tuple(p._replace(message=cli_words(p.message)) for p in exc.problems)
        raise


def parse_rates(values: list[str] | None) -> dict[str, float]:
    """`--rate PLN=0.25` options as {"PLN": 0.25}; a malformed one is refused in one line."""
    rates: dict[str, float] = {}
    for value in values or ():
        code, sep, number = value.partition("=")
        try:
            rate = float(number) if sep else math.nan
        except ValueError:
            rate = math.nan
        if not sep or not math.isfinite(rate):
            raise VendorScoreError(
                f"--rate '{value}': write CODE=<base units per unit of CODE>, e.g. PLN=0.25"
            )
        rates[code.strip().upper()] = rate
    return rates


def build_ranking(
    paths: list[Path],
    criteria: str | None,
    demand: Path | None,
    method: MethodChoice = MethodChoice.weighted_sum,
    *,
    ratings: Path | None = None,
    rates: list[str] | None = None,
) -> Ranking:
    """`vendorscore.rank` on the command's options, its messages in the command line's words."""
    from dataclasses import replace

    from vendorscore.api import rank

    given = parse_rates(rates)
    try:
        ranking = rank(
            paths,
            criteria=criteria,
            demand=demand,
            method=method.value,
            ratings=ratings,
            rates=given,
        )
    except MissingInputError as exc:
        worded = [p._replace(message=cli_words(p.message)) for p in exc.problems]
        raise MissingInputError(worded, needs=exc.needs) from None
    except VendorScoreError as exc:  # a missing exchange rate asks for --rate
        exc.problems = tuple(p._replace(message=cli_words(p.message)) for p in exc.problems)
        raise
    return replace(
        ranking,
        warnings=tuple(cli_words(w) for w in ranking.warnings),
        notes=tuple(cli_words(n) for n in ranking.notes),
    )


def write_messages(ranking: Ranking, stream: IO[str] | None = None, *, notes: bool = True) -> None:
    """The run's warnings, then (`notes`) its notes, one line each, on stderr (or `stream`).

    Outputs with a place of their own for notes (the JSON's `notes`, Markdown's quotes) leave
    them out here, so that stderr stays empty when nothing is wrong.
    """
    from dataclasses import replace

    from vendorscore.report.text import message_lines

    out = sys.stderr if stream is None else stream
    for line in message_lines(ranking if notes else replace(ranking, notes=())):
        out.write(line + "\n")
