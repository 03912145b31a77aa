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
    RatingsOpt,
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
        int | None,
        typer.Option(
            "--top", min=1, help="Show only the first N ranked vendors (and any tied with the Nth)."
        ),
    ] = None,
    knocked_out: Annotated[
        bool,
        typer.Option(
            "--knocked-out", help="With --top: also list the vendors a requirement knocked out."
        ),
    ] = False,
    xlsx: Annotated[
        Path | None,
        typer.Option(
            "--xlsx", help="Also write the Excel comparison workbook here.", readable=False
        ),
    ] = None,
    baseline: BaselineOpt = None,
    ratings: RatingsOpt = None,
    rate: RatesOpt = None,
) -> None:
    """Score and rank vendor profiles against a criteria set."""
    ranking = ranking_with_baseline(
        paths, criteria, demand, method, baseline, ratings=ratings, rates=rate
    )
    if xlsx is not None:
        from vendorscore.cli.export_cmd import write_report

        write_report(
            ranking,
            xlsx,
            command_line=" ".join(["vendorscore", *sys.argv[1:]]),
            protected=[baseline] if baseline else [],
        )
    left_out = 0
    if top is not None:
        ranking = ranking.top(top)  # after the workbook, which keeps every vendor
        if not knocked_out:
            from dataclasses import replace

            left_out = len(ranking.vendors) - len(ranking.eligible)
            ranking = replace(ranking, vendors=ranking.eligible)
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
        if left_out:
            them = "it" if left_out == 1 else "them"
            console.print(
                f"{left_out} knocked-out vendor{'s' if left_out > 1 else ''} not shown "
                f"(--knocked-out lists {them})",
                style="dim",
                highlight=False,
            )
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
    ratings: RatingsOpt = None,
    rate: RatesOpt = None,
) -> None:
    """Show how one vendor scored: every leaf, weight, contribution and knock-out."""
    ranking = build_ranking(paths, criteria, demand, method, ratings=ratings, rates=rate)
    from vendorscore.inputs.names import name_key

    wanted = name_key(vendor)  # as typed: composed or not, any case
    matches = [v for v in ranking.vendors if name_key(v.name) == wanted]
    if not matches:
        import difflib

        names = [v.name for v in ranking.vendors]
        # Part of a name ("Lumina", "manila") names the vendors it is part of, if few.
        part = [n for n in names if wanted and wanted in name_key(n)]
        near = (
            part
            if 0 < len(part) <= 3
            else difflib.get_close_matches(vendor, names, n=1, cutoff=0.5)
        )
        quoted = " or ".join(f"'{n}'" for n in near)
        hint = f" (did you mean {quoted}?)" if near else f"; vendors: {', '.join(names)}"
        raise VendorScoreError(f"no vendor named '{vendor}'{hint}")
    from vendorscore.report.terminal import explain_view

    console = out()
    console.print(explain_view(ranking, matches[0], width=console.width))
    if ranking.panel is not None:
        from vendorscore.report.panel import vendor_panel_view

        console.print(vendor_panel_view(ranking, matches[0].name))


@app.command()
def validate(
    paths: PathsArg,
    criteria: CriteriaOpt = None,
    demand: DemandOpt = None,
    ratings: RatingsOpt = None,
    rate: RatesOpt = None,
) -> None:
    """Check every vendor file (and the criteria set); report every problem at once."""
    ranking = build_ranking(paths, criteria, demand, ratings=ratings, rates=rate)
    write_messages(ranking)
    count = len(ranking.vendors)
    profiles = "vendor profile" if count == 1 else "vendor profiles"
    ratings_files = [i for i in ranking.inputs if i.kind == "ratings"]
    n_rated = len(ratings_files)
    panel = f", {n_rated} evaluator file{'' if n_rated == 1 else 's'}" if ratings_files else ""
    sys.stdout.write(f"ok: {count} {profiles}{panel} and {ranking.criteria_file} are valid\n")
    # Valid is not the whole truth: what the criteria set would make of each profile.
    from vendorscore.inputs.loading import load_vendors
    from vendorscore.report.safe import safe_line
    from vendorscore.report.validation import validation_notes

    languages = {v.profile.name: list(v.profile.languages or {}) for v in load_vendors(paths)}
    for line in validation_notes(ranking, languages=languages):
        sys.stdout.write(safe_line(line) + "\n")


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
