"""Money in the criteria set's base currency."""

from __future__ import annotations

from vendorscore.errors import Problem, ScoringError
from vendorscore.model.criteria import Criteria
from vendorscore.model.vendor import Vendor

__all__ = ["base_factor"]


def base_factor(vendor: Vendor, criteria: Criteria) -> float | None:
    """Base-currency units per unit of the vendor's pricing currency.

    None when the vendor states no currency; ScoringError, located at the vendor's currency,
    when the criteria set has no exchange rate for it.
    """
    pricing = vendor.profile.pricing
    if pricing is None or pricing.currency is None:
        return None
    base = criteria.spec.currency
    if pricing.currency == base:
        return 1.0
    factor = criteria.spec.exchange_rates.get(pricing.currency)
    if factor is not None:
        return factor
    line, col = vendor.locations.get(("pricing", "currency"), (None, None))
    problem = Problem(
        f"no exchange rate from {pricing.currency} to {base}: add "
        f"`{pricing.currency}: <{base} per {pricing.currency}>` under exchange_rates in "
        f"{criteria.file}",
        vendor.file,
        line,
        col,
    )
    raise ScoringError(problem)
