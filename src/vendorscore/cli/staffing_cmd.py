"""`vendorscore staffing`: every vendor staffed and priced for the buyer's demand week."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from vendorscore.cli._app import Format, app, out
from vendorscore.cli._common import CriteriaOpt, PathsArg, RatesOpt, cli_words, load_inputs
from vendorscore.errors import VendorScoreError


@app.command()
def staffing(
    paths: PathsArg,
    demand: Annotated[
        Path,
        typer.Option(
            "--demand", "-d", help="Demand profile YAML (see samples/demand.yaml).", readable=False
        ),
    ],
    criteria: CriteriaOpt = None,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="table, json or csv.")
    ] = Format.table,
    rate: RatesOpt = None,
) -> None:
    """Staff every vendor for your demand: agents, heads, service level, abandonment, cost."""
    # The criteria set gives the base currency and exchange rates; nothing is scored.
    inputs = load_inputs(paths, criteria, demand, rate)
    from vendorscore.staffing.planner import plan_vendors

    assert inputs.demand is not None
    try:
        plan = plan_vendors(inputs.vendors, inputs.demand, inputs.criteria)
    except VendorScoreError as exc:  # a missing exchange rate asks for --rate
        exc.problems = tuple(p._replace(message=cli_words(p.message)) for p in exc.problems)
        raise
    if fmt is Format.json:
        from vendorscore.report.text import staffing_json

        sys.stdout.write(staffing_json(plan))
    elif fmt is Format.csv:
        from vendorscore.report.text import staffing_csv

        sys.stdout.write(staffing_csv(plan))
    elif fmt is Format.markdown:
        raise VendorScoreError(
            "staffing: --format markdown is not supported; use table, json or csv"
        )
    else:
        from vendorscore.report.terminal import staffing_view

        out().print(staffing_view(plan))
