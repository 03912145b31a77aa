"""JSON Schemas of the input files, for editor autocompletion (`vendorscore schema`)."""

from __future__ import annotations

from typing import Any, Literal

from vendorscore.model.countries import ISO_3166_ALPHA2
from vendorscore.model.criteria import CriteriaSpec
from vendorscore.model.currencies import ISO_4217
from vendorscore.model.records import json_schema as generate
from vendorscore.model.vendor import VendorProfile

__all__ = ["json_schema"]

# Codes checked by a validator function (not a Literal), listed for editors: (record, field).
_CODES: dict[tuple[str, str], frozenset[str]] = {
    ("Pricing", "currency"): ISO_4217,
    ("VendorProfile", "headquarters"): ISO_3166_ALPHA2,
    ("Site", "country"): ISO_3166_ALPHA2,
    ("Security", "data_residency"): ISO_3166_ALPHA2,
}


def json_schema(kind: Literal["vendor", "criteria"]) -> dict[str, Any]:
    """JSON Schema of a vendor profile or a criteria file, for editor autocompletion."""
    if kind == "vendor":
        schema = generate(VendorProfile, "vendorscore vendor profile")
        for (record, name), codes in _CODES.items():
            node = schema if record == "VendorProfile" else schema["$defs"][record]
            _list_codes(node["properties"][name], sorted(codes))
        return schema
    return generate(CriteriaSpec, "vendorscore criteria set")


def _list_codes(node: dict[str, Any], codes: list[str]) -> None:
    """Add `enum` to the string branch of a field (a nullable string, or a list of strings)."""
    for branch in node.get("anyOf", [node]):
        if branch.get("type") == "string":
            branch["enum"] = codes
        elif branch.get("type") == "array" and branch.get("items", {}).get("type") == "string":
            branch["items"]["enum"] = codes
