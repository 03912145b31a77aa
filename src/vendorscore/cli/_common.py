"""Shared options of the reporting commands, and the library calls behind them in CLI words."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vendorscore.errors import ASK_FOR, MissingInputError

if TYPE_CHECKING:
    from vendorscore.api import Inputs
    from vendorscore.model.results import Ranking

__all__ = [
    "CriteriaOpt",
    "DemandOpt",
    "MethodChoice",
    "MethodOpt",
    "PathsArg",
    "RatingsOpt",
    "build_ranking",
    "cli_words",
    "load_inputs",
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
MethodOpt = Annotated[
    MethodChoice,
    typer.Option("--method", "-m", help="Aggregation: weighted_sum (default) or topsis."),
]

# The options that give what library messages ask for (errors.ASK_FOR).
_OPTIONS = {"demand": "pass --demand FILE", "ratings": "pass --ratings DIR"}

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


def load_inputs(paths: list[Path], criteria: str | None, demand: Path | None) -> Inputs:
    """Load vendors, criteria and (optionally) demand; all problems in all files at once."""
    from vendorscore.api import load_inputs as load

    return load(paths, criteria=criteria, demand=demand)


def build_ranking(
    paths: list[Path],
    criteria: str | None,
    demand: Path | None,
    method: MethodChoice = MethodChoice.weighted_sum,
    *,
    ratings: Path | None = None,
) -> Ranking:
    """`vendorscore.rank` on the command's options, its messages in the command line's words."""
    from dataclasses import replace

    from vendorscore.api import rank

    try:
        ranking = rank(
            paths, criteria=criteria, demand=demand, method=method.value, ratings=ratings
        )
    except MissingInputError as exc:
        worded = [p._replace(message=cli_words(p.message)) for p in exc.problems]
        raise MissingInputError(worded, needs=exc.needs) from None
    if not ranking.warnings:
        return ranking
    return replace(ranking, warnings=tuple(cli_words(w) for w in ranking.warnings))
