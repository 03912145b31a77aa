"""`vendorscore schema vendor` as editor help (issue 13): a description with a unit or an example
on every property, code lists where there are some, and the samples wired to it."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import ROOT, SAMPLES
from typer.testing import CliRunner

from vendorscore.cli import app
from vendorscore.model.countries import ISO_3166_ALPHA2
from vendorscore.model.currencies import ISO_4217

SCHEMA_FILE = ROOT / "samples" / "vendor.schema.json"


def vendor_schema() -> dict[str, Any]:
    result = CliRunner().invoke(app, ["schema", "vendor"])
    assert result.exit_code == 0
    return json.loads(result.stdout)


def properties(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {f"VendorProfile.{k}": v for k, v in schema["properties"].items()}
    for record, node in schema["$defs"].items():
        found |= {f"{record}.{k}": v for k, v in node["properties"].items()}
    return found


def test_every_property_has_a_description_with_an_example() -> None:
    found = properties(vendor_schema())
    assert len(found) >= 69  # every field of the profile, nested records included
    assert {"Technology.programme_lines", "Workforce.shrinkage_includes_absenteeism"} <= set(found)
    lacking = {name for name, p in found.items() if "e.g. " not in p.get("description", "")}
    assert lacking == set()


def test_units_are_named_where_a_number_has_one() -> None:
    found = properties(vendor_schema())
    for name, unit in {
        "Scorecard.asa_seconds": "seconds",
        "Pricing.contract_min_months": "months",
        "DisasterRecovery.rto_hours": "hours",
        "Pricing.rate": "pricing.currency",
        "Technology.lines": "a count",
        "Culture.fit_rating": "0-10",
    }.items():
        assert unit in found[name]["description"], name


def test_code_lists_are_offered_as_enums() -> None:
    schema = vendor_schema()
    currency = schema["$defs"]["Pricing"]["properties"]["currency"]["anyOf"][0]
    assert currency["enum"] == sorted(ISO_4217) and "PHP" in currency["enum"]
    hq = schema["properties"]["headquarters"]["anyOf"][0]
    assert hq["enum"] == sorted(ISO_3166_ALPHA2)
    residency = schema["$defs"]["Security"]["properties"]["data_residency"]["anyOf"][0]
    assert residency["items"]["enum"] == sorted(ISO_3166_ALPHA2)
    assert schema["properties"]["delivery_model"]["enum"] == [
        "onshore", "nearshore", "offshore", "home_based", "hosted",
    ]  # fmt: skip
    certifications = schema["$defs"]["Security"]["properties"]["certifications"]["anyOf"][0]
    assert {"pci_dss", "soc2_type2", "iso27001"} <= set(certifications["items"]["enum"])


def test_every_sample_names_the_schema_on_its_first_line() -> None:
    for path in sorted(SAMPLES.glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../vendor.schema.json", path.name
        assert (path.parent / "../vendor.schema.json").resolve() == SCHEMA_FILE


def _fields_only(node: Any) -> Any:
    """A JSON Schema without what only some pydantic versions write (record titles, the root
    description, propertyNames): the fields, types, enums and descriptions stay."""
    if isinstance(node, dict):
        return {
            k: _fields_only(v)
            for k, v in node.items()
            if k not in ("title", "propertyNames") or not isinstance(v, (str, dict))
        }
    if isinstance(node, list):
        return [_fields_only(v) for v in node]
    return node


def test_the_samples_schema_copy_is_current() -> None:
    # After changing a profile field: vendorscore schema vendor > samples/vendor.schema.json
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    live = vendor_schema()
    committed.pop("description", None)
    live.pop("description", None)
    assert _fields_only(committed) == _fields_only(live)
