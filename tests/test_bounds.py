"""Every accepted number has a range that keeps every computation short and finite (issue 10,
sections 3 and 4): values beyond it are refused where they stand, with the range in the message.

The hostile values are the issue's own (`max_occupancy: 1.0e-9`, `--patience-seconds 1e307`,
`redial_probability: 0.999` with `lines: 100000000`, `references: 0x1` and 256 zeros,
`fte_hours_per_week: 5e-324`). Every expected `LINE:COL` was counted by hand on the YAML below.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from vendorscore.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "vendors"
PRAIRIE = SAMPLES / "prairie-voice-omaha.yaml"

DEMAND = """\
name: Test week
aht_seconds: 360
patience_seconds: 120
redial_probability: 0.0
model: erlang_a
service_level: {target: 0.80, threshold_seconds: 20}
max_abandon_rate: 0.05
max_occupancy: 0.88
intervals:
  - {label: peak, calls_per_hour: 420, hours_per_week: 46}
"""


def _invoke(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def _demand(tmp_path: Path, old: str, new: str) -> Path:
    assert old in DEMAND
    path = tmp_path / "demand.yaml"
    path.write_text(DEMAND.replace(old, new), encoding="utf-8")
    return path


# ---- the demand file ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("max_occupancy: 0.88", "max_occupancy: 1.0e-9", "8:16: max_occupancy: must be >= 0.1, got 1e-09"),
        ("patience_seconds: 120", "patience_seconds: 1e307", "3:19: patience_seconds: must be <= 3,600, got 1e+307"),
        ("patience_seconds: 120", "patience_seconds: 0.001", "3:19: patience_seconds: must be >= 1.0, got 0.001"),
        ("redial_probability: 0.0", "redial_probability: 0.999", "4:21: redial_probability: must be <= 0.9, got 0.999"),
        ("aht_seconds: 360", "aht_seconds: 5e-324", "2:14: aht_seconds: must be >= 1.0, got 5e-324"),
        ("threshold_seconds: 20", "threshold_seconds: 1e300", "6:50: service_level.threshold_seconds: must be <= 86,400, got 1e+300"),
        ("calls_per_hour: 420", "calls_per_hour: 1e300", "10:35: intervals.0.calls_per_hour: must be <= 10,000,000, got 1e+300"),
        ("calls_per_hour: 420", "calls_per_hour: 1e-300", "10:35: intervals.0.calls_per_hour: 1e-300 calls an hour is less than one call in 1,000 hours; write 0"),
        ("hours_per_week: 46", "hours_per_week: 5e-324", "10:56: intervals.0.hours_per_week: must be >= 0.01, got 5e-324"),
        ("max_occupancy: 0.88", "max_occupancy: 0.88\nfte_hours_per_week: 5e-324", "9:21: fte_hours_per_week: must be >= 1.0, got 5e-324"),
        ("max_occupancy: 0.88", "max_occupancy: 0.88\nweeks_per_month: 1e-9", "9:18: weeks_per_month: must be >= 4.0, got 1e-09"),
        ("max_occupancy: 0.88", "max_occupancy: 0.88\ndefault_shrinkage: 0.999", "9:20: default_shrinkage: must be <= 0.9, got 0.999"),
    ],
)  # fmt: skip
def test_demand_values_beyond_their_range_are_refused_at_their_line(
    tmp_path: Path, old: str, new: str, problem: str
) -> None:
    demand = _demand(tmp_path, old, new)
    result = _invoke("staffing", "-d", demand, PRAIRIE)
    assert result.exit_code == 2
    assert result.stderr == f"{demand}:{problem}\n"


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("max_abandon_rate: 0.05", "max_abandon_rate: 0", "7:19: max_abandon_rate: must be > 0.0, got 0"),
        ("max_abandon_rate: 0.05", "max_blocking: 0", "7:15: max_blocking: must be > 0.0, got 0"),
    ],
)  # fmt: skip
def test_a_zero_cap_is_refused_in_the_demand_file_not_once_per_vendor(
    tmp_path: Path, old: str, new: str, problem: str
) -> None:
    """Issue 10 section 4: before, each vendor file got an error and the demand file none."""
    demand = _demand(tmp_path, old, new)
    result = _invoke("staffing", "-d", demand, SAMPLES)
    assert result.exit_code == 2
    assert result.stderr == f"{demand}:{problem}\n"


def test_an_empty_in_requirement_is_refused_where_it_stands(tmp_path: Path) -> None:
    criteria = tmp_path / "criteria.yaml"
    criteria.write_text(
        "name: C\ncriteria:\n  - {id: a, weight: 1, field: delivery_model, "
        "scale: {map: {onshore: 100}}}\nrequirements:\n  - field: delivery_model\n    in: []\n",
        encoding="utf-8",
    )
    result = _invoke("rank", SAMPLES, "-c", criteria)
    assert result.exit_code == 2
    assert result.stderr == f"{criteria}:6:9: requirements.0.in: must have at least 1 item\n"


# ---- vendor profiles and criteria --------------------------------------------------------------

VENDOR = "name: Acme\ndelivery_model: offshore\n"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("workforce: {max_occupancy: 1.0e-9}", "3:28: workforce.max_occupancy: must be >= 0.1, got 1e-09"),
        ("workforce: {shrinkage: 0.99999}", "3:24: workforce.shrinkage: must be <= 0.9, got 0.99999"),
        ("workforce: {aht_factor: 1.0e-9}", "3:25: workforce.aht_factor: must be >= 0.1, got 1e-09"),
        ("workforce: {aht_factor: 1.0e9}", "3:25: workforce.aht_factor: must be <= 10.0, got 1000000000.0"),
        ("technology: {lines: 100000000}", "3:21: technology.lines: must be <= 100,000, got 100000000"),
        ("clients: {references: 0x1" + "0" * 256 + "}", "3:23: clients.references: must be <= 1,000,000,000, got 179769313486231590772930519078902473361797697894230657273..."),
        ("pricing: {currency: USD, minimum_seats: 10000000000}", "3:41: pricing.minimum_seats: must be <= 1,000,000,000, got 10000000000"),
        ("pricing: {currency: USD, rate: 1.0e300}", "3:32: pricing.rate: must be <= 1,000,000,000,000, got 1e+300"),
        ("sites: [{seats: 1000000000000}]", "3:17: sites.0.seats: must be <= 1,000,000,000, got 1000000000000"),
        ("extra: {score: 0x1" + "0" * 256 + "}", "3:16: extra.score: must be true or false, a number, text or a list of text, got 179769313486231590772930519078902473361797697894230657273..."),
    ],
)  # fmt: skip
def test_vendor_values_beyond_their_range_are_refused_at_their_line(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "v.yaml"
    path.write_text(VENDOR + text + "\n", encoding="utf-8")
    result = _invoke("validate", path)
    assert result.exit_code == 2
    assert result.stderr == f"{path}:{problem}\n"


def test_an_exchange_rate_beyond_its_range_is_refused(tmp_path: Path) -> None:
    criteria = tmp_path / "c.yaml"
    text = (ROOT / "criteria" / "default.yaml").read_text(encoding="utf-8")
    assert "exchange_rates:" in text
    criteria.write_text(text.replace("exchange_rates: {", "exchange_rates: {AED: 1.0e300, "))
    result = _invoke("validate", SAMPLES, "-c", criteria)
    assert result.exit_code == 2
    line = text[: text.index("exchange_rates:")].count("\n") + 1
    assert result.stderr == (
        f"{criteria}:{line}:23: exchange_rates.AED: must be <= 1,000,000,000, got 1e+300\n"
    )


# ---- the erlang calculator ---------------------------------------------------------------------

ERLANG = ["erlang", "--calls-per-hour", "420", "--aht-seconds", "360", "--target", "0.8"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--max-occupancy", "1e-300"], "--max-occupancy must be in [0.1, 1], got 1e-300"),
        (["-m", "a", "--patience-seconds", "1e307"], "--patience-seconds must be in [1, 3,600], got 1e+307"),
        (["-m", "a", "--patience-seconds", "1e300", "-f", "json"], "--patience-seconds must be in [1, 3,600], got 1e+300"),
        (["-m", "x", "--patience-seconds", "60", "--lines", "100000000"], "--lines must be from 1 to 100,000, got 100000000"),
        (["-m", "a", "--patience-seconds", "60", "--redial-probability", "0.999"], "--redial-probability must be in [0, 0.9], got 0.999"),
        (["--shrinkage", "0.95"], "--shrinkage must be in [0, 0.9], got 0.95"),
    ],
)  # fmt: skip
def test_the_calculator_refuses_values_beyond_the_demand_files_ranges(
    extra: list[str], message: str
) -> None:
    result = _invoke(*ERLANG, *extra)
    assert (result.exit_code, result.stderr, result.stdout) == (2, message + "\n", "")


def test_the_longest_accepted_patience_gives_a_finite_asa_below_erlang_c() -> None:
    """Issue 10: `--patience-seconds 1e300` printed `ASA inf s` and broke `--format json`. At
    the longest patience accepted, an hour, the answer is 48 agents for 42 Erlangs at 80/20
    and a finite ASA below the infinitely patient limit, Erlang C's C(48, 42) x 360 / (48 - 42)
    = 0.2752 x 60 = 16.5 s (C by the Erlang C formula)."""
    result = _invoke(*ERLANG, "-m", "a", "--patience-seconds", "3600", "-f", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["agents"] == 48
    assert 0 < doc["asa_seconds"] < 16.5


# ---- no derived number is ever infinite or NaN -------------------------------------------------


@settings(max_examples=25)
@given(
    occupancy=st.sampled_from([0.1, 0.5, 1.0]),
    shrinkage=st.sampled_from([0.0, 0.9]),
    aht_factor=st.sampled_from([0.1, 1.0, 10.0]),
    lines=st.sampled_from([1, 100, 100_000]),
    minimum_seats=st.sampled_from([0, 1_000_000_000]),
    rate=st.sampled_from([0.0, 1e-9, 1e12]),
    months=st.sampled_from([1, 1_000_000_000]),
    model=st.sampled_from(["erlang_c", "erlang_a", "erlang_x"]),
    patience=st.sampled_from([1.0, 3600.0]),
    redial=st.sampled_from([0.0, 0.9]),
    calls=st.sampled_from([0.0, 0.001, 560.0]),
    hours=st.sampled_from([0.01, 168.0]),
    fte_hours=st.sampled_from([1.0, 168.0]),
    weeks=st.sampled_from([4.0, 5.0]),
)
def test_every_staffing_figure_is_finite_at_the_ends_of_the_accepted_ranges(
    occupancy: float,
    shrinkage: float,
    aht_factor: float,
    lines: int,
    minimum_seats: int,
    rate: float,
    months: int,
    model: str,
    patience: float,
    redial: float,
    calls: float,
    hours: float,
    fte_hours: float,
    weeks: float,
) -> None:
    from vendorscore.inputs.loading import criteria_from_text, vendor_from_text
    from vendorscore.model.demand import Demand, DemandProfile
    from vendorscore.staffing.planner import plan_vendors

    vendor = vendor_from_text(
        f"name: V\ndelivery_model: onshore\nsites: [{{seats: 1000000000}}]\n"
        f"pricing: {{currency: USD, model: per_paid_hour, rate: {rate}, setup_fee: 1.0e12, "
        f"minimum_seats: {minimum_seats}, contract_min_months: {months}}}\n"
        f"workforce: {{shrinkage: {shrinkage}, max_occupancy: {occupancy}, "
        f"aht_factor: {aht_factor}}}\ntechnology: {{lines: {lines}}}\n"
    )
    criteria = criteria_from_text(
        "name: C\ncriteria:\n  - {id: a, weight: 1, field: delivery_model, "
        "scale: {map: {onshore: 100}}}\n"
    )
    spec = DemandProfile.model_validate(
        {
            "name": "D",
            "aht_seconds": 360,
            "patience_seconds": None if model == "erlang_c" else patience,
            "redial_probability": 0.0 if model == "erlang_c" else redial,
            "model": model,
            "service_level": {"target": 0.999999, "threshold_seconds": 20},
            "max_occupancy": 0.1,
            "fte_hours_per_week": fte_hours,
            "weeks_per_month": weeks,
            "intervals": [{"label": "i", "calls_per_hour": calls, "hours_per_week": hours}],
        }
    )
    plan = plan_vendors([vendor], Demand(spec, "d.yaml"), criteria)
    figures = [
        getattr(obj, name)
        for v in plan.vendors
        for obj in (v, *v.intervals)
        for name in obj.__dataclass_fields__
        if isinstance(getattr(obj, name), float)
    ]
    assert figures and all(math.isfinite(x) for x in figures)
