"""Profiles written as YAML read back as the same profile, with vendorscore and YAML 1.1 readers."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from vendorscore.inputs.loading import vendor_from_text
from vendorscore.model.vendor import VendorProfile
from vendorscore.report.profile_yaml import profile_yaml, yaml_scalar

TRICKY = [
    "NO",
    "yes",
    "Off",
    "null",
    "~",
    "123",
    "1e5",
    "0x1F",
    "2025-08-09",
    "a: b",
    "x #y",
    " lead",
    "trail ",
    "[x]",
    "{x}",
    "*a",
    "&a",
    "!tag",
    "%x",
    "@x",
    "`x",
    "-",
    "- x",
    "? x",
    "'q'",
    '"q"',
    "tab\there",
    "line\nbreak",
    "Medellín",
    "عربى",
    "\u202eevil",
    "",
]


def test_tricky_strings_read_back_exactly_with_both_yaml_versions() -> None:
    for text in TRICKY:
        scalar = yaml_scalar(text)
        assert yaml.safe_load(f"k: {scalar}")["k"] == text, (text, scalar)
        doc = f"name: x\ndelivery_model: onshore\nclients: {{industries: [{scalar}]}}\n"
        if text.strip():  # profiles strip surrounding spaces and refuse empty text
            clients = vendor_from_text(doc).profile.clients
            assert clients is not None and clients.industries == [text.strip()], (text, scalar)
    assert yaml_scalar("\u202eevil") == '"\\u202eevil"'  # a bidi control shows in a diff


@given(st.text(min_size=1, max_size=40).filter(lambda s: s.strip() == s and s.strip()))
def test_any_text_round_trips(text: str) -> None:
    scalar = yaml_scalar(text)
    assert yaml.safe_load(f"k: {scalar}")["k"] == text


def test_header_lines_cannot_break_out_of_the_comment() -> None:
    profile = VendorProfile.model_validate({"name": "Acme", "delivery_model": "onshore"})
    text = profile_yaml(profile, header=["Source: evil\nname: Fake"])
    assert text.splitlines()[0] == "# Source: evil\\u000aname: Fake"
    assert vendor_from_text(text).profile.name == "Acme"


def test_empty_groups_and_list_items_keep_their_shape() -> None:
    profile = VendorProfile.model_validate(
        {
            "name": "Acme",
            "delivery_model": "onshore",
            "culture": {},
            "sites": [{}, {"seats": 3}],
            "security": {"certifications": []},
        }
    )
    text = profile_yaml(profile, header=[])
    assert vendor_from_text(text).profile == profile
    assert "culture: {}" in text and "  - {}" in text and "certifications: []" in text
