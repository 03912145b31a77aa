"""The codes a profile is written in: ISO 3166 countries, ISO 4217 currencies, BCP-47 tags.

Each is a schema that refuses an unknown code with the likely fix (`'ph'`: did you mean
`'PH'`?); the code lists themselves are in countries.py and currencies.py.
"""

from __future__ import annotations

import re

from vendorscore.model.countries import ISO_3166_ALPHA2
from vendorscore.model.currencies import ISO_4217
from vendorscore.model.records import LAX_TEXT, STRICT_TEXT, after

__all__ = [
    "COUNTRY",
    "CURRENCY",
    "LANGUAGE_TAG",
    "canonical_language_tag",
    "one_entry_per_language",
]

_BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-[A-Za-z0-9]{5,8})*$")


def _country(value: str) -> str:
    if value not in ISO_3166_ALPHA2:
        hint = f" (did you mean '{value.upper()}'?)" if value.upper() in ISO_3166_ALPHA2 else ""
        raise ValueError(f"'{value}' is not an ISO 3166 alpha-2 country code{hint}")
    return value


def _currency(value: str) -> str:
    if value not in ISO_4217:
        hint = f"did you mean '{value.upper()}'?" if value.upper() in ISO_4217 else "e.g. USD"
        raise ValueError(f"'{value}' is not an ISO 4217 currency code ({hint})")
    return value


def canonical_language_tag(tag: str) -> str:
    """BCP-47 tags in their usual case: `en-us` -> `en-US`, `zh-hant-tw` -> `zh-Hant-TW`."""
    parts = tag.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def _language_tag(value: str) -> str:
    if not _BCP47.fullmatch(value):
        raise ValueError(f"'{value}' is not a BCP-47 language tag (e.g. en-US, es-MX, fr)")
    return canonical_language_tag(value)


COUNTRY = after(_country, STRICT_TEXT)
CURRENCY = after(_currency, STRICT_TEXT)
LANGUAGE_TAG = after(_language_tag, LAX_TEXT)


def one_entry_per_language(value: object) -> object:
    """Refuse a languages mapping that names one language twice (`en-us` and `en-US`)."""
    if isinstance(value, dict):
        seen: dict[str, str] = {}
        for tag in value:
            if isinstance(tag, str) and _BCP47.fullmatch(tag):
                canonical = canonical_language_tag(tag)
                if canonical in seen:
                    raise ValueError(
                        f"language {canonical} is given twice (as {seen[canonical]} and {tag})"
                    )
                seen[canonical] = tag
    return value
