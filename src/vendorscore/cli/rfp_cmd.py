"""`rfp template` and `rfp import`: the questionnaire vendors fill in; its answers as profiles."""

import sys
from pathlib import Path
from typing import IO, Annotated

import typer

from vendorscore._version import __version__
from vendorscore.cli._app import GuardedTyper, app
from vendorscore.cli._common import CriteriaOpt
from vendorscore.errors import OutputError, Problem, VendorScoreError

__all__ = ["rfp_app"]

rfp_app = GuardedTyper(
    help="RFP questionnaires: a workbook vendors fill in, read back as vendor profiles.",
    no_args_is_help=True,
)
app.add_typer(rfp_app, name="rfp")

_LOCK_PREFIXES = ("~$", ".~lock.")  # office suites' lock files next to an open document


@rfp_app.command("template")
def template(
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="The questionnaire to write (.xlsx).", show_default=False
        ),
    ],
    criteria: CriteriaOpt = None,
) -> None:
    """Write the questionnaire workbook for vendors: one row per question, checked answers."""
    from vendorscore.inputs.loading import load_criteria
    from vendorscore.report.output import atomic_write, check_output_path
    from vendorscore.scoring.questions import build_questionnaire

    given = [Path(criteria)] if criteria else []
    target = check_output_path(output, inputs=given, suffix=".xlsx")
    questionnaire = build_questionnaire(load_criteria(criteria))
    from vendorscore.report.excel.questionnaire import write_questionnaire

    def write(fh: IO[bytes]) -> None:
        write_questionnaire(questionnaire, fh, tool_version=__version__)

    atomic_write(target, write)
    asked = len(questionnaire.lookup())
    scored = sum(1 for q in questionnaire.lookup().values() if q.scored_by or q.required_by)
    sys.stdout.write(
        f"wrote {output}: {asked} questions, {scored} of them scored or required by "
        f"'{questionnaire.criteria_name}'\n"
    )


@rfp_app.command("import")
def import_(
    responses: Annotated[
        list[Path],
        typer.Argument(
            help="Returned questionnaires (.xlsx or .csv), or folders of them.", show_default=False
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Folder for the profiles (one NAME.yaml per response).",
            show_default=False,
        ),
    ],
    criteria: CriteriaOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace profiles that already exist.")
    ] = False,
) -> None:
    """Turn returned questionnaires into vendor profiles; every problem located, all at once."""
    _import(responses, output, criteria, force=force)


def _files(paths: list[Path], problems: list[Problem]) -> list[Path]:
    """Response files to read: files as given, and every .xlsx and .csv in a folder, sorted."""
    from vendorscore.inputs.rfp_import import RESPONSE_SUFFIXES

    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p
                for p in path.iterdir()
                if p.suffix.lower() in RESPONSE_SUFFIXES
                and p.is_file()
                and not p.name.startswith(_LOCK_PREFIXES)
            )
            if not inside:
                problems.append(Problem("folder has no .xlsx or .csv files", str(path)))
            found.extend(inside)
        elif path.exists():
            found.append(path)
        else:
            problems.append(Problem("no such file or folder", str(path)))
    return list(dict.fromkeys(found))


def _out_folder(output: Path) -> Path:
    if output.exists() and not output.is_dir():
        why = "is a file; --output takes a folder for the profiles"
        raise OutputError(Problem(why, str(output)))
    if not output.exists():
        if not output.parent.is_dir():
            raise OutputError(Problem(f"the folder '{output.parent}' does not exist", str(output)))
        try:
            output.mkdir()
        except OSError as exc:
            why = f"cannot create: {exc.strerror or exc}"
            raise OutputError(Problem(why, str(output))) from None
    return output


def _import(paths: list[Path], output: Path, criteria: str | None, *, force: bool) -> None:
    from vendorscore.inputs.loading import load_criteria
    from vendorscore.inputs.rfp_import import read_response
    from vendorscore.report.output import atomic_write_text, check_output_path
    from vendorscore.report.profile_yaml import profile_yaml
    from vendorscore.scoring.questions import build_questionnaire

    problems: list[Problem] = []
    files = _files(paths, problems)
    criteria_set = load_criteria(criteria)
    questionnaire = build_questionnaire(criteria_set)
    folder = _out_folder(output)
    protected = [*files, *([Path(criteria_set.file)] if criteria else [])]
    targets: dict[Path, Path] = {}
    names: dict[str, str] = {}
    for path in files:
        target = folder / f"{path.stem}.yaml"
        try:
            if target in targets:
                raise OutputError(
                    Problem(f"{targets[target]} writes {target} too; rename one of them", str(path))
                )
            targets[target] = path
            check_output_path(target, inputs=protected, suffix=".yaml")
            if target.exists() and not force:
                raise OutputError(Problem("already exists; use --force to replace it", str(target)))
            imported = read_response(path, questionnaire)
        except VendorScoreError as exc:
            problems.extend(exc.problems)
            continue
        profile = imported.profile
        earlier = names.setdefault(profile.name.casefold(), str(path))
        if earlier != str(path):
            problems.append(
                Problem(
                    f"vendor name '{profile.name}' is already used by {earlier}; names must be "
                    "unique",
                    str(path),
                )
            )
            continue
        made_for = imported.criteria_sha256
        if made_for and made_for != criteria_set.sha256:
            sys.stderr.write(
                f"{path}: warning: this questionnaire was made for other criteria (SHA-256 "
                f"{made_for[:12]}...) than '{criteria_set.spec.name}' ({criteria_set.sha256[:12]}"
                "...); its answers are read against the vendor schema all the same\n"
            )
        header = [
            f"Vendor profile imported by `vendorscore rfp import` (vendorscore {__version__}).",
            f"Source: {path}",
            f"Source SHA-256: {imported.sha256}",
            f"Questionnaire for the criteria '{questionnaire.criteria_name}'.",
            "",
        ]
        atomic_write_text(target, profile_yaml(profile, header=header))
        sys.stdout.write(f"wrote {target}: {profile.name} ({imported.answered} answers)\n")
    if problems:
        raise VendorScoreError(problems)
