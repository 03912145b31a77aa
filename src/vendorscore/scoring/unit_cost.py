"""One comparable price for every pricing model: cost per contact and per productive hour.

Without a demand profile, each vendor's rate is put on one footing with the buyer's reference
figures (criteria `reference:`) and the vendor's own workforce figures:

    AHT_v = reference aht_seconds x workforce.aht_factor
    occ   = min(reference occupancy, workforce.max_occupancy)
    s     = workforce.shrinkage
    per_handled_minute   rate x AHT_v / 60
    per_call             rate
    per_productive_hour  rate x AHT_v / (3600 x occ)
    per_paid_hour        rate x AHT_v / (3600 x occ x (1 - s))
    per_fte_month        rate / (paid hours per FTE month x (1 - s)) x AHT_v / (3600 x occ)

A figure the vendor leaves out is taken from the reference, and the fallback is named. With a
demand profile the same fields are read from the staffing plan instead (scoring/derived.py).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import cache
from typing import NamedTuple

from vendorscore.errors import ASK_FOR, VendorScoreError
from vendorscore.model.criteria import Criteria, Reference
from vendorscore.model.vendor import Vendor
from vendorscore.scoring.money import base_factor

__all__ = [
    "COST_FIELDS",
    "DEFAULT_REFERENCE",
    "CostBasis",
    "UnitCost",
    "cost_basis_notes",
    "reference_of",
    "unit_cost",
]

# Used when a criteria file has no `reference:` block: a 6-minute voice contact, 85% occupancy
# (the industry's sustainable ceiling), 30% shrinkage and a 40-hour week (40 x 52 / 12 hours).
DEFAULT_REFERENCE = {
    "aht_seconds": 360.0,
    "occupancy": 0.85,
    "shrinkage": 0.30,
    "paid_hours_per_fte_month": 173.3,
}


class UnitCost(NamedTuple):
    """A vendor's rate as base currency per contact and per productive hour, reference-based."""

    per_contact: float
    per_productive_hour: float
    # The figures the vendor left out, each with the reference value used in its place:
    # ("workforce.shrinkage", "0.3").
    fallbacks: tuple[tuple[str, str], ...]


def reference_of(criteria: Criteria) -> Reference:
    """The criteria set's reference figures, or the defaults when it gives none."""
    return criteria.spec.reference or _default_reference()


@cache
def _default_reference() -> Reference:
    # Built on first use: validating a record at import would cost `rank` start-up.
    return Reference(**DEFAULT_REFERENCE)


def unit_cost(vendor: Vendor, criteria: Criteria) -> UnitCost | None:
    """The vendor's cost per contact and per productive hour in the base currency.

    None when the vendor gives no rate, currency or pricing model; ScoringError (located at
    the vendor's currency) when the criteria set has no exchange rate for it.
    """
    pricing = vendor.profile.pricing
    if pricing is None or pricing.rate is None or pricing.model is None:
        return None
    factor = base_factor(vendor, criteria)
    if factor is None:
        return None
    ref = reference_of(criteria)
    wf = vendor.profile.workforce
    fallbacks: list[tuple[str, str]] = []
    aht_factor = wf.aht_factor if wf is not None else None
    if aht_factor is None:
        fallbacks.append(("workforce.aht_factor", "1 (the buyer's handle time)"))
        aht_factor = 1.0
    cap = wf.max_occupancy if wf is not None else None
    if cap is None:
        fallbacks.append(("workforce.max_occupancy", f"{ref.occupancy:g}"))
    shrinkage = wf.shrinkage if wf is not None else None
    if shrinkage is None and pricing.model in ("per_paid_hour", "per_fte_month"):
        fallbacks.append(("workforce.shrinkage", f"{ref.shrinkage:g}"))
    if shrinkage is None:
        shrinkage = ref.shrinkage
    aht_seconds = ref.aht_seconds * aht_factor
    occupancy = ref.occupancy if cap is None else min(ref.occupancy, cap)
    productive_hours_per_contact = aht_seconds / (3600.0 * occupancy)
    rate = pricing.rate * factor
    per_productive_hour = {
        "per_handled_minute": lambda: rate * 60.0 * occupancy,
        "per_call": lambda: rate / productive_hours_per_contact,
        "per_productive_hour": lambda: rate,
        "per_paid_hour": lambda: rate / (1.0 - shrinkage),
        "per_fte_month": lambda: rate / (ref.paid_hours_per_fte_month * (1.0 - shrinkage)),
    }[pricing.model]()
    if pricing.model == "per_call":
        per_contact = rate  # exact: no handle-time assumption needed
    elif pricing.model == "per_handled_minute":
        per_contact = rate * aht_seconds / 60.0
    else:
        per_contact = per_productive_hour * productive_hours_per_contact
    # Only the figures the per-contact cost rests on are named: a per-call price needs none.
    needed = _NEEDS[pricing.model]
    return UnitCost(per_contact, per_productive_hour, tuple(f for f in fallbacks if f[0] in needed))


