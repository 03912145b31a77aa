"""Output formats agree with each other and stay safe (review findings)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from vendorscore.cli import app
from vendorscore.inputs.loading import criteria_from_text, vendor_from_text
from vendorscore.model.criteria import ScaleSpec
from vendorscore.scoring.scales import ScaleValueError, compile_scale

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = str(ROOT / "samples" / "vendors")


def test_top_applies_to_json_as_to_the_table() -> None:
    result = CliRunner().invoke(app, ["rank", SAMPLES, "--top", "3", "--format", "json"])
    doc = json.loads(result.stdout)
    assert [v["rank"] for v in doc["vendors"]] == [1, 2, 3]  # knocked out: only if asked
    asked = CliRunner().invoke(
        app, ["rank", SAMPLES, "--top", "3", "--knocked-out", "--format", "json"]
    )
    assert [v["rank"] for v in json.loads(asked.stdout)["vendors"]] == [1, 2, 3, None]


def test_csv_escapes_control_characters_in_vendor_text(tmp_path: Path) -> None:
    (tmp_path / "v.yaml").write_text(
        'name: "Evil\\x1b[31m Corp"\ndelivery_model: onshore\n', encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["rank", str(tmp_path), "--format", "csv"])
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert "Evil\\x1b[31m Corp" in result.stdout


def test_topsis_json_says_contributions_do_not_add_up() -> None:
    result = CliRunner().invoke(app, ["rank", SAMPLES, "--method", "topsis", "--format", "json"])
    doc = json.loads(result.stdout)
    assert doc["criteria"]["method"] == "topsis"
    assert doc["note"].startswith("total is the TOPSIS closeness")


def test_a_map_scale_given_a_number_says_to_use_a_numeric_scale() -> None:
    scale = compile_scale(ScaleSpec.model_validate({"map": {"8.5": 100}}))
    try:
        scale(8.5)
    except ScaleValueError as exc:
        assert "a map scale matches text, so score numbers with a linear or piecewise scale" in str(
            exc
        )
    else:
        raise AssertionError("a number must not silently miss the map")


def test_a_closed_pipe_ends_quietly_with_success() -> None:
    command = [sys.executable, "-m", "vendorscore", "sensitivity", SAMPLES, "--samples", "100"]
    producer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert producer.stdout is not None
    producer.stdout.readline()
    producer.stdout.close()  # like `| head -1`
    _, stderr = producer.communicate(timeout=60)
    assert producer.returncode == 0
    assert stderr == b""


def test_criteria_and_vendor_helpers_still_score_together() -> None:
    criteria = criteria_from_text(
        "name: T\ncriteria:\n  - {id: x, weight: 1, field: extra.score, scale: {map: {high: 100, low: 0}}}\n"
    )
    vendor = vendor_from_text("name: V\ndelivery_model: onshore\nextra: {score: high}\n")
    from vendorscore.scoring.pipeline import score

    assert score([vendor], criteria).vendors[0].total == 100.0


def test_the_erlang_calculator_refuses_a_load_beyond_its_checked_range() -> None:
    args = ["erlang", "--calls-per-hour", "1e7", "--aht-seconds", "86400",
            "--threshold-seconds", "20", "--target", "0.8", "--model", "c"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.startswith("--calls-per-hour x --aht-seconds is 240,000,000 Erlangs")


def test_probabilities_never_exceed_one_even_by_rounding() -> None:
    args = ["erlang", "--calls-per-hour", "1e6", "--aht-seconds", "360", "--threshold-seconds",
            "20", "--target", "0.8", "--model", "x", "--patience-seconds", "120", "--lines",
            "100000", "--redial-probability", "0.5", "--format", "json"]  # fmt: skip
    doc = json.loads(CliRunner().invoke(app, args).stdout)
    for key in ("prob_wait", "prob_abandon", "blocking_probability", "service_level"):
        assert 0.0 <= doc[key] <= 1.0, key


def test_minimum_seats_are_billed_even_when_no_calls_come(tmp_path: Path) -> None:
    from vendorscore.model.demand import Demand, DemandProfile
    from vendorscore.staffing.planner import plan_vendors

    demand = Demand(
        DemandProfile.model_validate({
            "name": "quiet", "aht_seconds": 300, "model": "erlang_c",
            "service_level": {"target": 0.8, "threshold_seconds": 20},
            "intervals": [{"label": "night", "calls_per_hour": 0, "hours_per_week": 10}],
        }),
        "d.yaml",
    )  # fmt: skip
    vendor = vendor_from_text(
        "name: V\ndelivery_model: onshore\nworkforce: {shrinkage: 0.2}\n"
        "pricing: {currency: USD, model: per_paid_hour, rate: 30, minimum_seats: 10}\n"
    )
    criteria = criteria_from_text(
        "name: T\ncriteria:\n  - {id: c, weight: 1, field: derived.monthly_cost, scale: {linear: {worst: 1, best: 0}}}\n"
    )
    (plan,) = plan_vendors([vendor], demand, criteria).vendors
    assert plan.weekly_cost == 30 * 10 * 40  # 10 seats x 40 paid hours x 30 USD
