"""`panel`: the ranking with an evaluation panel's consensus, and what the panel agreed on."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from vendorscore.cli._app import Format, app, out
from vendorscore.cli._common import (
    CriteriaOpt,
    DemandOpt,
    MethodChoice,
    MethodOpt,
    PathsArg,
    build_ranking,
)


@app.command()
def panel(
    paths: PathsArg,
    ratings: Annotated[
        Path,
        typer.Option(
            "--ratings",
            "-r",
            help="The panel's evaluator files: a folder of *.yaml, one per evaluator.",
            show_default=False,
            readable=False,
        ),
    ],
    criteria: CriteriaOpt = None,
    demand: DemandOpt = None,
    method: MethodOpt = MethodChoice.weighted_sum,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Rank with an evaluation panel's consensus: spread, disagreements with comments,
    agreement (Krippendorff's alpha), lenient or severe evaluators, leave-one-out."""
    ranking = build_ranking(paths, criteria, demand, method, ratings=ratings)
    if fmt is Format.json:
        from vendorscore.report.text import ranking_json

        sys.stdout.write(ranking_json(ranking))
    elif fmt is Format.csv:
        from vendorscore.report.panel import panel_csv

        sys.stdout.write(panel_csv(ranking))
    elif fmt is Format.markdown:
        from vendorscore.report.panel import panel_markdown
        from vendorscore.report.text import ranking_markdown

        sys.stdout.write(ranking_markdown(ranking) + panel_markdown(ranking))
    else:
        from vendorscore.report.panel import panel_view
        from vendorscore.report.terminal import ranking_table, warnings_view

        console = out()
        console.print(ranking_table(ranking, width=console.width))
        if ranking.warnings:
            console.print(warnings_view(ranking))
        console.print(panel_view(ranking))
