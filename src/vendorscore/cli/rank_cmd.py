"""`rank`, `explain`, `validate`, `criteria list|show` and `schema`."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from vendorscore.cli._app import Format, app, criteria_app, out
from vendorscore.cli._baseline import BaselineOpt, ranking_with_baseline
from vendorscore.cli._common import (
    CriteriaOpt,
    DemandOpt,
    MethodChoice,
    MethodOpt,
    PathsArg,
    RatesOpt,
    build_ranking,
    write_messages,
)
from vendorscore.errors import VendorScoreError


@app.command()
def rank(
    paths: PathsArg,
    criteria: CriteriaOpt = None,
    demand: DemandOpt = None,
    method: MethodOpt = MethodChoice.weighted_sum,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    top: Annotated[
        int | None, typer.Option("--top", min=1, help="Show only the first N ranked vendors.")
    ] = None,
    xlsx: Annotated[
        Path | None,
        typer.Option(
            "--xlsx", help="Also write the Excel comparison workbook here.", readable=False
        ),
    ] = None,
    baseline: BaselineOpt = None,
    rate: RatesOpt = None,
) -> None:
    """Score and rank vendor profiles against a criteria set."""
    ranking = ranking_with_baseline(paths, criteria, demand, method, baseline, rate)
    if xlsx is not None:
        from vendorscore.cli.export_cmd import write_report

        write_report(
            ranking,
            xlsx,
            command_line=" ".join(["vendorscore", *sys.argv[1:]]),
            protected=[baseline] if baseline else [],
        )
    if top is not None:
        ranking = ranking.top(top)  # after the workbook, which keeps every vendor
    if fmt is Format.json:
        from vendorscore.report.text import ranking_json

        sys.stdout.write(ranking_json(ranking))
    elif fmt is Format.csv:
        from vendorscore.report.text import ranking_csv

        sys.stdout.write(ranking_csv(ranking))
    elif fmt is Format.markdown:
        from vendorscore.report.text import ranking_markdown

        sys.stdout.write(ranking_markdown(ranking))
    if fmt is not Format.table:
        # The data on stdout stays machine-readable; CSV has no place of its own for notes.
        write_messages(ranking, notes=fmt is Format.csv)
    else:
        from vendorscore.report.terminal import ranking_table, warnings_view

        console = out()
        console.print(ranking_table(ranking, width=console.width))
        if ranking.warnings or ranking.notes:
            console.print(warnings_view(ranking))


@app.command()
def explain(
    vendor: Annotated[
        str, typer.Argument(help="The vendor's name (as in its profile).", show_default=False)
    ],
    paths: PathsArg,
    criteria: CriteriaOpt = None,
    demand: DemandOpt = None,
    method: MethodOpt = MethodChoice.weighted_sum,
    rate: RatesOpt = None,
) -> None:
    """Show how one vendor scored: every leaf, weight, contribution and knock-out."""
    ranking = build_ranking(paths, criteria, demand, method, rate)
    from vendorscore.inputs.names import name_key

    wanted = name_key(vendor)  # as typed: composed or not, any case
    matches = [v for v in ranking.vendors if name_key(v.name) == wanted]
    if not matches:
        import difflib

        names = [v.name for v in ranking.vendors]
        near = difflib.get_close_matches(vendor, names, n=1, cutoff=0.5)
        hint = f" (did you mean '{near[0]}'?)" if near else f"; vendors: {', '.join(names)}"
        raise VendorScoreError(f"no vendor named '{vendor}'{hint}")
    from vendorscore.report.terminal import explain_view

    out().print(explain_view(ranking, matches[0]))


@app.command()
def validate(
    paths: PathsArg, criteria: CriteriaOpt = None, demand: DemandOpt = None, rate: RatesOpt = None
) -> None:
    """Check every vendor file (and the criteria set); report every problem at once."""
    ranking = build_ranking(paths, criteria, demand, MethodChoice.weighted_sum, rate)
    write_messages(ranking)
    sys.stdout.write(
        f"ok: {len(ranking.vendors)} vendor profiles and {ranking.criteria_file} are valid\n"
    )


@criteria_app.command("list")
def criteria_list() -> None:
    """List the bundled criteria sets."""
    from vendorscore.inputs.loading import bundled_criteria, load_criteria

    for name, path in bundled_criteria().items():
        spec = load_criteria(path).spec
        sys.stdout.write(f"{name:<12} {spec.name}  ({len(spec.criteria)} top-level criteria)\n")


@criteria_app.command("show")
def criteria_show(
    spec: Annotated[
        str | None, typer.Argument(help="A criteria file or a bundled set's name.")
    ] = None,
    as_yaml: Annotated[
        bool,
        typer.Option("--yaml", help="Print the file itself, to copy and edit (`> mine.yaml`)."),
    ] = False,
) -> None:
    """Show a criteria tree with effective weights (they sum to 100%)."""
    from vendorscore.inputs.loading import load_criteria

    if as_yaml:
        from vendorscore.inputs.loading import resolve_criteria_path

        load_criteria(spec)  # a broken file is reported, not copied
        path = resolve_criteria_path(spec)
        sys.stdout.write(path.read_text(encoding="utf-8"))
        return
    from vendorscore.report.terminal import criteria_tree
    from vendorscore.scoring.pipeline import flatten_criteria
    from vendorscore.scoring.requirements import requirement_rule

    loaded = load_criteria(spec)
    console = out()
    console.print(criteria_tree(flatten_criteria(loaded), f"{loaded.spec.name} ({loaded.file})"))
    for req in loaded.spec.requirements:
        why = f" ({req.why})" if req.why else ""
        from rich.text import Text

        console.print(Text(f"knock-out: {req.field} {requirement_rule(req)}{why}"))


@app.command()
def schema(
    kind: Annotated[str, typer.Argument(help="vendor or criteria", show_default=False)],
) -> None:
    """Print the JSON Schema of a vendor profile or a criteria file (for editor autocompletion)."""
    if kind not in ("vendor", "criteria"):
        raise VendorScoreError(f"schema: '{kind}' is not a schema; use vendor or criteria")
    import json

    from vendorscore.model.schema import json_schema

    sys.stdout.write(json.dumps(json_schema(kind), indent=2) + "\n")  # type: ignore[arg-type]
