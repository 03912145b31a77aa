"""`vendorscore staffing`: every vendor staffed and priced for the buyer's demand week."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from vendorscore.cli._app import app, out
from vendorscore.cli._common import CriteriaOpt, PathsArg, RatesOpt, cli_words, load_inputs
from vendorscore.errors import VendorScoreError


class StaffingFormat(StrEnum):
    """The formats `staffing` writes: no markdown (its tables are wider than a page)."""

    table = "table"
    json = "json"
    csv = "csv"


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
        StaffingFormat, typer.Option("--format", "-f", help="Output format.")
    ] = StaffingFormat.table,
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
    if fmt is StaffingFormat.json:
        from vendorscore.report.text import staffing_json

        sys.stdout.write(staffing_json(plan))
    elif fmt is StaffingFormat.csv:
        from vendorscore.report.text import staffing_csv

        sys.stdout.write(staffing_csv(plan))
    else:
        from vendorscore.report.terminal import staffing_view

        console = out()
        console.print(staffing_view(plan, width=console.width))
