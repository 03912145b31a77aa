"""`vendorscore staffing`: every vendor staffed and priced for the buyer's demand week."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from vendorscore.cli._app import Format, app, out
from vendorscore.cli._common import CriteriaOpt, PathsArg, load_inputs


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
) -> None:
    """Staff every vendor for your demand: agents, heads, service level, abandonment, cost."""
    # The criteria set gives the base currency and exchange rates; nothing is scored.
    inputs = load_inputs(paths, criteria, demand)
    from vendorscore.staffing.planner import plan_vendors

    assert inputs.demand is not None
    plan = plan_vendors(inputs.vendors, inputs.demand, inputs.criteria)
    if fmt is Format.json:
        from vendorscore.report.text import staffing_json

        sys.stdout.write(staffing_json(plan))
    elif fmt is Format.csv:
        from vendorscore.report.text import staffing_csv

        sys.stdout.write(staffing_csv(plan))
    elif fmt is Format.markdown:
        from vendorscore.errors import VendorScoreError

        raise VendorScoreError(
            "staffing: --format markdown is not supported; use table, json or csv"
        )
    else:
        from vendorscore.report.terminal import staffing_view

        console = out()
        console.print(staffing_view(plan, width=console.width))
