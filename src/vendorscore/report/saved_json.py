"""The keys a saved ranking carries so that two runs can be compared later (`vendorscore diff`).

Additions to the `rank --format json` contract only: the format and tool version, the criteria
weights as used (raw, local, effective), each vendor's effective weights and raw values, and
every input file with its SHA-256. `inputs/saved_result.py` reads them back.
"""

from __future__ import annotations

import math
from typing import Any

from vendorscore._version import __version__
from vendorscore.model.results import Ranking, VendorResult
from vendorscore.model.saved_format import FORMAT_NAME, FORMAT_VERSION, json_value

__all__ = ["criteria_fields", "header_fields", "inputs_field", "vendor_fields"]


def _round(x: float) -> float | None:
    return round(x, 10) if math.isfinite(x) else None


def header_fields() -> dict[str, Any]:
    """What the document is and which vendorscore wrote it."""
    return {"format": FORMAT_NAME, "format_version": FORMAT_VERSION, "tool_version": __version__}


def criteria_fields(ranking: Ranking) -> dict[str, Any]:
    """The criteria as used: currency, missing-data policy, knock-outs, the weighted tree."""
    return {
        "base_currency": ranking.base_currency,
        "missing_policy": ranking.missing_policy,
        "requirements": list(ranking.requirement_rules),
        "tree": [
            {
                "id": c.id,
                "label": c.label,
                "parent": c.parent,
                "weight": c.weight,
                # Weights keep every digit (unlike scores and totals) so that a comparison
                # recomputes each contribution exactly as weight x utility.
                "local_weight": c.local_weight,
                "effective_weight": c.global_weight,
                "leaf": c.is_leaf,
                "field": c.field,
                "scale": c.scale,
                "missing": c.missing,
            }
            for c in ranking.criteria
        ],
    }


def vendor_fields(vendor: VendorResult) -> dict[str, Any]:
    """A vendor's effective weight per leaf (after exclusions) and every raw value used."""
    return {
        "effective_weights": {leaf.id: leaf.effective_weight for leaf in vendor.leaves},
        "values": {k: json_value(v) for k, v in vendor.values.items()},
    }


def inputs_field(ranking: Ranking) -> list[dict[str, str]]:
    """Every file the run read, with its SHA-256."""
    return [{"kind": f.kind, "path": f.path, "sha256": f.sha256} for f in ranking.inputs]
