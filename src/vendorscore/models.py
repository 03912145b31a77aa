"""Validated input models: vendor profiles and criteria sets (pydantic v2, unknown keys refused)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from vendorscore.countries import ISO_3166_ALPHA2

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

# Numbers are finite and never booleans; fractions are 0..1 everywhere.
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
NonNegative = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0)]
Positive = Annotated[float, Field(strict=True, allow_inf_nan=False, gt=0)]
Fraction = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0, le=1)]
Count = Annotated[int, Field(strict=True, ge=0)]
Utility = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0, le=100)]
# Weights are relative; a bound keeps sums finite. Scale anchors are bounded for the same reason.
Weight = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0, le=1e9)]
Anchor = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=-1e12, le=1e12)]
Text = Annotated[str, Field(strict=True, min_length=1, max_length=500)]

_BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-[A-Za-z0-9]{5,8})*$")
_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _country(value: str) -> str:
    if value not in ISO_3166_ALPHA2:
        hint = f" (did you mean '{value.upper()}'?)" if value.upper() in ISO_3166_ALPHA2 else ""
        raise ValueError(f"'{value}' is not an ISO 3166 alpha-2 country code{hint}")
    return value


def _currency(value: str) -> str:
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise ValueError(f"'{value}' is not an ISO 4217 currency code (three capitals, e.g. USD)")
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


Country = Annotated[str, Field(strict=True), AfterValidator(_country)]
Currency = Annotated[str, Field(strict=True), AfterValidator(_currency)]
LanguageTag = Annotated[str, AfterValidator(_language_tag)]

DeliveryModel = Literal["onshore", "nearshore", "offshore", "home_based", "hosted"]
Proficiency = Literal["native", "near_native", "bilingual", "fluent", "conversational"]
PricingModel = Literal[
    "per_productive_hour", "per_paid_hour", "per_handled_minute", "per_call", "per_fte_month"
]
MissingPolicy = Literal["worst", "neutral", "exclude"]
ExtraValue = (
    Annotated[bool, Field(strict=True)]
    | Annotated[int, Field(strict=True)]
    | Number
    | Annotated[str, Field(strict=True, max_length=2000)]
    | list[Annotated[str, Field(strict=True, max_length=500)]]
)


ExtraKey = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=64)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Site(_Model):
    city: Text | None = None
    country: Country | None = None
    timezone: Text | None = None
    seats: Count | None = None
    home_based_share: Fraction | None = None


class LanguageSkill(_Model):
    proficiency: Proficiency | None = None
    agents: Count | None = None


class Culture(_Model):
    fit_rating: Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0, le=10)] | None = None
    time_zone_overlap_hours: Annotated[float, Field(strict=True, ge=0, le=24)] | None = None
    travel_hours: NonNegative | None = None


class Pricing(_Model):
    currency: Currency | None = None
    model: PricingModel | None = None
    rate: NonNegative | None = None
    setup_fee: NonNegative | None = None
    minimum_seats: Count | None = None
    contract_min_months: Count | None = None

    @model_validator(mode="after")
    def _rate_needs_currency(self) -> Self:
        if self.rate is not None and self.currency is None:
            raise ValueError("pricing.currency is required when pricing.rate is given")
        return self


class Workforce(_Model):
    shrinkage: Annotated[float, Field(strict=True, ge=0, lt=1)] | None = None
    max_occupancy: Annotated[float, Field(strict=True, gt=0, le=1)] | None = None
    aht_factor: Positive | None = None
    attrition_annual: NonNegative | None = None  # may exceed 1 (over 100% a year)
    absenteeism: Fraction | None = None


class DisasterRecovery(_Model):
    rto_hours: NonNegative | None = None
    rpo_minutes: NonNegative | None = None
    last_test: dt.date | None = None


class Technology(_Model):
    lines: Annotated[int, Field(strict=True, ge=1)] | None = None  # trunks; 0 takes no calls
    platform: Literal["ccaas", "premise", "hosted"] | None = None
    geo_redundant_sites: Count | None = None
    carriers: Count | None = None
    uptime_sla: Fraction | None = None
    disaster_recovery: DisasterRecovery | None = None


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


class Controls(_Model):
    dtmf_masking: Annotated[bool, Field(strict=True)] | None = None
    clean_desk: Annotated[bool, Field(strict=True)] | None = None
    mfa: Annotated[bool, Field(strict=True)] | None = None
    recording_encryption: Annotated[bool, Field(strict=True)] | None = None
    background_checks: Annotated[bool, Field(strict=True)] | None = None


class Security(_Model):
    certifications: list[Certification] | None = None
    controls: Controls | None = None
    breaches_last_3_years: Count | None = None
    data_residency: list[Country] | None = None


class Clients(_Model):
    count: Count | None = None
    typical_size: Literal["small", "mid_market", "enterprise"] | None = None
    industries: list[Text] | None = None
    serves_competitors: Annotated[bool, Field(strict=True)] | None = None
    references: Count | None = None


class ServiceLevel(_Model):
    achieved: Fraction | None = None
    threshold_seconds: Positive | None = None


class Scorecard(_Model):
    service_level: ServiceLevel | None = None
    abandon_rate: Fraction | None = None
    blocking_rate: Fraction | None = None
    asa_seconds: NonNegative | None = None
    aht_seconds: Positive | None = None
    fcr: Fraction | None = None
    csat: Fraction | None = None
    qa_score: Fraction | None = None


class VendorProfile(_Model):
    """One vendor's RFP answers; every field but name and delivery_model may be left out."""

    name: Annotated[str, Field(strict=True, min_length=1, max_length=200)]
    delivery_model: DeliveryModel
    headquarters: Country | None = None
    sites: list[Site] | None = None
    languages: dict[LanguageTag, LanguageSkill] | None = None
    culture: Culture | None = None
    pricing: Pricing | None = None
    workforce: Workforce | None = None
    technology: Technology | None = None
    security: Security | None = None
    clients: Clients | None = None
    scorecard: Scorecard | None = None
    extra: dict[ExtraKey, ExtraValue] | None = None

    @field_validator("languages", mode="before")
    @classmethod
    def _one_entry_per_language(cls, value: object) -> object:
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


