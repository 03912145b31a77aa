"""vendorscore: score, rank and stress-test customer-service outsourcing vendors.

Library use::

    import vendorscore

    ranking = vendorscore.rank("samples/vendors", criteria="tco", demand="samples/demand.yaml")
    for vendor in ranking.vendors:
        print(vendor.rank, vendor.name, round(vendor.total, 1))
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from vendorscore._version import __version__

# The public names, each with the module defining it. They resolve on first use, so
# `vendorscore --help` or `vendorscore erlang` do not pay for building the records.
_EXPORTS = {
    "Criteria": "vendorscore.model.criteria",
    "Problem": "vendorscore.errors",
    "Ranking": "vendorscore.model.results",
    "Vendor": "vendorscore.model.vendor",
    "VendorResult": "vendorscore.model.results",
    "VendorScoreError": "vendorscore.errors",
    "compare_runs": "vendorscore.compare.runs",
    "criteria_from_text": "vendorscore.inputs.loading",
    "load_criteria": "vendorscore.inputs.loading",
    "load_vendors": "vendorscore.inputs.loading",
    "rank": "vendorscore.api",
    "read_saved_run": "vendorscore.inputs.saved_result",
    "saved_run": "vendorscore.model.saved",
    "score": "vendorscore.scoring.pipeline",
    "vendor_from_text": "vendorscore.inputs.loading",
}
__all__ = ["__version__", *_EXPORTS]  # noqa: PLE0604

if TYPE_CHECKING:  # the same names, typed, for type checkers (tests/test_api.py keeps them equal)
    from vendorscore.api import rank as rank
    from vendorscore.compare.runs import compare_runs as compare_runs
    from vendorscore.errors import Problem as Problem
    from vendorscore.errors import VendorScoreError as VendorScoreError
    from vendorscore.inputs.loading import criteria_from_text as criteria_from_text
    from vendorscore.inputs.loading import load_criteria as load_criteria
    from vendorscore.inputs.loading import load_vendors as load_vendors
    from vendorscore.inputs.loading import vendor_from_text as vendor_from_text
    from vendorscore.inputs.saved_result import read_saved_run as read_saved_run
    from vendorscore.model.criteria import Criteria as Criteria
    from vendorscore.model.results import Ranking as Ranking
    from vendorscore.model.results import VendorResult as VendorResult
    from vendorscore.model.saved import saved_run as saved_run
    from vendorscore.model.vendor import Vendor as Vendor
    from vendorscore.scoring.pipeline import score as score


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'vendorscore' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
