"""JSON Schemas of the input files, for editor autocompletion (`vendorscore schema`)."""

from __future__ import annotations

from typing import Any, Literal

from vendorscore.model.criteria import CriteriaSpec
from vendorscore.model.records import json_schema as generate
from vendorscore.model.vendor import VendorProfile

__all__ = ["json_schema"]


def json_schema(kind: Literal["vendor", "criteria"]) -> dict[str, Any]:
    """JSON Schema of a vendor profile or a criteria file, for editor autocompletion."""
    if kind == "vendor":
        return generate(VendorProfile, "vendorscore vendor profile")
    return generate(CriteriaSpec, "vendorscore criteria set")
