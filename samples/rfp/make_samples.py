# ruff: noqa: E501 - the sample answers read best one group per line
"""Regenerate the RFP samples: the questionnaire for the default criteria and two responses.

Run from the repository root after a change to the questionnaire's layout or questions:

    python samples/rfp/make_samples.py

The responses are typed into the template cell by cell as a vendor would (tests/rfp_fill.py);
`kingston` answers everything well, `cebu` makes the mistakes the README walk-through shows.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.rfp_fill import fill  # noqa: E402

HERE = ROOT / "samples" / "rfp"
TEMPLATE = HERE / "questionnaire.xlsx"

KINGSTON = {
    "name": "Coral Bay Contact Kingston",
    "delivery_model": "nearshore",
    "headquarters": "JM",
    "sites": [
        {"city": "Kingston", "country": "JM", "timezone": "America/Jamaica", "seats": 950, "home_based_share": 0.15},
        {"city": "Montego Bay", "country": "JM", "timezone": "America/Jamaica", "seats": 420},
    ],
    "languages": {"en-US": {"proficiency": "native", "agents": 1150}, "es-419": {"proficiency": "bilingual", "agents": 60}},
    "culture": {"fit_rating": 8, "time_zone_overlap_hours": 8, "travel_hours": 4},
    "pricing": {"currency": "USD", "model": "per_productive_hour", "rate": 15.5, "setup_fee": 12000, "minimum_seats": 15, "contract_min_months": 12},
    "workforce": {"shrinkage": 0.3, "max_occupancy": 0.86, "aht_factor": 1.03, "attrition_annual": 0.42, "absenteeism": 0.05},
    "technology": {"lines": 1400, "programme_lines": 70, "platform": "ccaas", "geo_redundant_sites": 1, "carriers": 2, "uptime_sla": 0.999,
                   "disaster_recovery": {"rto_hours": 4, "rpo_minutes": 15, "last_test": "2025-09-20"}},
    "security": {"certifications": ["pci_dss", "iso27001", "soc2_type2"],
                 "controls": {"dtmf_masking": True, "clean_desk": True, "mfa": True, "recording_encryption": True, "background_checks": True},
                 "breaches_last_3_years": 0, "data_residency": ["US", "JM"]},
    "clients": {"count": 27, "typical_size": "mid_market", "industries": ["retail", "travel", "utilities"], "serves_competitors": False, "references": 3},
    "scorecard": {"service_level": {"achieved": 0.81, "threshold_seconds": 20}, "abandon_rate": 0.045, "blocking_rate": 0.005,
                  "asa_seconds": 21, "aht_seconds": 365, "fcr": 0.74, "csat": 0.84, "qa_score": 0.9},
    "extra": {"trial_call_score": 7.5},
}  # fmt: skip

CEBU = {
    "name": "Visayas Voice Cebu",
    "delivery_model": "offshore",
    "sites": [{"city": "Cebu City", "country": "PH", "timezone": "Asia/Manila", "seats": 800}],
    "languages": {"en-US": {"proficiency": "near_native", "agents": 700}},
    "pricing": {"currency": "PHP", "model": "per_productive_hour", "setup_fee": 250000},
    "workforce": {"shrinkage": 0.33, "attrition_annual": 0.61},
    "security": {"certifications": ["pci_dss", "iso27001"], "controls": {"mfa": True}},
    "scorecard": {"service_level": {"achieved": 0.8, "threshold_seconds": 30}, "fcr": 0.7},
}
# What a busy bid manager types: a full country name, 6 for 6%, a formula, words for numbers.
CEBU_MISTAKES = {
    "Questions!C7": "Philippines",  # headquarters
    "Questions!C19": "=560*1.05",  # pricing.rate as a formula
    "Questions!C43": "Q3 2025",  # disaster_recovery.last_test
    "Questions!C83": 6,  # scorecard.abandon_rate: 6 meaning 6%
    "Sites!E6": "about 800",  # seats
    "Languages!C6": "fluent english",  # proficiency
}


def main() -> None:
    """Write the template and both responses."""
    subprocess.run(
        [sys.executable, "-m", "vendorscore", "rfp", "template", "-o", str(TEMPLATE)], check=True
    )
    fill(TEMPLATE, KINGSTON, HERE / "responses" / "coral-bay-kingston.xlsx")
    fill(TEMPLATE, CEBU, HERE / "responses" / "visayas-voice-cebu.xlsx", extra_cells=CEBU_MISTAKES)
    print(f"wrote the samples in {HERE} ({dt.date.today()})")


if __name__ == "__main__":
    main()
