"""`weights ahp`: criteria weights from AHP pairwise comparisons, optionally written in place."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from vendorscore.cli._app import err, out, weights_app
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
    if fmt not in ("table", "json"):
        raise VendorScoreError(f"--format: '{fmt}' is not one of table, json")
    from vendorscore.inputs.ahp_file import validate_ahp
    from vendorscore.inputs.loading import load_yaml
    from vendorscore.report.sensitivity import (
        ahp_json,
        ahp_renderables,
        ahp_warning,
    )
    from vendorscore.robustness.ahp import ahp_weights

    doc, _ = load_yaml(file)
    criteria, judgements = validate_ahp(doc.data, file=str(file), values=doc.values, keys=doc.keys)
    result = ahp_weights(criteria, judgements)
    warning = ahp_warning(result)
    if warning is not None:
        sys.stderr.write(warning + "\n")
    if write is not None:
        weights = dict(zip(result.criteria, result.weights, strict=True))
        _write_weights(write, weights, ahp_file=file)
    if fmt == "json":
        import json

        sys.stdout.write(json.dumps(ahp_json(result), sort_keys=True, indent=2) + "\n")
        return
    console = out()
    for renderable in ahp_renderables(result):
        console.print(renderable)
    if write is not None:
        err().print(f"wrote the weights into {write}", markup=False)
    else:
        # A pasted `criteria:` block would lack each criterion's field and scale; --write puts
        # the weights into an existing criteria file and changes nothing else.
        from shlex import quote

        console.print(
            f"\nTo use these weights: vendorscore weights ahp {quote(str(file))} --write "
            "CRITERIA.yaml (sets the weights of these criterion ids; nothing else changes)",
            markup=False,
            highlight=False,
        )


def _write_weights(path: Path, weights: dict[str, float], *, ahp_file: Path) -> None:
    """Replace one group's weights in a criteria file, atomically (temp file + os.replace).

    Refused like any output (read-only, open in another program, the AHP file itself); the
    edited text must still be a valid criteria file with exactly the new weights, or nothing is
    written. Line endings and a byte-order mark are kept; a symbolic link's target is written.
    """
    from vendorscore.inputs.ahp_file import check_rewritten, rewrite_weights
    from vendorscore.inputs.loading import criteria_from_text, load_yaml
    from vendorscore.report.output import atomic_write_bytes, check_output_path

    check_output_path(path, inputs=[ahp_file], suffix=(".yaml", ".yml"))
    try:
        exists = path.is_file()
    except OSError:
        exists = True  # the read below says why it cannot be opened
    if not exists:
        raise OutputError(Problem("--write needs an existing criteria file", str(path)))
    doc, text, bom = load_yaml(path, with_text=True)  # bounded, safe read with located errors
    criteria_from_text(text, str(path))  # a criteria file to begin with, or its own problems
    new_text = rewrite_weights(text, doc.data, doc.values, weights, file=str(path))
    check_rewritten(new_text, weights, file=str(path))
    atomic_write_bytes(path, (b"\xef\xbb\xbf" if bom else b"") + new_text.encode("utf-8"))
