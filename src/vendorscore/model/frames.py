"""Results as pandas DataFrames, for notebooks: built from the result model, nothing recomputed.

pandas is an optional extra (`pip install 'vendorscore[pandas]'`), imported only when a frame
is asked for, so nothing else in vendorscore loads it. Missing values are NaN (or <NA> in
integer columns), never 0; money columns are in the base currency, named in `base_currency`
and in the frame's `attrs["currency"]`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from vendorscore.errors import DependencyError

if TYPE_CHECKING:
    from vendorscore.model.plans import StaffingPlan
    from vendorscore.model.results import Ranking

__all__ = [
    "frame",
    "intervals_frame",
    "leaves_frame",
    "pandas",
    "ranking_frame",
    "staffing_frame",
]


def pandas(what: str) -> Any:
    """The pandas module; DependencyError naming `what` and the install command when absent."""
    try:
        import pandas as pd
    except ImportError:
        raise DependencyError(
            f"{what} needs pandas, which is not installed: pip install 'vendorscore[pandas]'"
        ) from None
    return pd


def frame(
    what: str,
    rows: Sequence[Mapping[str, object]],
    *,
    index: str | None = None,
    integers: Sequence[str] = (),
    columns: Sequence[str] | None = None,
    attrs: Mapping[str, object] | None = None,
) -> Any:
    """A DataFrame of `rows`; `integers` become nullable integer columns (missing is <NA>)."""
    pd = pandas(what)
    df = pd.DataFrame(list(rows), columns=list(columns) if columns is not None else None)
    for name in integers:
        df[name] = df[name].astype("Int64")
    if index is not None:
        df = df.set_index(index)
    df.attrs.update(attrs or {})
    return df


def ranking_frame(ranking: Ranking) -> Any:
    """One row per vendor, in ranking order: rank, total, completeness, every criterion's score."""
    ids = [c.id for c in ranking.criteria]
    base = [
        "vendor", "rank", "eligible", "total", "completeness", "delivery_model", "headquarters",
        "failed_requirements", "file",
    ]  # fmt: skip
    rows = []
    for v in ranking.vendors:
        row: dict[str, object] = {
            "vendor": v.name,
            "rank": v.rank,
            "eligible": v.eligible,
            "total": v.total,
            "completeness": v.completeness,
            "delivery_model": v.delivery_model,
            "headquarters": v.headquarters,
            "failed_requirements": "; ".join(v.failed_requirements),
            "file": v.file,
        }
        row.update({i: v.scores.get(i) for i in ids})
        rows.append(row)
    attrs = {"criteria": ranking.criteria_name, "method": ranking.method}
    return frame(
        "Ranking.to_frame()",
        rows,
        index="vendor",
        integers=["rank"],
        columns=[*base, *ids],
        attrs=attrs,
    ).astype(dict.fromkeys(ids, "float64"))


def leaves_frame(ranking: Ranking) -> Any:
    """One row per vendor and leaf criterion: raw value, utility, weights, points added."""
    columns = [
        "vendor", "criterion", "field", "raw", "missing", "missing_policy", "utility",
        "global_weight", "effective_weight", "contribution",
    ]  # fmt: skip
    rows = [
        {"vendor": v.name, "criterion": leaf.id, **{c: getattr(leaf, c) for c in columns[2:]}}
        for v in ranking.vendors
        for leaf in v.leaves
    ]
    return frame(
        "Ranking.leaves_frame()", rows, columns=columns, attrs={"criteria": ranking.criteria_name}
    ).astype({"utility": "float64"})


_PLAN_SKIPPED = {"intervals", "notes", "vendor", "file", "contract"}
_PLAN_INTEGERS = ("lines", "peak_agents", "peak_scheduled_agents")


def staffing_frame(plan: StaffingPlan) -> Any:
    """One row per vendor: heads, money (base currency) and service on the demand week."""
    from vendorscore.model.plans import VendorPlan

    names = [f.name for f in fields(VendorPlan) if f.name not in _PLAN_SKIPPED]
    rows = [
        {
            "vendor": v.vendor,
            **{n: getattr(v, n) for n in names},
            "contract_cost": None if v.contract is None else v.contract.total,
            "contract_months": None if v.contract is None else v.contract.months,
            "base_currency": plan.base_currency,
            "notes": "; ".join(v.notes),
            "file": v.file,
        }
        for v in plan.vendors
    ]
    columns = [
        "vendor",
        *names,
        "contract_cost",
        "contract_months",
        "base_currency",
        "notes",
        "file",
    ]
    return frame(
        "StaffingPlan.to_frame()",
        rows,
        index="vendor",
        integers=_PLAN_INTEGERS,
        columns=columns,
        attrs={"currency": plan.base_currency, "demand": plan.demand_name},
    )


def intervals_frame(plan: StaffingPlan) -> Any:
    """One row per vendor and demand interval: load, agents, service and cost there."""
    from vendorscore.model.plans import IntervalPlan

    names = [f.name for f in fields(IntervalPlan)]
    rows = [
        {"vendor": v.vendor, **{n: getattr(i, n) for n in names}, "binding": ", ".join(i.binding)}
        for v in plan.vendors
        for i in v.intervals
    ]
    return frame(
        "StaffingPlan.intervals_frame()",
        rows,
        columns=["vendor", *names],
        integers=("agents", "scheduled_agents"),
        attrs={"currency": plan.base_currency, "demand": plan.demand_name},
    )
