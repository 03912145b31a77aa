"""Money in the criteria set's base currency."""

from __future__ import annotations

from collections.abc import Sequence

from vendorscore.errors import ASK_FOR, Problem, ScoringError
from vendorscore.model.criteria import Criteria
from vendorscore.model.results import ExchangeRate
from vendorscore.model.vendor import Vendor

__all__ = ["base_factor", "used_rates"]


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
    given = criteria.given_rates.get(pricing.currency)
    if given is not None:
        return given[0]
    factor = criteria.spec.exchange_rates.get(pricing.currency)
    if factor is not None:
        return factor
    line, col = vendor.locations.get(("pricing", "currency"), (None, None))
    code = pricing.currency
    if criteria.bundled is not None:
        # Never advise editing the installed package: a copy of the set is the user's to edit.
        where = (
            f"a copy of the bundled '{criteria.bundled}' set (`vendorscore criteria show "
            f"{criteria.bundled} --yaml > mine.yaml`, then --criteria mine.yaml)"
        )
    else:
        where = str(criteria.file)
    problem = Problem(
        f"no exchange rate from {code} to {base}: {ASK_FOR['rate']} {code}=<{base} per {code}>, "
        f"or add `{code}: <{base} per {code}>` under exchange_rates in {where}",
        vendor.file,
        line,
        col,
    )
    raise ScoringError(problem)


def used_rates(vendors: Sequence[Vendor], criteria: Criteria) -> tuple[ExchangeRate, ...]:
    """The exchange rates the vendors' prices are converted with, by currency code."""
    spec = criteria.spec
    as_of = None if spec.exchange_rates_as_of is None else spec.exchange_rates_as_of.isoformat()
    codes = {
        v.profile.pricing.currency
        for v in vendors
        if v.profile.pricing and v.profile.pricing.currency not in (None, spec.currency)
    }
    out: list[ExchangeRate] = []
    for code in sorted(c for c in codes if c is not None):
        given = criteria.given_rates.get(code)
        if given is not None:
            day = None if given[1] is None else given[1].isoformat()
            out.append(ExchangeRate(code, given[0], day, given=True))
        elif code in spec.exchange_rates:
            out.append(ExchangeRate(code, spec.exchange_rates[code], as_of))
    return tuple(out)