# ---- criteria -----------------------------------------------------------------------------------


class LinearScale(_Model):
    worst: Anchor
    best: Anchor

    @model_validator(mode="after")
    def _distinct(self) -> Self:
        if self.worst == self.best:
            raise ValueError("linear scale needs worst and best to differ")
        return self


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


class ScaleSpec(_Model):
    """A value function: exactly one of its keys is given."""

    linear: LinearScale | None = None
    piecewise: Annotated[list[tuple[Anchor, Utility]], AfterValidator(_piecewise)] | None = None
    ordinal: (
        Annotated[
            list[Annotated[str, Field(strict=True)]],
            Field(min_length=2),
            AfterValidator(_distinct_items),
        ]
        | None
    ) = None
    map: Annotated[dict[str, Utility], Field(min_length=1)] | None = None
    boolean: dict[bool, Utility] | None = None
    coverage: (
        Annotated[
            list[Annotated[str, Field(strict=True)]],
            Field(min_length=1),
            AfterValidator(_distinct_items),
        ]
        | None
    ) = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        given = [k for k in type(self).model_fields if getattr(self, k) is not None]
        if len(given) != 1:
            kinds = ", ".join(type(self).model_fields)
            raise ValueError(f"a scale needs exactly one of: {kinds} (got {len(given)})")
        if self.boolean is not None and set(self.boolean) != {True, False}:
            raise ValueError("boolean scale needs both `true` and `false` utilities")
        return self

    @property
    def kind(self) -> str:
        """The scale's kind: linear, piecewise, ordinal, map, boolean or coverage."""
        return next(k for k in type(self).model_fields if getattr(self, k) is not None)


Scalar = Annotated[bool, Field(strict=True)] | Annotated[int, Field(strict=True)] | Number | str


class Requirement(_Model):
    """A knock-out: a vendor failing it is not ranked."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    field: Annotated[str, Field(strict=True, min_length=1)]
    min: Number | None = None
    max: Number | None = None
    includes: list[Annotated[str, Field(strict=True)]] | None = None
    in_: Annotated[list[Scalar] | None, Field(alias="in")] = None
    equals: Scalar | None = None
    why: Text | None = None

    @model_validator(mode="after")
    def _has_operator(self) -> Self:
        if all(getattr(self, k) is None for k in ("min", "max", "includes", "in_", "equals")):
            raise ValueError("a requirement needs one of: min, max, includes, in, equals")
        return self


class CriterionNode(_Model):
    """A criteria-tree node: a group (with `criteria`) or a leaf (with `field` and `scale`)."""

    id: Annotated[str, Field(strict=True, pattern=_ID.pattern, max_length=64)]
    weight: Weight
    label: Text | None = None
    description: Annotated[str, Field(strict=True, max_length=2000)] | None = None
    field: Annotated[str, Field(strict=True, min_length=1)] | None = None
    scale: ScaleSpec | None = None
    missing: MissingPolicy | None = None
    criteria: Annotated[list[CriterionNode], Field(min_length=1)] | None = None

    @model_validator(mode="after")
    def _group_or_leaf(self) -> Self:
        if self.criteria is not None:
            if self.field is not None or self.scale is not None:
                raise ValueError("a group (with `criteria`) takes no `field` or `scale`")
        elif self.field is None or self.scale is None:
            raise ValueError(
                "a leaf criterion needs both `field` and `scale` (or `criteria` for a group)"
            )
        return self


class CriteriaSpec(_Model):
    """A criteria file: the weighted tree, knock-out requirements and money settings."""

    name: Text
    description: Annotated[str, Field(strict=True, max_length=5000)] | None = None
    currency: Currency = "USD"
    exchange_rates: dict[Currency, Positive] = Field(default_factory=dict)
    missing: MissingPolicy = "worst"
    requirements: list[Requirement] = Field(default_factory=list)
    criteria: Annotated[list[CriterionNode], Field(min_length=1)]


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
    model: type[BaseModel] = VendorProfile if kind == "vendor" else CriteriaSpec
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = (
        "vendorscore vendor profile" if kind == "vendor" else "vendorscore criteria set"
    )
    return schema