_AHT, _OCC, _SHRINK = "workforce.aht_factor", "workforce.max_occupancy", "workforce.shrinkage"
_NEEDS: dict[str, tuple[str, ...]] = {
    "per_handled_minute": (_AHT,),
    "per_call": (),
    "per_productive_hour": (_AHT, _OCC),
    "per_paid_hour": (_AHT, _OCC, _SHRINK),
    "per_fte_month": (_AHT, _OCC, _SHRINK),
}


COST_FIELDS = ("derived.cost_per_contact", "derived.cost_per_productive_hour")
_SHOWN_NAMES = 5


class CostBasis(NamedTuple):
    """What a run's cost per contact rests on, in words."""

    notes: list[str]  # the basis: the reference or the demand
    warnings: list[str]  # figures vendors left out, taken from the reference instead
    per_vendor: dict[str, str]  # vendor name -> its own fallbacks


def cost_basis_notes(
    vendors: Sequence[Vendor], criteria: Criteria, fields: Collection[str], *, demand: str | None
) -> CostBasis:
    """What the run's cost per contact was computed from, for the run and for each vendor.

    `demand` is the demand profile's name when the costs come from a staffing plan.
    """
    used = [f for f in COST_FIELDS if f in fields]
    if not used:
        return CostBasis([], [], {})
    if demand is not None:
        note = (
            f"{' and '.join(used)}: from the staffing plan on the demand '{demand}' (the staffed "
            "monthly cost over the month's handled contacts)"
        )
        return CostBasis([note], [], {})
    ref = reference_of(criteria)
    whose = "the criteria's reference" if criteria.spec.reference else "the default reference"
    notes = [
        f"{' and '.join(used)}: from each vendor's rate and workforce figures with {whose} "
        f"(AHT {ref.aht_seconds:g} s x aht_factor, occupancy {ref.occupancy:g}, shrinkage "
        f"{ref.shrinkage:g}, {ref.paid_hours_per_fte_month:g} paid hours per FTE month), not "
        f"the buyer's volume: {ASK_FOR['demand']} to cost it"
    ]
    by_gap: dict[tuple[str, str], list[str]] = {}
    per_vendor: dict[str, str] = {}
    for vendor in vendors:
        try:
            cost = unit_cost(vendor, criteria)
        except VendorScoreError:
            continue  # the missing exchange rate is reported by the scoring itself
        if cost is None or not cost.fallbacks:
            continue
        gaps = "; ".join(f"{f} not given, reference {v} used" for f, v in cost.fallbacks)
        per_vendor[vendor.profile.name] = f"cost per contact: {gaps}"
        for gap in cost.fallbacks:
            by_gap.setdefault(gap, []).append(vendor.profile.name)
    warnings: list[str] = []
    for (path, value), names in by_gap.items():
        shown = ", ".join(names[:_SHOWN_NAMES])
        more = f" and {len(names) - _SHOWN_NAMES} more" if len(names) > _SHOWN_NAMES else ""
        warnings.append(
            f"{path} not given by {shown}{more}: its cost per contact uses the reference "
            f"{value} instead (ask for the figure)"
        )
    return CostBasis(notes, warnings, per_vendor)
