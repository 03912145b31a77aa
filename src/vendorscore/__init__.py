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

from vendorscore._version import __version__

# Names resolve on first use, so `vendorscore --help` or `vendorscore erlang` do not pay for
# building the pydantic models.
_EXPORTS = {
    "Criteria": "vendorscore.models",
    "Problem": "vendorscore.errors",
    "Ranking": "vendorscore.model.results",
    "Vendor": "vendorscore.models",
    "VendorResult": "vendorscore.model.results",
    "VendorScoreError": "vendorscore.errors",
    "compare_runs": "vendorscore.compare.runs",
    "criteria_from_text": "vendorscore.inputs.loading",
    "load_criteria": "vendorscore.inputs.loading",
    "load_vendors": "vendorscore.inputs.loading",
    "read_saved_run": "vendorscore.inputs.saved_result",
    "saved_run": "vendorscore.model.saved",
    "score": "vendorscore.scoring.pipeline",
    "vendor_from_text": "vendorscore.inputs.loading",
}

__all__ = [
    "Criteria",
    "Problem",
    "Ranking",
    "Vendor",
    "VendorResult",
    "VendorScoreError",
    "__version__",
    "compare_runs",
    "criteria_from_text",
    "load_criteria",
    "load_vendors",
    "read_saved_run",
    "saved_run",
    "score",
    "vendor_from_text",
]

if TYPE_CHECKING:
    from vendorscore.compare.runs import compare_runs
    from vendorscore.errors import Problem, VendorScoreError
    from vendorscore.inputs.loading import (
        criteria_from_text,
        load_criteria,
        load_vendors,
        vendor_from_text,
    )
    from vendorscore.inputs.saved_result import read_saved_run
    from vendorscore.model.criteria import Criteria
    from vendorscore.model.results import Ranking, VendorResult
    from vendorscore.model.saved import saved_run
    from vendorscore.model.vendor import Vendor
    from vendorscore.scoring.pipeline import score


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'vendorscore' has no attribute {name!r}")
