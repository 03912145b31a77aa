"""The profile fields each derived value is computed from, for the RFP questionnaire."""

from __future__ import annotations

# The profile fields each derived value is computed from (a criterion scoring `derived.rate`
# scores the answers to these questions). tests/test_rfp_questions.py checks that every field of
# scoring/fields.py's DERIVED_FIELDS is listed here.
_QUEUE_INPUTS = (
    "workforce.shrinkage",
    "workforce.max_occupancy",
    "workforce.aht_factor",
    "workforce.absenteeism",
    "technology.programme_lines",
)
_PRICE_INPUTS = (
    "pricing.currency",
    "pricing.model",
    "pricing.rate",
    "pricing.setup_fee",
    "pricing.minimum_seats",
    "pricing.contract_min_months",
)
_CONTRACT_INPUTS = (*_PRICE_INPUTS, "pricing.training_hours_per_agent", "pricing.training_billed",
                    "pricing.ramp_weeks", "pricing.annual_increase",
                    "workforce.attrition_annual")  # fmt: skip
DERIVED_SOURCES: dict[str, tuple[str, ...]] = {
    "rate": ("pricing.rate", "pricing.currency"),
    "total_seats": ("sites.seats",),
    "site_count": ("sites.city",),
    "site_countries": ("sites.country",),
    "agents": _QUEUE_INPUTS,
    "scheduled_agents": _QUEUE_INPUTS,
    "fte_to_hire": _QUEUE_INPUTS,
    "feasible": (*_QUEUE_INPUTS, "sites.seats"),
    "weekly_cost": _QUEUE_INPUTS + _PRICE_INPUTS,
    "monthly_cost": _QUEUE_INPUTS + _PRICE_INPUTS,
    "cost_per_call": _QUEUE_INPUTS + _PRICE_INPUTS,
    "cost_per_contact": _QUEUE_INPUTS + _PRICE_INPUTS,
    "cost_per_productive_hour": _QUEUE_INPUTS + _PRICE_INPUTS,
    "contract_cost": _QUEUE_INPUTS + _CONTRACT_INPUTS,
    "service_level": _QUEUE_INPUTS,
    "abandon_rate": _QUEUE_INPUTS,
    "blocking_rate": _QUEUE_INPUTS,
    "occupancy": _QUEUE_INPUTS,
    "asa_seconds": _QUEUE_INPUTS,
    "buyer_share_of_seats": (*_QUEUE_INPUTS, "sites.seats"),
    "reported_service_level": ("scorecard.service_level.achieved",),
    **dict.fromkeys(("night_share", "daytime_share"), ("sites.timezone", "sites.seats")),
}
