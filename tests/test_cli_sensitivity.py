"""`vendorscore sensitivity` and `vendorscore weights ahp`: exit codes, messages, JSON contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vendorscore.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "vendors"


def _invoke(*args: object):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, [str(a) for a in args])


def test_json_is_byte_identical_for_the_same_seed() -> None:
    args = ("sensitivity", SAMPLES, "--samples", 3000, "--seed", 5, "--format", "json")
    first, second = _invoke(*args), _invoke(*args)
    assert first.exit_code == 0, first.stderr
    assert first.stdout == second.stdout
    other = _invoke("sensitivity", SAMPLES, "--samples", 3000, "--seed", 6, "--format", "json")
    assert other.stdout != first.stdout


def cost_flip() -> tuple[float, float, float]:
    """(gap, cost's top-level weight where Puente catches Prairie, global change), by hand.

    From `rank --format json`: Prairie leads Puente by the gap. Cost weighs 17 of 100 at the
    top; with its weight at w and the other six rescaled by (1 - w) / 0.83, a vendor's total is
    w c + (1 - w) r, c its cost utility and r = (total - 0.17 c) / 0.83 the rest. The two totals
    meet where w (c_P - r_P) + r_P = w (c_S - r_S) + r_S, a line in w.
    """
    doc = json.loads(_invoke("rank", SAMPLES, "--format", "json").stdout)
    p, s = doc["vendors"][0], doc["vendors"][1]
    assert (p["name"], s["name"]) == ("Prairie Voice Omaha", "Puente Contact Monterrey")
    gap = p["total"] - s["total"]

    def rest(v: dict) -> float:
        return (v["total"] - 0.17 * v["scores"]["cost"]) / 0.83

    dr = rest(p) - rest(s)
    dc = p["scores"]["cost"] - s["scores"]["cost"]
    w = dr / (dr - dc)
    return gap, w, w - 0.17


def test_json_carries_every_figure() -> None:
    result = _invoke("sensitivity", SAMPLES, "--samples", 2000, "--format", "json")
    data = json.loads(result.stdout)
    assert set(data) == {
        "criteria", "ranking", "close_call", "stability", "smaa",
        "exchange_rates", "currency_stability", "warnings", "notes",
    }  # fmt: skip
    # Raising cost's share of the total by 19.2 points lets Puente catch Prairie: above the
    # 5-point threshold, and no other single weight does it sooner, so the winner is clear.
    gap, w, change = cost_flip()
    assert (round(gap, 6), round(w, 6), round(change, 6)) == (7.367024, 0.362162, 0.192162)
    close = data["close_call"]
    assert (close["winner"], close["runner_up"], close["verdict"]) == (
        "Prairie Voice Omaha",
        "Puente Contact Monterrey",
        "clear winner",
    )
    assert close["gap_points"] == pytest.approx(gap, abs=1e-6)
    flip = close["smallest_flip"]
    assert flip["global_change"] == pytest.approx(change, abs=1e-6)
    assert flip["criterion"] == "cost"
    assert flip["to_local"] == pytest.approx(w, abs=1e-6)
    assert flip["to_raw"] == pytest.approx(w * 83 / (1 - w), abs=1e-4)  # the others' raw 83
    interval = data["stability"][0]
    assert set(interval["winner_stays_first"]) == {
        "lower_local",
        "upper_local",
        "lower_raw",
        "upper_raw",
        "below",
        "above",
    }
    vendor = data["smaa"]["vendors"][0]
    assert set(vendor) == {
        "name",
        "rank_acceptability",
        "central_weights",
        "confidence",
        "wins_against",
    }
    assert abs(sum(vendor["rank_acceptability"]) - 1.0) < 1e-5
    assert len(vendor["rank_acceptability"]) == len(data["ranking"])


def test_topsis_and_leaves_and_constraints_run() -> None:
    result = _invoke(
        "sensitivity",
        SAMPLES,
        "--method",
        "topsis",
        "--level",
        "leaves",
        "--samples",
        500,
        "--weights",
        "around",
        "--concentration",
        20,
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["smaa"]["level"] == "leaves"
    constrained = _invoke(
        "sensitivity",
        SAMPLES,
        "--samples",
        500,
        "--constraint",
        "cost >= security",
        "--format",
        "json",
    )
    assert constrained.exit_code == 0, constrained.stderr
    assert json.loads(constrained.stdout)["smaa"]["constraints"] == ["cost >= security"]


def test_table_output_names_the_verdict() -> None:
    result = _invoke("sensitivity", SAMPLES, "--samples", 500)
    assert result.exit_code == 0, result.stderr
    gap, _, _ = cost_flip()
    assert result.stdout.startswith(
        f"Clear winner: Prairie Voice Omaha leads Puente Contact Monterrey by {gap:.2f} points."
    )
    assert "Rank acceptability" in result.stdout


def test_unknown_constraint_criterion_exits_2_with_the_known_ones() -> None:
    result = _invoke("sensitivity", SAMPLES, "--samples", 100, "--constraint", "price >= cost")
    assert result.exit_code == 2
    assert "'price' is not one of the criteria weighed here" in result.stderr


def test_bad_choices_exit_2() -> None:
    for option, value in (("--weights", "gaussian"), ("--level", "all"), ("--format", "csv")):
        result = _invoke("sensitivity", SAMPLES, option, value)
        assert result.exit_code == 2, option
        assert f"{option}: '{value}' is not one of" in result.stderr


def test_contradictory_constraints_exit_2() -> None:
    result = _invoke(
        "sensitivity",
        SAMPLES,
        "--samples",
        1000,
        "--constraint",
        "cost >= security",
        "--constraint",
        "security >= cost",
    )
    assert result.exit_code == 2
    assert "contradict each other" in result.stderr


AHP = """\
criteria: [cost, quality]
comparisons:
  cost: {quality: 3}
"""


def test_weights_ahp_prints_weights_and_points_to_write_not_a_paste_block(tmp_path: Path) -> None:
    # Two criteria, cost 3x quality: weights 3/4 and 1/4 exactly (a consistent 2x2 matrix).
    # Issue 13: the old `criteria:` block, pasted as invited, gave 7 errors (no field, no
    # scale); the command points to --write, which changes only the weights.
    path = tmp_path / "ahp.yaml"
    path.write_text(AHP)
    result = _invoke("weights", "ahp", path)
    assert result.exit_code == 0, result.stderr
    assert "75.0%" in result.stdout and "25.0%" in result.stdout
    assert "criteria:" not in result.stdout and "Paste" not in result.stdout
    hint = " ".join(result.stdout[result.stdout.index("To use these weights") :].split())
    assert hint == (
        f"To use these weights: vendorscore weights ahp {path} --write CRITERIA.yaml "
        "(sets the weights of these criterion ids; nothing else changes)"
    )


def test_weights_ahp_warns_on_inconsistency(tmp_path: Path) -> None:
    path = tmp_path / "ahp.yaml"
    path.write_text("criteria: [a, b, c]\ncomparisons:\n  a: {b: 9, c: '1/9'}\n  b: {c: 9}\n")
    result = _invoke("weights", "ahp", path, "--format", "json")
    assert result.exit_code == 0
    assert "warning: consistency ratio" in result.stderr and "Most inconsistent" in result.stderr
    assert json.loads(result.stdout)["acceptable"] is False


def test_weights_ahp_bad_file_exits_2_with_location(tmp_path: Path) -> None:
    path = tmp_path / "ahp.yaml"
    path.write_text("criteria: [a, b]\ncomparisons:\n  a: {b: 10}\n")
    result = _invoke("weights", "ahp", path)
    assert result.exit_code == 2
    assert f"{path}:3:10: comparisons.a.b: must be between 1/9 and 9" in result.stderr


def test_weights_ahp_write_edits_only_the_weights(tmp_path: Path) -> None:
    criteria = tmp_path / "criteria.yaml"
    original = (
        "name: Mine  # keep me\ncriteria:\n"
        "  - {id: cost, weight: 1, field: pricing.rate, scale: {linear: {worst: 40, best: 8}}}\n"
        "  - {id: quality, weight: 1, field: scorecard.csat, scale: {linear: {worst: 0.5, best: 1}}}\n"
    )
    criteria.write_text(original)
    ahp = tmp_path / "ahp.yaml"
    ahp.write_text(AHP)
    result = _invoke("weights", "ahp", ahp, "--write", criteria)
    assert result.exit_code == 0, result.stderr
    assert criteria.read_text() == original.replace(
        "weight: 1, field: pricing", "weight: 75.0, field: pricing"
    ).replace("weight: 1, field: scorecard", "weight: 25.0, field: scorecard")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
