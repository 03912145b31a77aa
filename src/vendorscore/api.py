"""The library's whole-run call: files in, one `Ranking` out, as `vendorscore rank` does it.

    import vendorscore

    ranking = vendorscore.rank("samples/vendors", criteria="tco", demand="samples/demand.yaml")

The command line is a thin face over this module: it parses options, calls `rank` (or
`load_inputs`), and hands the result to a presenter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from vendorscore.errors import Problem, VendorScoreError
from vendorscore.inputs.paths import PathLike
from vendorscore.model.criteria import Criteria
from vendorscore.model.results import InputFile, Ranking

if TYPE_CHECKING:
    from vendorscore.model.demand import Demand
    from vendorscore.model.vendor import Vendor

__all__ = ["Inputs", "PathLike", "load_inputs", "rank"]


class Inputs:
    """Everything a run reads, validated: the vendors, the criteria set, the demand if given."""

    __slots__ = ("criteria", "demand", "vendors")

    def __init__(self, vendors: list[Vendor], criteria: Criteria, demand: Demand | None) -> None:
        self.vendors = vendors
        self.criteria = criteria
        self.demand = demand


def load_inputs(
    paths: PathLike | Iterable[PathLike],
    *,
    criteria: PathLike | Criteria | None = None,
    demand: PathLike | Demand | None = None,
    rates: Mapping[str, float] | None = None,
) -> Inputs:
    """Load vendors, criteria and (when given) demand; every problem in every file at once.

    `paths` are vendor files or folders of *.yaml/*.yml files (one path or several).
    `criteria` is a criteria file, a bundled set's name (default, healthcare, payments, tco)
    or a loaded `Criteria`; None means `default`. `demand` is a demand profile file or a
    loaded `Demand`. `rates` are exchange rates for this run (base units per unit, by currency
    code), taking the place of the criteria file's.
    """
    from vendorscore.inputs.loading import load_criteria, load_demand, load_vendors

    problems: list[Problem] = []
    vendors: list[Vendor] = []
    criteria_set: Criteria | None = None
    profile: Demand | None = None
    try:
        vendors = load_vendors(paths)
    except VendorScoreError as exc:
        problems.extend(exc.problems)
    if isinstance(criteria, Criteria):
        criteria_set = criteria
    else:
        try:
            criteria_set = load_criteria(criteria)
        except VendorScoreError as exc:
            problems.extend(exc.problems)
    if demand is not None:
        from vendorscore.model.demand import Demand as Loaded  # built only with a demand

        try:
            profile = demand if isinstance(demand, Loaded) else load_demand(demand)
        except VendorScoreError as exc:
            problems.extend(exc.problems)
    if problems:
        raise VendorScoreError(problems)
    assert criteria_set is not None
    if rates:
        from dataclasses import replace

        criteria_set = replace(criteria_set, given_rates=_given_rates(rates))
    return Inputs(vendors, criteria_set, profile)


def _given_rates(rates: Mapping[str, float]) -> dict[str, tuple[float, None]]:
    """Exchange rates given for a run, checked as the criteria file's are."""
    import math

    from vendorscore.model.currencies import ISO_4217
    from vendorscore.model.limits import MAX_EXCHANGE_RATE, MIN_EXCHANGE_RATE

    problems: list[Problem] = []
    out: dict[str, tuple[float, None]] = {}
    for code, rate in rates.items():
        if code not in ISO_4217:
            problems.append(Problem(f"exchange rate for '{code}': not an ISO 4217 currency code"))
        elif not (
            isinstance(rate, int | float)
            and math.isfinite(rate)
            and MIN_EXCHANGE_RATE <= rate <= MAX_EXCHANGE_RATE
        ):
            problems.append(
                Problem(
                    f"exchange rate for {code}: must be a number from {MIN_EXCHANGE_RATE:g} to "
                    f"{MAX_EXCHANGE_RATE:g}, got {rate!r}"
                )
            )
        else:
            out[code] = (float(rate), None)
    if problems:
        raise VendorScoreError(problems)
    return out


def rank(
    paths: PathLike | Iterable[PathLike],
    *,
    criteria: PathLike | Criteria | None = None,
    demand: PathLike | Demand | None = None,
    method: str = "weighted_sum",
    ratings: PathLike | Iterable[PathLike] | None = None,
    rates: Mapping[str, float] | None = None,
) -> Ranking:
    """Score and rank the vendor profiles in `paths`, as `vendorscore rank` does.

    With a `demand` profile every vendor is first staffed and priced for it (the ranking's
    `staffing`), so criteria can score `derived.monthly_cost`, `derived.service_level` and the
    other queueing figures. `method` is weighted_sum or topsis. `rates` are exchange rates
    for this run (`{"PLN": 0.25}`), in place of the criteria file's. The ranking records every
    file read, with its SHA-256 (`inputs`). Raises one VendorScoreError carrying every
    located problem of every file; a criteria set that needs a demand profile without one
    raises MissingInputError. `ratings` is an evaluation panel's folder of evaluator files (or
    the files): rated criteria score the panel's consensus, and the ranking's `panel` holds
    the analysis (spread, disagreements, agreement, leave-one-out): a
    `model.panel.PanelResult`.
    """
    from vendorscore.inputs.loading import input_files
    from vendorscore.scoring.methods import scoring_method
    from vendorscore.scoring.pipeline import score

    scoring_method(method)  # an unknown method fails before any file is read
    if ratings is not None:
        return _rank_with_panel(paths, criteria, demand, method, ratings, rates)
    loaded = load_inputs(paths, criteria=criteria, demand=demand, rates=rates)
    plan = None
    extra: tuple[InputFile, ...] = ()
    if loaded.demand is not None:
        from vendorscore.staffing.planner import plan_vendors

        plan = plan_vendors(loaded.vendors, loaded.demand, loaded.criteria)
        extra = (InputFile(loaded.demand.file, loaded.demand.sha256, "demand"),)
    return score(
        loaded.vendors,
        loaded.criteria,
        method=method,
        staffing=plan,
        inputs=input_files(loaded.vendors, loaded.criteria, extra),
    )


def _rank_with_panel(
    paths: PathLike | Iterable[PathLike],
    criteria: PathLike | Criteria | None,
    demand: PathLike | Demand | None,
    method: str,
    ratings: PathLike | Iterable[PathLike],
    rates: Mapping[str, float] | None,
) -> Ranking:
    """`rank` with an evaluation panel: its files read with the others (every problem at
    once), its consensus scored, its analysis attached as `ranking.panel`."""
    from dataclasses import replace

    from vendorscore.inputs.loading import input_files
    from vendorscore.inputs.ratings import check_panel, load_evaluators
    from vendorscore.robustness.panel import analyse_panel
    from vendorscore.scoring.consensus import consensus_values
    from vendorscore.scoring.pipeline import score

    problems: list[Problem] = []
    try:
        evaluators = load_evaluators(ratings)
    except VendorScoreError as exc:
        problems.extend(exc.problems)
    try:
        loaded = load_inputs(paths, criteria=criteria, demand=demand, rates=rates)
    except VendorScoreError as exc:
        problems.extend(exc.problems)
    if problems:
        raise VendorScoreError(problems)
    panel = check_panel(evaluators, criteria=loaded.criteria, vendors=loaded.vendors)
    plan = None
    extra: tuple[InputFile, ...] = ()
    if loaded.demand is not None:
        from vendorscore.staffing.planner import plan_vendors

        plan = plan_vendors(loaded.vendors, loaded.demand, loaded.criteria)
        extra = (InputFile(loaded.demand.file, loaded.demand.sha256, "demand"),)
    files = input_files(loaded.vendors, loaded.criteria, (*extra, *panel.files))

    ranking = score(
        loaded.vendors,
        loaded.criteria,
        method=method,
        staffing=plan,
        inputs=files,
        consensus=consensus_values(panel),
    )
    return replace(ranking, panel=analyse_panel(panel, ranking))
