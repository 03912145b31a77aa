"""Output formats agree with each other and stay safe (review findings)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from vendorscore.cli import app
from vendorscore.loading import criteria_from_text, vendor_from_text
from vendorscore.models import ScaleSpec
from vendorscore.scales import ScaleValueError, compile_scale

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = str(ROOT / "samples" / "vendors")


def test_top_applies_to_json_as_to_the_table() -> None:
    result = CliRunner().invoke(app, ["rank", SAMPLES, "--top", "3", "--format", "json"])
    doc = json.loads(result.stdout)
    assert [v["rank"] for v in doc["vendors"]] == [1, 2, 3, None]  # + the knocked-out vendor


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
    from vendorscore.scoring import score

    assert score([vendor], criteria).vendors[0].total == 100.0
