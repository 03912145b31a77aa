"""Validated input records: vendor profiles and criteria sets (pydantic-core, unknown keys refused).

Each field is declared once, with its schema; see records.py for why these are records
validated by pydantic-core rather than `pydantic.BaseModel` classes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic_core import core_schema as cs

from vendorscore.countries import ISO_3166_ALPHA2
from vendorscore.currencies import ISO_4217
from vendorscore.records import (
    ANCHOR,
    BOOL,
    COUNT,
    FRACTION,
    IDENTIFIER,
    INTEGER,
    NON_NEGATIVE,
    NUMBER,
    POSITIVE,
    STRICT_TEXT,
    TEXT,
    UTILITY,
    WEIGHT,
    Record,
    after,
    defaulted,
    literal,
    number,
    optional,
    ref,
    required,
    text,
)

__all__ = [
    "Criteria",
    "CriteriaSpec",
    "CriterionNode",
    "Locations",
    "Requirement",
    "ScaleSpec",
    "Vendor",
    "VendorProfile",
]

# Path of keys/indexes into a YAML document -> (line, column), both 1-based.
Locations = Mapping[tuple[str | int, ...], tuple[int, int]]


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

DeliveryModel = Literal["onshore", "nearshore", "offshore", "home_based", "hosted"]
Proficiency = Literal["native", "near_native", "bilingual", "fluent", "conversational"]
PricingModel = Literal[
    "per_productive_hour", "per_paid_hour", "per_handled_minute", "per_call", "per_fte_month"
]
Platform = Literal["ccaas", "premise", "hosted"]
ClientSize = Literal["small", "mid_market", "enterprise"]
MissingPolicy = Literal["worst", "neutral", "exclude"]
Certification = Literal[
    "pci_dss",
    "soc2_type1",
    "soc2_type2",
    "iso27001",
    "hipaa_baa",
    "hitrust",
    "iso22301",
    "iso18295",
    "copc",
    "gdpr_dpa",
]
ExtraValue = bool | int | float | str | list[str]
_EXTRA_VALUE = cs.union_schema([BOOL, INTEGER, NUMBER, text(2000), cs.list_schema(text(500))])


# ---- vendor profiles ---------------------------------------------------------------------------


class Site(Record):
    city: str | None = optional(TEXT)
    country: str | None = optional(COUNTRY)
    timezone: str | None = optional(TEXT)
    seats: int | None = optional(COUNT)
    home_based_share: float | None = optional(FRACTION)


class LanguageSkill(Record):
    proficiency: Proficiency | None = optional(literal(Proficiency))
    agents: int | None = optional(COUNT)


class Culture(Record):
    fit_rating: float | None = optional(number(ge=0, le=10))
    time_zone_overlap_hours: float | None = optional(number(ge=0, le=24))
    travel_hours: float | None = optional(NON_NEGATIVE)


class Pricing(Record):
    currency: str | None = optional(CURRENCY)
    model: PricingModel | None = optional(literal(PricingModel))
    rate: float | None = optional(NON_NEGATIVE)
    setup_fee: float | None = optional(NON_NEGATIVE)
    minimum_seats: int | None = optional(COUNT)
    contract_min_months: int | None = optional(COUNT)

    def _check(self) -> None:
        if self.rate is not None and self.currency is None:
            raise ValueError("pricing.currency is required when pricing.rate is given")


class Workforce(Record):
    shrinkage: float | None = optional(number(ge=0, lt=1))
    max_occupancy: float | None = optional(number(gt=0, le=1))
    aht_factor: float | None = optional(POSITIVE)
    attrition_annual: float | None = optional(NON_NEGATIVE)  # may exceed 1 (over 100% a year)
    absenteeism: float | None = optional(FRACTION)


class DisasterRecovery(Record):
    rto_hours: float | None = optional(NON_NEGATIVE)
    rpo_minutes: float | None = optional(NON_NEGATIVE)
    last_test: dt.date | None = optional(cs.date_schema())


class Technology(Record):
    lines: int | None = optional(cs.int_schema(strict=True, ge=1))  # trunks; 0 takes no calls
    platform: Platform | None = optional(literal(Platform))
    geo_redundant_sites: int | None = optional(COUNT)
    carriers: int | None = optional(COUNT)
    uptime_sla: float | None = optional(FRACTION)
    disaster_recovery: DisasterRecovery | None = optional(ref(DisasterRecovery))


class Controls(Record):
    dtmf_masking: bool | None = optional(BOOL)
    clean_desk: bool | None = optional(BOOL)
    mfa: bool | None = optional(BOOL)
    recording_encryption: bool | None = optional(BOOL)
    background_checks: bool | None = optional(BOOL)


class Security(Record):
    certifications: list[Certification] | None = optional(cs.list_schema(literal(Certification)))
    controls: Controls | None = optional(ref(Controls))
    breaches_last_3_years: int | None = optional(COUNT)
    data_residency: list[str] | None = optional(cs.list_schema(COUNTRY))


class Clients(Record):
    count: int | None = optional(COUNT)
    typical_size: ClientSize | None = optional(literal(ClientSize))
    industries: list[str] | None = optional(cs.list_schema(TEXT))
    serves_competitors: bool | None = optional(BOOL)
    references: int | None = optional(COUNT)


class ServiceLevel(Record):
    achieved: float | None = optional(FRACTION)
    threshold_seconds: float | None = optional(POSITIVE)


class Scorecard(Record):
    service_level: ServiceLevel | None = optional(ref(ServiceLevel))
    abandon_rate: float | None = optional(FRACTION)
    blocking_rate: float | None = optional(FRACTION)
    asa_seconds: float | None = optional(NON_NEGATIVE)
    aht_seconds: float | None = optional(POSITIVE)
    fcr: float | None = optional(FRACTION)
    csat: float | None = optional(FRACTION)
    qa_score: float | None = optional(FRACTION)


def _one_entry_per_language(value: object) -> object:
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


class VendorProfile(Record):
    """One vendor's RFP answers; every field but name and delivery_model may be left out."""

    name: str = required(cs.str_schema(strict=True, min_length=1, max_length=200))
    delivery_model: DeliveryModel = required(literal(DeliveryModel))
    headquarters: str | None = optional(COUNTRY)
    sites: list[Site] | None = optional(cs.list_schema(ref(Site)))
    languages: dict[str, LanguageSkill] | None = optional(
        cs.no_info_before_validator_function(
            _one_entry_per_language,
            cs.dict_schema(after(_language_tag, cs.str_schema()), ref(LanguageSkill)),
        )
    )
    culture: Culture | None = optional(ref(Culture))
    pricing: Pricing | None = optional(ref(Pricing))
    workforce: Workforce | None = optional(ref(Workforce))
    technology: Technology | None = optional(ref(Technology))
    security: Security | None = optional(ref(Security))
    clients: Clients | None = optional(ref(Clients))
    scorecard: Scorecard | None = optional(ref(Scorecard))
    extra: dict[str, ExtraValue] | None = optional(cs.dict_schema(IDENTIFIER, _EXTRA_VALUE))


