"""`diff`: two saved results compared, rank moves and why."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from vendorscore.cli._app import app, out
from vendorscore.errors import Problem, VendorScoreError

__all__ = ["DiffFormat", "diff"]


class DiffFormat(StrEnum):
    """Output formats of `diff`."""

    table = "table"
    json = "json"
    markdown = "markdown"


@app.command()
def diff(
    before: Annotated[
        Path,
        typer.Argument(help="The earlier saved result (.json or .xlsx).", show_default=False),
    ],
    after: Annotated[
        Path, typer.Argument(help="The later saved result (.json or .xlsx).", show_default=False)
    ],
    fmt: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="Output format.")
    ] = DiffFormat.table,
    leaves: Annotated[
        int,
        typer.Option(
            "--leaves", min=0, help="Leaf changes explained per vendor (table, markdown)."
        ),
    ] = 3,
) -> None:
    """What changed between two runs: rank moves, and why, leaf by leaf."""
    from vendorscore.compare.runs import compare_runs
    from vendorscore.inputs.saved_result import read_saved_run

    problems: list[Problem] = []
    runs = []
    for path in (before, after):
        try:
            runs.append(read_saved_run(path))
        except VendorScoreError as exc:
            problems.extend(exc.problems)
    if problems:
        raise VendorScoreError(problems)
    comparison = compare_runs(runs[0], runs[1])
    if fmt is DiffFormat.json:
        from vendorscore.report.changes import changes_json

        sys.stdout.write(changes_json(comparison))
    elif fmt is DiffFormat.markdown:
        from vendorscore.report.changes import changes_markdown

        sys.stdout.write(changes_markdown(comparison, leaves=leaves))
    else:
        from vendorscore.report.changes_view import changes_view, is_large

        console = out()
        view = changes_view(comparison, width=console.width, leaves=leaves)
        console.print(view, soft_wrap=is_large(comparison))
