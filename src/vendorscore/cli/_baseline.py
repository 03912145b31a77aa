"""`--baseline` for `rank` and `export`: the ranking with what changed since a saved result."""

from pathlib import Path
from typing import Annotated

import typer

from vendorscore.cli._common import MethodChoice
from vendorscore.errors import Problem, VendorScoreError
from vendorscore.model.results import Ranking

__all__ = ["BaselineOpt", "ranking_with_baseline"]

BaselineOpt = Annotated[
    Path | None,
    typer.Option(
        "--baseline",
        "-b",
        help="A saved result to compare with (rank --format json, or an exported .xlsx): "
        "adds a Move column, and a Changes sheet to the workbook.",
    ),
]


def ranking_with_baseline(
    paths: list[Path],
    criteria: str | None,
    demand: Path | None,
    method: MethodChoice,
    baseline: Path | None,
    *,
    ratings: Path | None = None,
    rates: list[str] | None = None,
) -> Ranking:
    """Score the inputs and, given a baseline, attach what changed since it (`Ranking.changes`).

    Problems in the inputs and in the baseline are reported together.
    """
    from vendorscore.cli._common import build_ranking

    if baseline is None:
        return build_ranking(paths, criteria, demand, method, ratings=ratings, rates=rates)
    from dataclasses import replace

    from vendorscore._version import __version__
    from vendorscore.compare.runs import compare_runs
    from vendorscore.inputs.saved_result import read_saved_run
    from vendorscore.model.saved import saved_run

    problems: list[Problem] = []
    old = ranking = None
    try:
        old = read_saved_run(baseline)
    except VendorScoreError as exc:
        problems.extend(exc.problems)
    try:
        ranking = build_ranking(paths, criteria, demand, method, ratings=ratings, rates=rates)
    except VendorScoreError as exc:
        problems.extend(exc.problems)
    if problems:
        raise VendorScoreError(problems)
    assert old is not None and ranking is not None
    new = saved_run(ranking, source="this run", tool_version=__version__)
    return replace(ranking, changes=compare_runs(old, new))