# ---- criteria -----------------------------------------------------------------------------------


class LinearScale(Record):
    worst: float = required(ANCHOR)
    best: float = required(ANCHOR)

    def _check(self) -> None:
        if self.worst == self.best:
            raise ValueError("linear scale needs worst and best to differ")


def _piecewise(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    if len(points) < 2:
        raise ValueError("piecewise scale needs at least two [x, utility] points")
    xs = [x for x, _ in points]
    if any(b <= a for a, b in itertools.pairwise(xs)):
        raise ValueError("piecewise points must be sorted by x with no repeated x")
    return points


def _distinct_items(items: list[str]) -> list[str]:
    if len(set(items)) != len(items):
        dupes = sorted({i for i in items if items.count(i) > 1})
        raise ValueError(f"items must be distinct; repeated: {', '.join(dupes)}")
    return items


def _distinct_texts(min_length: int) -> cs.CoreSchema:
    return after(_distinct_items, cs.list_schema(STRICT_TEXT, min_length=min_length))


class ScaleSpec(Record):
    """A value function: exactly one of its keys is given."""

    linear: LinearScale | None = optional(ref(LinearScale))
    piecewise: list[tuple[float, float]] | None = optional(
        after(_piecewise, cs.list_schema(cs.tuple_schema([ANCHOR, UTILITY])))
    )
    ordinal: list[str] | None = optional(_distinct_texts(2))
    map: dict[str, float] | None = optional(cs.dict_schema(cs.str_schema(), UTILITY, min_length=1))
    boolean: dict[bool, float] | None = optional(cs.dict_schema(cs.bool_schema(), UTILITY))
    coverage: list[str] | None = optional(_distinct_texts(1))

    def _check(self) -> None:
        kinds = type(self).__record_fields__
        given = [k for k in kinds if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"a scale needs exactly one of: {', '.join(kinds)} (got {len(given)})")
        if self.boolean is not None and set(self.boolean) != {True, False}:
            raise ValueError("boolean scale needs both `true` and `false` utilities")

    @property
    def kind(self) -> str:
        """The scale's kind: linear, piecewise, ordinal, map, boolean or coverage."""
        return next(k for k in type(self).__record_fields__ if getattr(self, k) is not None)


Scalar = bool | int | float | str
_SCALAR = cs.union_schema([BOOL, INTEGER, NUMBER, cs.str_schema()])


class Requirement(Record):
    """A knock-out: a vendor failing it is not ranked."""

    field: str = required(cs.str_schema(strict=True, min_length=1))
    min: float | None = optional(NUMBER)
    max: float | None = optional(NUMBER)
    includes: list[str] | None = optional(cs.list_schema(STRICT_TEXT))
    in_: list[Scalar] | None = optional(cs.list_schema(_SCALAR), alias="in")
    equals: Scalar | None = optional(_SCALAR)
    why: str | None = optional(TEXT)

    def _check(self) -> None:
        if all(getattr(self, k) is None for k in ("min", "max", "includes", "in_", "equals")):
            raise ValueError("a requirement needs one of: min, max, includes, in, equals")


class CriterionNode(Record):
    """A criteria-tree node: a group (with `criteria`) or a leaf (with `field` and `scale`)."""

    id: str = required(IDENTIFIER)
    weight: float = required(WEIGHT)
    label: str | None = optional(TEXT)
    description: str | None = optional(text(2000))
    field: str | None = optional(cs.str_schema(strict=True, min_length=1))
    scale: ScaleSpec | None = optional(ref(ScaleSpec))
    missing: MissingPolicy | None = optional(literal(MissingPolicy))
    criteria: list[CriterionNode] | None = optional(
        lambda: cs.list_schema(ref(CriterionNode), min_length=1)
    )

    def _check(self) -> None:
        if self.criteria is not None:
            if self.field is not None or self.scale is not None:
                raise ValueError("a group (with `criteria`) takes no `field` or `scale`")
        elif self.field is None or self.scale is None:
            raise ValueError(
                "a leaf criterion needs both `field` and `scale` (or `criteria` for a group)"
            )


class CriteriaSpec(Record):
    """A criteria file: the weighted tree, knock-out requirements and money settings."""

    name: str = required(TEXT)
    description: str | None = optional(text(5000))
    currency: str = defaulted(CURRENCY, default="USD")
    exchange_rates: dict[str, float] = defaulted(cs.dict_schema(CURRENCY, POSITIVE), factory=dict)
    missing: MissingPolicy = defaulted(literal(MissingPolicy), default="worst")
    requirements: list[Requirement] = defaulted(cs.list_schema(ref(Requirement)), factory=list)
    criteria: list[CriterionNode] = required(cs.list_schema(ref(CriterionNode), min_length=1))


@dataclass(frozen=True)
class Vendor:
    """A validated vendor profile with where it came from."""

    profile: VendorProfile
    file: str
    sha256: str = ""
    locations: Locations = field(default_factory=dict)
    key_locations: Locations = field(default_factory=dict)


@dataclass(frozen=True)
class Criteria:
    """A validated criteria set with where it came from."""

    spec: CriteriaSpec
    file: str
    sha256: str = ""
    locations: Locations = field(default_factory=dict)
    key_locations: Locations = field(default_factory=dict)


def json_schema(kind: Literal["vendor", "criteria"]) -> dict[str, Any]:
    """JSON Schema of a vendor profile or a criteria file, for editor autocompletion."""
    from vendorscore.records import json_schema as generate

    if kind == "vendor":
        return generate(VendorProfile, "vendorscore vendor profile")
    return generate(CriteriaSpec, "vendorscore criteria set")
