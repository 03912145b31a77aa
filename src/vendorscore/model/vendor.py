"""A vendor profile: one vendor's RFP answers as a validated, immutable record.

Each field is declared once, with its schema (see records.py for why these are records validated
by pydantic-core rather than `pydantic.BaseModel` classes); unknown keys are refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, get_args

from vendorscore.model.codes import COUNTRY, CURRENCY, LANGUAGE_TAG, one_entry_per_language
from vendorscore.model.hours import TIMEZONE
from vendorscore.model.limits import MAX_ANNUAL_INCREASE, MAX_RAMP_WEEKS, MAX_TRAINING_HOURS
from vendorscore.model.records import (
    BOOL,
    COUNT,
    DATE,
    FRACTION,
    IDENTIFIER,
    INTEGER,
    LINES,
    MAX_AHT_FACTOR,
    MIN_AHT_FACTOR,
    MONEY,
    NON_NEGATIVE,
    NUMBER,
    OCCUPANCY_CAP,
    POSITIVE,
    SHRINKAGE,
    TEXT,
    Locations,
    Record,
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

__all__ = ["Locations", "Vendor", "VendorProfile"]


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
    city: str | None = optional(TEXT, description="City of the site, e.g. Cebu City.")
    country: str | None = optional(
        COUNTRY, description="Country of the site, ISO 3166 alpha-2, e.g. PH."
    )
    timezone: str | None = optional(
        TIMEZONE,
        description="The site's IANA time zone, e.g. Asia/Manila; its home-based agents are "
        "taken to work in it too (list home-based regions as sites of their own).",
    )
    seats: int | None = optional(COUNT, description="Agent seats at the site, a count, e.g. 1200.")
    home_based_share: float | None = optional(
        FRACTION, description="Share of its agents working from home, 0-1, e.g. 0.25."
    )


class LanguageSkill(Record):
    proficiency: Proficiency | None = optional(
        literal(_PROFICIENCIES), description="Agents' level in the language, e.g. near_native."
    )
    agents: int | None = optional(
        COUNT, description="Agents taking calls in the language, a count, e.g. 900."
    )


class Culture(Record):
    fit_rating: float | None = optional(
        number(ge=0, le=10), description="Your rating of cultural fit, 0-10 (10 best), e.g. 7.5."
    )
    time_zone_overlap_hours: float | None = optional(
        number(ge=0, le=24), description="Hours a day the working days overlap, 0-24, e.g. 6."
    )
    travel_hours: float | None = optional(
        NON_NEGATIVE, description="Travel time from your office to the site, hours, e.g. 14."
    )


class Pricing(Record):
    currency: str | None = optional(
        CURRENCY, description="ISO 4217 code of the rate and fees, e.g. PHP."
    )
    model: PricingModel | None = optional(
        literal(_PRICING_MODELS), description="What the rate is paid per, e.g. per_productive_hour."
    )
    rate: float | None = optional(
        MONEY, description="Price per pricing unit, in pricing.currency, e.g. 690."
    )
    setup_fee: float | None = optional(
        MONEY, description="One-off setup fee, in pricing.currency, e.g. 15000."
    )
    minimum_seats: int | None = optional(
        COUNT, description="Seats billed at least, a count, e.g. 20."
    )
    contract_min_months: int | None = optional(
        COUNT, description="Minimum contract term, months, e.g. 12."
    )
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
    shrinkage: float | None = optional(
        SHRINKAGE, description="Share of paid time off the phones, below 1, e.g. 0.32."
    )
    max_occupancy: float | None = optional(
        OCCUPANCY_CAP, description="Highest share of time agents are kept busy, e.g. 0.88."
    )
    aht_factor: float | None = optional(
        number(ge=MIN_AHT_FACTOR, le=MAX_AHT_FACTOR),
        description="Handle time vs your aht_seconds, a multiplier, e.g. 1.08.",
    )
    attrition_annual: float | None = optional(
        NON_NEGATIVE, description="Agents leaving a year / headcount, e.g. 0.45 for 45%."
    )  # may exceed 1 (over 100% a year)
    absenteeism: float | None = optional(
        FRACTION, description="Share of scheduled shifts missed, 0-1, e.g. 0.06."
    )
    shrinkage_includes_absenteeism: bool | None = optional(
        BOOL,
        description="true when workforce.shrinkage already counts absenteeism (heads are then "
        "agents / (1 - shrinkage)); false or left out: agents / ((1 - shrinkage) x "
        "(1 - absenteeism)); e.g. true.",
    )


class DisasterRecovery(Record):
    rto_hours: float | None = optional(
        NON_NEGATIVE, description="Recovery time objective, hours, e.g. 4."
    )
    rpo_minutes: float | None = optional(
        NON_NEGATIVE, description="Recovery point objective, minutes of data, e.g. 15."
    )
    last_test: dt.date | None = optional(
        DATE, description="Date of the last DR test, YYYY-MM-DD, e.g. 2025-09-30."
    )


class Technology(Record):
    lines: int | None = optional(
        LINES,
        description="Trunks across all the vendor's sites (resilience), a count, e.g. 1500.",
    )  # trunks; 0 takes no calls
    programme_lines: int | None = optional(
        LINES,
        description="Lines (trunks) committed to this programme, e.g. 66; Erlang X blocking "
        "uses them (technology.lines is the whole site's, a resilience figure).",
    )
    platform: Platform | None = optional(
        literal(_PLATFORMS), description="Contact-centre platform, e.g. ccaas."
    )
    geo_redundant_sites: int | None = optional(
        COUNT,
        description="Sites in another location that can take over this programme's calls when "
        "the primary one fails: the other operating sites that back it up, plus any standby "
        "recovery site; for a cloud or home-based operation, its hosting regions beyond the "
        "first. The primary is not counted, e.g. 0 for a single site with no standby, 1 for "
        "two sites that back each other up.",
    )
    carriers: int | None = optional(
        COUNT, description="Independent telecom carriers, a count, e.g. 2."
    )
    uptime_sla: float | None = optional(
        FRACTION, description="Contracted platform availability, 0-1, e.g. 0.999."
    )
    disaster_recovery: DisasterRecovery | None = optional(
        ref(DisasterRecovery), description="Recovery objectives, e.g. {rto_hours: 4}."
    )


class Controls(Record):
    dtmf_masking: bool | None = optional(
        BOOL, description="Keypad card entry masked from agents, e.g. true."
    )
    clean_desk: bool | None = optional(
        BOOL, description="Clean-desk policy on the floor, e.g. true."
    )
    mfa: bool | None = optional(
        BOOL, description="Multi-factor login for every agent, e.g. true (required)."
    )
    recording_encryption: bool | None = optional(
        BOOL, description="Call recordings encrypted at rest, e.g. true."
    )
    background_checks: bool | None = optional(
        BOOL, description="Background checks for every agent, e.g. true."
    )


class Security(Record):
    certifications: list[Certification] | None = optional(
        list_of(literal(_CERTIFICATIONS)),
        description="Certifications held, e.g. [pci_dss, soc2_type2].",
    )
    controls: Controls | None = optional(
        ref(Controls), description="Security controls, e.g. {mfa: true}."
    )
    breaches_last_3_years: int | None = optional(
        COUNT, description="Data breaches in 3 years, a count, e.g. 0."
    )
    data_residency: list[str] | None = optional(
        list_of(COUNTRY), description="Where data may be stored, ISO 3166 codes, e.g. [US]."
    )


class Clients(Record):
    count: int | None = optional(COUNT, description="Active clients, a count, e.g. 40.")
    typical_size: ClientSize | None = optional(
        literal(_CLIENT_SIZES), description="Typical client size, e.g. enterprise."
    )
    industries: list[str] | None = optional(
        list_of(TEXT), description="Industries served, e.g. [telecom, retail]."
    )
    serves_competitors: bool | None = optional(
        BOOL, description="Serves a competitor of yours, e.g. false."
    )
    references: int | None = optional(
        COUNT, description="Client references you may call, a count, e.g. 3."
    )


class ServiceLevel(Record):
    achieved: float | None = optional(
        FRACTION, description="Share answered within the threshold, 0-1, e.g. 0.83."
    )
    threshold_seconds: float | None = optional(
        POSITIVE, description="Its answer-time threshold, seconds, e.g. 20."
    )


class Scorecard(Record):
    service_level: ServiceLevel | None = optional(
        ref(ServiceLevel), description="e.g. {achieved: 0.83, threshold_seconds: 20}."
    )
    abandon_rate: float | None = optional(
        FRACTION, description="Share of callers hanging up unanswered, e.g. 0.04."
    )
    blocking_rate: float | None = optional(
        FRACTION, description="Share of calls getting a busy signal, e.g. 0.005."
    )
    asa_seconds: float | None = optional(
        NON_NEGATIVE, description="Average speed of answer, seconds, e.g. 25."
    )
    aht_seconds: float | None = optional(
        POSITIVE, description="Average handle time (talk+hold+wrap), seconds, e.g. 380."
    )
    fcr: float | None = optional(FRACTION, description="First-contact resolution, 0-1, e.g. 0.74.")
    csat: float | None = optional(
        FRACTION, description="Share of surveyed customers satisfied, 0-1, e.g. 0.86."
    )
    qa_score: float | None = optional(
        FRACTION, description="Average quality score of monitored calls, 0-1, e.g. 0.9."
    )


class VendorProfile(Record):
    """One vendor's RFP answers; every field but name and delivery_model may be left out."""

    name: str = required(
        text(200, min_length=1),
        description="The vendor's name, unique in a run, e.g. Acme CX Cebu.",
    )
    delivery_model: DeliveryModel = required(
        literal(_DELIVERY_MODELS), description="Where agents work, e.g. offshore."
    )
    headquarters: str | None = optional(
        COUNTRY, description="Headquarters country, ISO 3166 alpha-2, e.g. US."
    )
    sites: list[Site] | None = optional(
        list_of(ref(Site)), description="Delivery sites, e.g. [{city: Cebu City, country: PH}]."
    )
    languages: dict[str, LanguageSkill] | None = optional(
        before(one_entry_per_language, dict_of(LANGUAGE_TAG, ref(LanguageSkill))),
        description="By BCP-47 tag, e.g. {en-US: {proficiency: native}}.",
    )
    culture: Culture | None = optional(
        ref(Culture), description="Cultural fit and distance, e.g. {fit_rating: 7}."
    )
    pricing: Pricing | None = optional(
        ref(Pricing), description="e.g. {currency: PHP, model: per_call, rate: 95}."
    )
    workforce: Workforce | None = optional(
        ref(Workforce), description="Staffing figures, e.g. {shrinkage: 0.3}."
    )
    technology: Technology | None = optional(
        ref(Technology), description="Lines, platform, resilience, e.g. {lines: 800}."
    )
    security: Security | None = optional(
        ref(Security), description="e.g. {certifications: [pci_dss], controls: {mfa: true}}."
    )
    clients: Clients | None = optional(
        ref(Clients), description="Client base, e.g. {count: 40, references: 3}."
    )
    scorecard: Scorecard | None = optional(
        ref(Scorecard), description="Last 12 months (fractions 0-1), e.g. {fcr: 0.74}."
    )
    extra: dict[str, ExtraValue] | None = optional(
        dict_of(IDENTIFIER, _EXTRA_VALUE),
        description="Your own fields for extra.NAME criteria, e.g. {trial: 7}.",
    )


@dataclass(frozen=True)
class Vendor:
    """A validated vendor profile with where it came from."""

    profile: VendorProfile
    file: str
    sha256: str = ""
    locations: Locations = field(default_factory=dict)
    key_locations: Locations = field(default_factory=dict)
