"""A vendor profile: one vendor's RFP answers as a validated, immutable record.

Each field is declared once, with its schema (see records.py for why these are records validated
by pydantic-core rather than `pydantic.BaseModel` classes); unknown keys are refused.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal, get_args

from vendorscore.model.countries import ISO_3166_ALPHA2
from vendorscore.model.currencies import ISO_4217
from vendorscore.model.limits import MAX_ANNUAL_INCREASE, MAX_RAMP_WEEKS, MAX_TRAINING_HOURS
from vendorscore.model.records import (
    BOOL,
    COUNT,
    DATE,
    FRACTION,
    IDENTIFIER,
    INTEGER,
    LAX_TEXT,
    LINES,
    MAX_AHT_FACTOR,
    MIN_AHT_FACTOR,
    MONEY,
    NON_NEGATIVE,
    NUMBER,
    OCCUPANCY_CAP,
    POSITIVE,
    SHRINKAGE,
    STRICT_TEXT,
    TEXT,
    Locations,
    Record,
    after,
    before,
    dict_of,
    list_of,
    literal,
    number,
    one_of,
    optional,
    ref,
    required,
    text,
)

__all__ = [
    "COUNTRY",
    "CURRENCY",
    "Locations",
    "Vendor",
    "VendorProfile",
    "canonical_language_tag",
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

DeliveryModel = Literal["onshore", "nearshore", "offshore", "home_based", "hosted"]
Proficiency = Literal["native", "near_native", "bilingual", "fluent", "conversational"]
PricingModel = Literal[
    "per_productive_hour", "per_paid_hour", "per_handled_minute", "per_call", "per_fte_month"
]
Platform = Literal["ccaas", "premise", "hosted"]
ClientSize = Literal["small", "mid_market", "enterprise"]
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
_DELIVERY_MODELS: tuple[DeliveryModel, ...] = get_args(DeliveryModel)
_PROFICIENCIES: tuple[Proficiency, ...] = get_args(Proficiency)
_PRICING_MODELS: tuple[PricingModel, ...] = get_args(PricingModel)
_PLATFORMS: tuple[Platform, ...] = get_args(Platform)
_CLIENT_SIZES: tuple[ClientSize, ...] = get_args(ClientSize)
_CERTIFICATIONS: tuple[Certification, ...] = get_args(Certification)
ExtraValue = bool | int | float | str | list[str]
_EXTRA_VALUE = one_of(BOOL, INTEGER, NUMBER, text(2000), list_of(text(500)))


# ---- vendor profiles ---------------------------------------------------------------------------


class Site(Record):
    city: str | None = optional(TEXT)
    country: str | None = optional(COUNTRY)
    timezone: str | None = optional(TEXT)
    seats: int | None = optional(COUNT)
    home_based_share: float | None = optional(FRACTION)


class LanguageSkill(Record):
    proficiency: Proficiency | None = optional(literal(_PROFICIENCIES))
    agents: int | None = optional(COUNT)


class Culture(Record):
    fit_rating: float | None = optional(number(ge=0, le=10))
    time_zone_overlap_hours: float | None = optional(number(ge=0, le=24))
    travel_hours: float | None = optional(NON_NEGATIVE)


class Pricing(Record):
    currency: str | None = optional(CURRENCY)
    model: PricingModel | None = optional(literal(_PRICING_MODELS))
    rate: float | None = optional(MONEY)
    setup_fee: float | None = optional(MONEY)
    minimum_seats: int | None = optional(COUNT)
    contract_min_months: int | None = optional(COUNT)
    training_hours_per_agent: float | None = optional(
        number(ge=0, le=MAX_TRAINING_HOURS),
        description="Hours of classroom and nesting training each new agent gets before taking "
        "calls alone, at the start of the programme and for every replacement (hours per agent, "
        "e.g. 120).",
    )
    training_billed: bool | None = optional(
        BOOL,
        description="true: training hours are billed to the buyer at the agent rate; false: "
        "training is included in the price (e.g. true).",
    )
    ramp_weeks: float | None = optional(
        number(ge=0, le=MAX_RAMP_WEEKS),
        description="Weeks a new programme takes to reach full productivity after go-live "
        "(weeks, e.g. 6).",
    )
    annual_increase: float | None = optional(
        number(ge=0, le=MAX_ANNUAL_INCREASE),
        description="Price escalation each contract year, as a fraction (per year, e.g. 0.03 for "
        "3%: year 2 costs 1.03 x year 1).",
    )

    def _check(self) -> None:
        if self.rate is not None and self.currency is None:
            raise ValueError("pricing.currency is required when pricing.rate is given")


class Workforce(Record):
    shrinkage: float | None = optional(SHRINKAGE)
    max_occupancy: float | None = optional(OCCUPANCY_CAP)
    aht_factor: float | None = optional(number(ge=MIN_AHT_FACTOR, le=MAX_AHT_FACTOR))
    attrition_annual: float | None = optional(NON_NEGATIVE)  # may exceed 1 (over 100% a year)
    absenteeism: float | None = optional(FRACTION)


class DisasterRecovery(Record):
    rto_hours: float | None = optional(NON_NEGATIVE)
    rpo_minutes: float | None = optional(NON_NEGATIVE)
    last_test: dt.date | None = optional(DATE)


class Technology(Record):
    lines: int | None = optional(LINES)  # trunks; 0 takes no calls
    platform: Platform | None = optional(literal(_PLATFORMS))
    geo_redundant_sites: int | None = optional(
        COUNT,
        description="Sites in another location that can take over this programme's calls when "
        "the primary one fails: the other operating sites that back it up, plus any standby "
        "recovery site; for a cloud or home-based operation, its hosting regions beyond the "
        "first. The primary is not counted (sites: 0 for a single site with no standby, 1 for "
        "two sites that back each other up).",
    )
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
    certifications: list[Certification] | None = optional(list_of(literal(_CERTIFICATIONS)))
    controls: Controls | None = optional(ref(Controls))
    breaches_last_3_years: int | None = optional(COUNT)
    data_residency: list[str] | None = optional(list_of(COUNTRY))


class Clients(Record):
    count: int | None = optional(COUNT)
    typical_size: ClientSize | None = optional(literal(_CLIENT_SIZES))
    industries: list[str] | None = optional(list_of(TEXT))
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

    name: str = required(text(200, min_length=1))
    delivery_model: DeliveryModel = required(literal(_DELIVERY_MODELS))
    headquarters: str | None = optional(COUNTRY)
    sites: list[Site] | None = optional(list_of(ref(Site)))
    languages: dict[str, LanguageSkill] | None = optional(
        before(
            _one_entry_per_language,
            dict_of(after(_language_tag, LAX_TEXT), ref(LanguageSkill)),
        )
    )
    culture: Culture | None = optional(ref(Culture))
    pricing: Pricing | None = optional(ref(Pricing))
    workforce: Workforce | None = optional(ref(Workforce))
    technology: Technology | None = optional(ref(Technology))
    security: Security | None = optional(ref(Security))
    clients: Clients | None = optional(ref(Clients))
    scorecard: Scorecard | None = optional(ref(Scorecard))
    extra: dict[str, ExtraValue] | None = optional(dict_of(IDENTIFIER, _EXTRA_VALUE))


@dataclass(frozen=True)
class Vendor:
    """A validated vendor profile with where it came from."""

    profile: VendorProfile
    file: str
    sha256: str = ""
    locations: Locations = field(default_factory=dict)
    key_locations: Locations = field(default_factory=dict)
