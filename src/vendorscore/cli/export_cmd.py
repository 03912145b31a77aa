"""`export`: the Excel comparison workbook; `write_report` is shared with `rank --xlsx`."""

import datetime as dt
import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Annotated

import typer

from vendorscore.cli._app import app
from vendorscore.cli._baseline import BaselineOpt, ranking_with_baseline
from vendorscore.cli._common import (
    CriteriaOpt,
    DemandOpt,
    MethodChoice,
    MethodOpt,
    PathsArg,
    RatesOpt,
    RatingsOpt,
    check_smaa_options,
    write_messages,
)
from vendorscore.model.results import Ranking
from vendorscore.report.output import atomic_write, check_output_path

__all__ = ["export", "generated_now", "write_report"]

XLSX = ".xlsx"


def generated_now() -> dt.datetime:
    """The report's time stamp: now (local, with offset), or SOURCE_DATE_EPOCH when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now().astimezone()


def write_report(
    ranking: Ranking,
    output: Path,
    *,
    command_line: str,
    protected: Sequence[Path] = (),
    generated_at: dt.datetime | None = None,
    samples: int = 10_000,
    seed: int = 0,
) -> None:
    """Write the comparison workbook for `ranking` to `output`, safely.

    Refuses a non-.xlsx name and any of `protected` or of the ranking's input files (however the
    path is spelled); writes atomically, so the previous report survives any failure.
    """
    inputs = [*protected, *(Path(f.path) for f in ranking.inputs)]
    target = check_output_path(output, inputs=inputs, suffix=XLSX)
    if ranking.sensitivity is None and len(ranking.eligible) >= 2:
        ranking = with_sensitivity(ranking, samples=samples, seed=seed)
    from vendorscore.report.excel.workbook import (
        write_workbook,  # openpyxl: loaded only on export paths
    )

    when = generated_at or generated_now()

    def write(fh: IO[bytes]) -> None:
        write_workbook(ranking, fh, command_line=command_line, generated_at=when)

    atomic_write(target, write)


SENSITIVITY_MAX_VENDORS = 100  # stability intervals cost O(vendors^2 x criteria)


def with_sensitivity(ranking: Ranking, *, samples: int, seed: int) -> Ranking:
    """The ranking with its stability intervals and (samples > 0) SMAA attached for the workbook.

    A shortlist gets the analysis; beyond SENSITIVITY_MAX_VENDORS ranked vendors the workbook
    carries a warning instead (the analysis would take minutes and fill unreadable tables).
    """
    from dataclasses import replace

    if len(ranking.eligible) > SENSITIVITY_MAX_VENDORS:
        return with_size_warning(ranking)
    from vendorscore.report.excel.sensitivity import SensitivityReport
    from vendorscore.robustness.smaa import smaa
    from vendorscore.robustness.stability import stability

    result = smaa(ranking, samples=samples, seed=seed) if samples > 0 else None
    return replace(ranking, sensitivity=SensitivityReport(stability(ranking), result))


def with_size_warning(ranking: Ranking) -> Ranking:
    """The ranking with a warning that the workbook has no Sensitivity sheet, when too large."""
    from dataclasses import replace

    ranked = len(ranking.eligible)
    if ranked <= SENSITIVITY_MAX_VENDORS:
        return ranking
    note = (
        f"no Sensitivity sheet: {ranked} ranked vendors is more than "
        f"{SENSITIVITY_MAX_VENDORS}; run `vendorscore sensitivity` on a shortlist"
    )
    return replace(ranking, warnings=(*ranking.warnings, note))


@app.command()
def export(
    paths: PathsArg,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The workbook to write (.xlsx).",
            show_default=False,
            readable=False,
        ),
    ],
    criteria: CriteriaOpt = None,
    demand: DemandOpt = None,
    method: MethodOpt = MethodChoice.weighted_sum,
    samples: Annotated[
        int,
        typer.Option(
            "--samples", min=0, help="SMAA weightings for the Sensitivity sheet (0: none)."
        ),
    ] = 10_000,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Random seed for SMAA.")] = 0,
    baseline: BaselineOpt = None,
    ratings: RatingsOpt = None,
    rate: RatesOpt = None,
) -> None:
    """Write the Excel comparison workbook: ranking, scores, live weights, data, charts, audit."""
    check_smaa_options(samples=samples, seed=seed)
    given = [*paths, *([Path(criteria)] if criteria else []), *([demand] if demand else [])]
    given += [baseline] if baseline else []
    given += [ratings] if ratings else []
    # Fail before any work when the target is wrong; checked again just before writing.
    check_output_path(output, inputs=given, suffix=XLSX)
    ranking = ranking_with_baseline(
        paths, criteria, demand, method, baseline, ratings=ratings, rates=rate
    )
    write_report(
        ranking,
        output,
        command_line=shlex.join(["vendorscore", *sys.argv[1:]]),
        protected=given,
        samples=samples,
        seed=seed,
    )
    ranked = len(ranking.eligible)
    sys.stdout.write(f"wrote {output} ({len(ranking.vendors)} vendors, {ranked} ranked)\n")
    write_messages(with_size_warning(ranking), sys.stdout)  # also on the workbook's sheets
