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


def competitors_flip() -> tuple[float, float, float]:
    """(gap, competitors' local weight where Summit catches Prairie, global change), by hand.

    From `rank --format json`: Prairie leads Summit by the gap; in the clients group (8 of the
    100 top-level points) competitors weighs 3 of 6 (local 1/2), references 2, client_size 1.
    With competitors' local weight at t and its siblings rescaled by (1 - t) / (1/2), a vendor's
    clients utility is t u_c + 2 (1 - t) r, r = (2 u_ref + u_size) / 6 (Prairie: u_c 100,
    r = (200 + 75) / 6; Summit: u_c 0, r = (200 + 100) / 6). The gap closes where
    0.08 (clients_P(t) - clients_S(t) - (clients_P - clients_S)) = -gap, a line in t.
    """
    doc = json.loads(_invoke("rank", SAMPLES, "--format", "json").stdout)
    p, s = doc["vendors"][0], doc["vendors"][1]
    assert (p["name"], s["name"]) == ("Prairie Voice Omaha", "Summit Home Agents")
    gap = p["total"] - s["total"]

    def clients(v: dict, t: float) -> float:
        u = v["scores"]
        r = (2 * u["references"] + u["client_size"]) / 6
        return t * u["competitors"] + 2 * (1 - t) * r

    def lead(t: float) -> float:
        return gap + 0.08 * (clients(p, t) - clients(p, 0.5) - clients(s, t) + clients(s, 0.5))

    slope = lead(1.0) - lead(0.0)
    t = -lead(0.0) / slope
    return gap, t, 0.08 * abs(t - 0.5)


def test_json_carries_every_figure() -> None:
    result = _invoke("sensitivity", SAMPLES, "--samples", 2000, "--format", "json")
    data = json.loads(result.stdout)
    assert set(data) == {"criteria", "ranking", "close_call", "stability", "smaa"}
    # Moving competitors' share of the total by 0.58 points lets Summit catch Prairie: below the
    # 5-point threshold, so the winner is fragile, whatever other flips exist.
    gap, t, change = competitors_flip()
    assert (round(gap, 6), round(t, 6), round(change, 6)) == (0.628089, 0.427528, 0.005798)
    close = data["close_call"]
    assert (close["winner"], close["runner_up"], close["verdict"]) == (
        "Prairie Voice Omaha",
        "Summit Home Agents",
        "fragile winner",
    )
    assert close["gap_points"] == pytest.approx(gap, abs=1e-6)
    flip = close["smallest_flip"]
    assert flip["global_change"] <= change + 1e-6  # the smallest flip is at most this one
    assert flip["criterion"] == "competitors"
    assert flip["to_local"] == pytest.approx(t, abs=1e-6)
    assert flip["to_raw"] == pytest.approx(t * 3 / (1 - t), abs=1e-5)  # siblings' raw 2 + 1
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
    gap, _, _ = competitors_flip()
    assert result.stdout.startswith(
        f"Fragile winner: Prairie Voice Omaha leads Summit Home Agents by {gap:.2f} points."
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
