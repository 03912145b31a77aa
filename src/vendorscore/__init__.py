"""vendorscore: score, rank and stress-test customer-service outsourcing vendors.

Library use::

    from pathlib import Path
    from vendorscore import load_criteria, load_vendors, score

    ranking = score(load_vendors([Path("samples/vendors")]), load_criteria("default"))
    for vendor in ranking.vendors:
        print(vendor.rank, vendor.name, round(vendor.total, 1))
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Names resolve on first use, so `vendorscore --help` or `vendorscore erlang` do not pay for
# building the pydantic models.
_EXPORTS = {
    "Criteria": "vendorscore.models",
    "Problem": "vendorscore.errors",
    "Ranking": "vendorscore.results",
    "Vendor": "vendorscore.models",
    "VendorResult": "vendorscore.results",
    "VendorScoreError": "vendorscore.errors",
    "criteria_from_text": "vendorscore.loading",
    "load_criteria": "vendorscore.loading",
    "load_vendors": "vendorscore.loading",
    "score": "vendorscore.scoring",
    "vendor_from_text": "vendorscore.loading",
}

__all__ = [
    "Criteria",
    "Problem",
    "Ranking",
    "Vendor",
    "VendorResult",
    "VendorScoreError",
    "__version__",
    "criteria_from_text",
    "load_criteria",
    "load_vendors",
    "score",
    "vendor_from_text",
]

if TYPE_CHECKING:
    from vendorscore.errors import Problem, VendorScoreError
    from vendorscore.loading import (
        criteria_from_text,
        load_criteria,
        load_vendors,
        vendor_from_text,
    )
    from vendorscore.models import Criteria, Vendor
    from vendorscore.results import Ranking, VendorResult
    from vendorscore.scoring import score


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'vendorscore' has no attribute {name!r}")
