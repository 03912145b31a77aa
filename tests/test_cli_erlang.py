"""`vendorscore erlang`: the one-interval calculator's flags, JSON contract and refusals.

Expected figures come from shared/reference/erlang_published.json (case classic_A10_N14, the
pyworkforce docs example; S_pyworkforce_doc; X_A10_N11_L15; XR_A48_N50_L55_r0.5).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from vendorscore.cli import app

KEYS = [
    "model",
    "offered_load_erlangs",
    "agents",
    "scheduled_agents",
    "stable",
    "blocking_probability",
    "prob_wait",
    "prob_abandon",
    "service_level",
    "service_level_definition",
    "asa_seconds",
    "occupancy",
]
BASE = ["erlang", "--calls-per-hour", "200", "--aht-seconds", "180", "--threshold-seconds", "20"]


def run(*args: object) -> Any:
    return CliRunner().invoke(app, [*BASE, *(str(a) for a in args)])


def run_json(*args: object) -> dict[str, Any]:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)  # exactly one document: json.loads refuses trailing data
    assert list(doc) == KEYS
    return doc


def test_erlang_c_evaluation_reproduces_the_pyworkforce_example() -> None:
    doc = run_json("--agents", 14)
    assert doc["model"] == "erlang_c"
    assert doc["service_level"] == pytest.approx(0.8883500191794669, rel=1e-9)
    assert doc["asa_seconds"] == pytest.approx(7.835937011777243, rel=1e-9)
    assert (doc["agents"], doc["scheduled_agents"], doc["stable"]) == (14, 14, True)
    assert doc["blocking_probability"] is None and doc["prob_abandon"] is None


def test_erlang_c_with_agents_equal_to_load_is_unstable_not_an_error() -> None:
    doc = run_json("--agents", 10)
    assert (doc["stable"], doc["prob_wait"], doc["service_level"], doc["asa_seconds"]) == (
        False,
        1.0,
        None,
        None,
    )


def test_staffing_erlang_a_with_shrinkage() -> None:
    doc = run_json(
        "--target", 0.8, "--model", "a", "--patience-seconds", 120, "--max-occupancy", 0.85,
        "--shrinkage", 0.3,
    )  # fmt: skip
    assert (doc["agents"], doc["scheduled_agents"]) == (12, 18)
    assert doc["service_level"] == pytest.approx(0.8255826443617642, rel=1e-9)
    assert doc["prob_abandon"] == pytest.approx(0.06159737700368042, rel=1e-9)
    assert doc["service_level_definition"] == "answered_of_offered"


def test_sl_definition_answered_of_answered_is_reported() -> None:
    doc = run_json(
        "--agents", 14, "--model", "a", "--patience-seconds", 120,
        "--sl-definition", "answered_of_answered",
    )  # fmt: skip
    assert doc["service_level_definition"] == "answered_of_answered"
    assert doc["service_level"] == pytest.approx(0.9545303733994538, rel=1e-9)


def test_erlang_x_with_redials_reports_the_effective_load_per_attempt() -> None:
    result = CliRunner().invoke(
        app,
        [
            "erlang", "--calls-per-hour", "720", "--aht-seconds", "240", "--threshold-seconds",
            "15", "--model", "x", "--agents", "50", "--lines", "55", "--patience-seconds", "120",
            "--redial-probability", "0.5", "--format", "json",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["offered_load_erlangs"] == pytest.approx(49.80211778124779, rel=1e-9)
    assert doc["blocking_probability"] == pytest.approx(0.04114850460476585, rel=1e-9)
    assert doc["prob_abandon"] == pytest.approx(0.03122262584252905, rel=1e-9)


def test_erlang_b_alone_reports_blocking_on_lines() -> None:
    doc = run_json("--model", "b", "--agents", 17)
    assert doc["model"] == "erlang_b"
    assert doc["blocking_probability"] == pytest.approx(0.012948875224726583, rel=1e-9)
    assert doc["scheduled_agents"] is None and doc["service_level"] is None


def test_erlang_b_staffing_by_blocking_target() -> None:
    doc = run_json("--model", "b", "--max-blocking", 0.02)
    assert doc["agents"] == 17


def test_table_output_names_the_service_level_definition() -> None:
    result = run("--agents", 14, "--model", "a", "--patience-seconds", 120)
    assert result.exit_code == 0, result.stderr
    assert "Erlang A: evaluation" in result.stdout
    assert "service level (answered_of_offered, 20 s)" in result.stdout
    assert "93.27%" in result.stdout


def test_table_output_of_staffing_says_what_binds() -> None:
    result = run("--target", 0.8)
    assert result.exit_code == 0, result.stderr
    assert "one agent fewer misses" in result.stdout and "service_level" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--agents", 14, "--target", 0.8],
            "give either --agents (evaluate) or --target (staff for a service level), not both",
        ),
        ([], "give --agents N to evaluate or --target SL to staff"),
        (
            ["--agents", 14, "--model", "a"],
            "--model a needs --patience-seconds (mean caller patience)",
        ),
        (
            ["--agents", 14, "--model", "x", "--patience-seconds", 60],
            "--model x needs --lines (trunks: agents plus queue slots)",
        ),
        (
            ["--agents", 14, "--model", "x", "--patience-seconds", 60, "--lines", 12],
            "--lines (12) must be at least --agents (14)",
        ),
        (["--agents", 14, "--patience-seconds", 60], "--patience-seconds applies to --model a or x only"),
        (["--agents", 14, "--lines", 20], "--lines applies to --model x only"),
        (
            ["--agents", 14, "--redial-probability", 0.2],
            "--redial-probability needs a model that loses calls (a, x or b)",
        ),
        (["--agents", 14, "--max-occupancy", 0.8], "--max-occupancy is a staffing target: use it without --agents"),
        (["--target", 0.8, "--max-abandon-rate", 0.05], "--max-abandon-rate applies to --model a or x only"),
        (["--target", 0.8, "--max-blocking", 0.01], "--max-blocking applies to --model x or b only"),
        (["--model", "b", "--target", 0.8], "--model b has no queue and no service level: staff it with --max-blocking"),
        (["--model", "b"], "--model b needs --agents N (lines) or --max-blocking B"),
        (["--target", 1.0], "--target must be in (0, 1), got 1"),
        (["--target", "nan"], "--target must be in (0, 1), got nan"),
        (["--agents", 0], "--agents must be from 1 to 100,000, got 0"),
        (["--agents", 5, "--shrinkage", 1], "--shrinkage must be in [0, 0.9], got 1"),
        (["--agents", 5, "--threshold-seconds", -1], "--threshold-seconds must be in [0, 86,400], got -1"),
        (
            ["--agents", 5, "--model", "a", "--patience-seconds", "inf"],
            "--patience-seconds must be in [1, 3,600], got inf",
        ),
        (
            ["--target", 0.8, "--model", "x", "--patience-seconds", 60, "--lines", 15,
             "--max-blocking", 0.001],
            "no agent count meets every target with --lines 15: 11 agents still miss blocking",
        ),
    ],
)  # fmt: skip
def test_bad_flag_combinations_exit_2_with_one_line(args: list[object], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr == message + "\n"
    assert result.stdout == ""


def test_negative_calls_per_hour_is_refused() -> None:
    result = CliRunner().invoke(
        app, ["erlang", "--calls-per-hour", "-5", "--aht-seconds", "180", "--agents", "3"]
    )
    assert result.exit_code == 2
    assert result.stderr == "--calls-per-hour must be in [0, 10,000,000], got -5\n"


def test_nan_handle_time_is_refused() -> None:
    result = CliRunner().invoke(
        app, ["erlang", "--calls-per-hour", "100", "--aht-seconds", "nan", "--agents", "3"]
    )
    assert result.exit_code == 2
    assert result.stderr == "--aht-seconds must be in [1, 86,400], got nan\n"


def test_cli_choices_stay_in_step_with_the_library() -> None:
    from typing import get_args

    from vendorscore import erlang
    from vendorscore.cli import erlang_cmd

    assert tuple(c.value for c in erlang_cmd.SlDefinitionChoice) == erlang.SL_DEFINITIONS
    assert get_args(erlang_cmd.SlDefinition) == erlang.SL_DEFINITIONS
    assert set(erlang_cmd._MODELS.values()) == set(get_args(erlang.Model))
    assert get_args(erlang_cmd.Model) == get_args(erlang.Model)
