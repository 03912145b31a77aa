"""Shared steps of the reporting commands: load the inputs and score them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vendorscore.results import InputFile, Method, Ranking

__all__ = ["CriteriaOpt", "DemandOpt", "MethodOpt", "PathsArg", "build_ranking"]

PathsArg = Annotated[
    list[Path],
    typer.Argument(
        help="Vendor profile files, or folders of *.yaml/*.yml files.", show_default=False
    ),
]
CriteriaOpt = Annotated[
    str | None,
    typer.Option(
        "--criteria",
        "-c",
        help="Criteria file, or a bundled set's name (default, healthcare, payments, tco).",
    ),
]
DemandOpt = Annotated[
    Path | None,
    typer.Option(
        "--demand",
        "-d",
        help="Demand profile YAML: score true cost and service on your call volume.",
    ),
]
MethodOpt = Annotated[
    str,
    typer.Option("--method", "-m", help="Aggregation: weighted_sum (default) or topsis."),
]


def check_method(method: str) -> Method:
    """The method name, or a user error naming the allowed ones."""
    from vendorscore.errors import VendorScoreError

    if method not in ("weighted_sum", "topsis"):
        raise VendorScoreError(f"--method: '{method}' is not a method; use weighted_sum or topsis")
    return method  # type: ignore[return-value]


def build_ranking(
    paths: list[Path], criteria: str | None, demand: Path | None, method: str = "weighted_sum"
) -> Ranking:
    """Load vendors, criteria (and demand) and score them; every input problem raised at once."""
    from vendorscore.errors import Problem, VendorScoreError
    from vendorscore.loading import input_files, load_criteria, load_vendors
    from vendorscore.scoring import score

    chosen = check_method(method)
    problems: list[Problem] = []
    vendors = criteria_set = None
    try:
        vendors = load_vendors(paths)
    except VendorScoreError as exc:
        problems.extend(exc.problems)
    try:
        criteria_set = load_criteria(criteria)
    except VendorScoreError as exc:
        problems.extend(exc.problems)
    plan = None
    extra_inputs: tuple[InputFile, ...] = ()
    if demand is not None:
        from vendorscore.loading import load_demand
        from vendorscore.staffing import plan_vendors

        try:
            demand_profile = load_demand(demand)
        except VendorScoreError as exc:
            problems.extend(exc.problems)
            demand_profile = None
        if problems:
            raise VendorScoreError(problems)
        assert vendors is not None and criteria_set is not None and demand_profile is not None
        plan = plan_vendors(vendors, demand_profile, criteria_set)
        extra_inputs = (InputFile(demand_profile.file, demand_profile.sha256, "demand"),)
    if problems:
        raise VendorScoreError(problems)
    assert vendors is not None and criteria_set is not None
    return score(
        vendors,
        criteria_set,
        method=chosen,
        derived=plan.derived if plan is not None else None,
        staffing=plan,
        inputs=input_files(vendors, criteria_set, extra_inputs),
    )
