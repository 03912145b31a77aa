"""`weights ahp`: criteria weights from AHP pairwise comparisons, optionally written in place."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from vendorscore.cli._app import err, handle_errors, out, weights_app
from vendorscore.errors import OutputError, Problem, VendorScoreError


@weights_app.command("ahp")
def ahp(
    file: Annotated[
        Path, typer.Argument(help="AHP comparisons (YAML).", show_default=False, readable=False)
    ],
    write: Annotated[
        Path | None,
        typer.Option(
            "--write",
            help="Put the weights into this criteria file (only the weights change).",
            readable=False,
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Weights from Saaty 1-9 pairwise comparisons, with the consistency ratio."""
    with handle_errors():
        if fmt not in ("table", "json"):
            raise VendorScoreError(f"--format: '{fmt}' is not one of table, json")
        from vendorscore.inputs.ahp_file import validate_ahp
        from vendorscore.inputs.loading import load_yaml
        from vendorscore.report.sensitivity import (
            ahp_json,
            ahp_renderables,
            ahp_warning,
            ahp_yaml_block,
        )
        from vendorscore.robustness.ahp import ahp_weights

        doc, _ = load_yaml(file)
        criteria, judgements = validate_ahp(
            doc.data, file=str(file), values=doc.values, keys=doc.keys
        )
        result = ahp_weights(criteria, judgements)
        warning = ahp_warning(result)
        if warning is not None:
            sys.stderr.write(warning + "\n")
        if write is not None:
            _write_weights(write, dict(zip(result.criteria, result.weights, strict=True)))
        if fmt == "json":
            import json

            sys.stdout.write(json.dumps(ahp_json(result), sort_keys=True, indent=2) + "\n")
            return
        console = out()
        for renderable in ahp_renderables(result):
            console.print(renderable)
        console.print("\nPaste into your criteria file (weights are relative):")
        sys.stdout.flush()
        console.file.flush()
        sys.stdout.write(ahp_yaml_block(result))
        if write is not None:
            err().print(f"wrote the weights into {write}", markup=False)


def _write_weights(path: Path, weights: dict[str, float]) -> None:
    """Replace one group's weights in a criteria file, atomically (temp file + os.replace)."""
    from vendorscore.inputs.ahp_file import rewrite_weights
    from vendorscore.inputs.loading import load_yaml
    from vendorscore.inputs.yamlsafe import parse_yaml

    if not path.is_file():
        raise OutputError(Problem("--write needs an existing criteria file", str(path)))
    doc, _ = load_yaml(path)  # bounded, safe read with located errors
    text = path.read_text(encoding="utf-8-sig")
    new_text = rewrite_weights(text, doc.data, doc.values, weights, file=str(path))
    parse_yaml(new_text, str(path))  # the edit must leave valid YAML
    from vendorscore.report.output import atomic_write_text

    atomic_write_text(path, new_text)  # temp file + rename; keeps the file's permissions
