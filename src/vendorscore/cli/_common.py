"""Shared steps of the reporting commands: load the inputs and score them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vendorscore.model.results import InputFile, Method, Ranking

if TYPE_CHECKING:
    from vendorscore.model.criteria import Criteria
    from vendorscore.model.demand import Demand
    from vendorscore.model.vendor import Vendor

__all__ = [
    "CriteriaOpt",
    "DemandOpt",
    "Inputs",
    "MethodOpt",
    "PathsArg",
    "build_ranking",
    "load_inputs",
]

PathsArg = Annotated[
    list[Path],
    typer.Argument(
        help="Vendor profile files, or folders of *.yaml/*.yml files.",
        show_default=False,
        readable=False,  # checked when read, so every problem is reported at once
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
        readable=False,
    ),
]
MethodOpt = Annotated[
    str,
    typer.Option("--method", "-m", help="Aggregation: weighted_sum (default) or topsis."),
]


# SMAA samples a command draws at most: 25 times the default, an acceptability to within about
# 0.2 percentage points, in a few seconds even over every leaf.
MAX_SAMPLES = 250_000
# Dirichlet concentration around the stated weights: beyond these, draws underflow to 0 or
# overflow to infinity.
MIN_CONCENTRATION, MAX_CONCENTRATION = 1.0, 1_000_000.0


def check_smaa_options(*, samples: int, seed: int, concentration: float = 50.0) -> None:
    """Refuse SMAA options outside their ranges, naming the option."""
    from vendorscore.errors import VendorScoreError

    if not 0 <= samples <= MAX_SAMPLES:
        raise VendorScoreError(f"--samples must be from 0 to {MAX_SAMPLES:,}, got {samples}")
    if seed < 0:
        raise VendorScoreError(f"--seed must be 0 or more, got {seed}")
    if not MIN_CONCENTRATION <= concentration <= MAX_CONCENTRATION:
        raise VendorScoreError(
            f"--concentration must be from {MIN_CONCENTRATION:g} to {MAX_CONCENTRATION:,.0f}, "
            f"got {concentration:g}"
        )


def check_method(method: str) -> Method:
    """The method name, or a user error naming the allowed ones."""
    from vendorscore.errors import VendorScoreError

    if method not in ("weighted_sum", "topsis"):
        raise VendorScoreError(f"--method: '{method}' is not a method; use weighted_sum or topsis")
    return method  # type: ignore[return-value]


@dataclass(frozen=True)
class Inputs:
    """Everything a command reads, validated: vendors, the criteria set, the demand if given."""

    vendors: list[Vendor]
    criteria: Criteria
    demand: Demand | None


def load_inputs(paths: list[Path], criteria: str | None, demand: Path | None) -> Inputs:
    """Load vendors, criteria and (optionally) demand; all problems in all files at once."""
    from vendorscore.errors import Problem, VendorScoreError
    from vendorscore.inputs.loading import load_criteria, load_vendors

    problems: list[Problem] = []
    vendors = criteria_set = demand_profile = None
    try:
        vendors = load_vendors(paths)
    except VendorScoreError as exc:
        problems.extend(exc.problems)
    try:
        criteria_set = load_criteria(criteria)
    except VendorScoreError as exc:
        problems.extend(exc.problems)
    if demand is not None:
        from vendorscore.inputs.loading import load_demand

        try:
            demand_profile = load_demand(demand)
        except VendorScoreError as exc:
            problems.extend(exc.problems)
    if problems:
        raise VendorScoreError(problems)
    assert vendors is not None and criteria_set is not None
    return Inputs(vendors, criteria_set, demand_profile)


def build_ranking(
    paths: list[Path], criteria: str | None, demand: Path | None, method: str = "weighted_sum"
) -> Ranking:
    """Load vendors, criteria (and demand) and score them; every input problem raised at once."""
    from vendorscore.inputs.loading import input_files
    from vendorscore.scoring.pipeline import score

    chosen = check_method(method)
    inputs = load_inputs(paths, criteria, demand)
    plan = None
    extra_inputs: tuple[InputFile, ...] = ()
    if inputs.demand is not None:
        from vendorscore.staffing.planner import plan_vendors

        plan = plan_vendors(inputs.vendors, inputs.demand, inputs.criteria)
        extra_inputs = (InputFile(inputs.demand.file, inputs.demand.sha256, "demand"),)
    return score(
        inputs.vendors,
        inputs.criteria,
        method=chosen,
        derived=plan.derived if plan is not None else None,
        staffing=plan,
        inputs=input_files(inputs.vendors, inputs.criteria, extra_inputs),
    )
