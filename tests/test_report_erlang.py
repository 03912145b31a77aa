"""The `erlang` presenter: a hand-made IntervalResult in, the exact rows and JSON text out."""

from __future__ import annotations

import io
import subprocess
import sys
from dataclasses import replace

from rich.console import Console
from rich.table import Table

from vendorscore.erlang import IntervalResult, QueueMetrics
from vendorscore.report.erlang import JSON_KEYS, interval_json, interval_row, interval_table

X_METRICS = QueueMetrics(
    model="erlang_x",
    offered_load_erlangs=10.5,
    agents=12,
    lines=15,
    stable=True,
    blocking_probability=0.0125,
    prob_wait=0.25,
    prob_abandon=0.05,
    service_level=0.8,
    service_level_definition="answered_of_offered",
    threshold_seconds=20.0,
    asa_seconds=7.3,
    occupancy=0.75,
    fresh_offered_load_erlangs=10.0,
    redial_probability=0.5,
    lost_fraction_of_fresh_callers=0.0312,
)
X_STAFFED = IntervalResult(
    metrics=X_METRICS,
    agents=12,
    scheduled_agents=16,
    shrinkage=0.25,
    staffed=True,
    feasible=True,
    binding=("service_level", "blocking"),
)
C_UNSTABLE = IntervalResult(
    metrics=QueueMetrics(
        model="erlang_c",
        offered_load_erlangs=10.0,
        agents=10,
        lines=None,
        stable=False,
        blocking_probability=None,
        prob_wait=1.0,
        prob_abandon=None,
        service_level=None,
        service_level_definition="answered_of_offered",
        threshold_seconds=15.0,
        asa_seconds=None,
        occupancy=1.0,
        fresh_offered_load_erlangs=10.0,
        redial_probability=0.0,
        lost_fraction_of_fresh_callers=None,
    ),
    agents=10,
    scheduled_agents=10,
    shrinkage=0.0,
    staffed=False,
    feasible=True,
    binding=(),
)
B_STAFFED = IntervalResult(
    metrics=QueueMetrics(
        model="erlang_b",
        offered_load_erlangs=10.0,
        agents=18,
        lines=18,
        stable=True,
        blocking_probability=0.0071,
        prob_wait=None,
        prob_abandon=None,
        service_level=None,
        service_level_definition=None,
        threshold_seconds=None,
        asa_seconds=None,
        occupancy=0.5,
        fresh_offered_load_erlangs=10.0,
        redial_probability=0.0,
        lost_fraction_of_fresh_callers=None,
    ),
    agents=18,
    scheduled_agents=None,
    shrinkage=0.3,
    staffed=True,
    feasible=True,
    binding=("blocking",),
)


def rows(table: Table) -> list[tuple[str, str]]:
    figure, value = table.columns
    return list(zip(map(str, figure.cells), map(str, value.cells), strict=True))


def test_erlang_x_staffing_with_redials_shows_every_figure() -> None:
    table = interval_table(X_STAFFED)
    assert table.title == "Erlang X: staffing"
    assert rows(table) == [
        ("offered load", "10.500 Erlangs (fresh 10.000 + redials)"),
        ("agents", "12"),
        ("lines", "15"),
        ("scheduled (shrinkage 25%)", "16"),
        ("stable", "yes"),
        ("blocking", "1.25%"),
        ("probability of waiting", "25.00%"),
        ("abandonment", "5.00%"),
        ("service level (answered_of_offered, 20 s)", "80.00%"),
        ("ASA (answered calls)", "7.3 s"),
        ("occupancy", "75.00%"),
        ("fresh callers finally lost", "3.12%"),
        ("one agent fewer misses", "service_level, blocking"),
    ]


def test_unstable_erlang_c_evaluation_says_so_and_has_no_service_level() -> None:
    table = interval_table(C_UNSTABLE)
    assert table.title == "Erlang C: evaluation"
    assert rows(table) == [
        ("offered load", "10.000 Erlangs"),
        ("agents", "10"),
        ("scheduled (shrinkage 0%)", "10"),
        ("stable", "no: agents <= load, the queue grows"),
        ("probability of waiting", "100.00%"),
        ("service level (answered_of_offered, 15 s)", "n/a"),
        ("ASA (answered calls)", "n/a"),
        ("occupancy", "100.00%"),
    ]


def test_binding_targets_are_shown_only_for_a_staffing_search() -> None:
    evaluated = replace(X_STAFFED, staffed=False)
    assert interval_table(evaluated).title == "Erlang X: evaluation"
    assert "one agent fewer misses" not in dict(rows(interval_table(evaluated)))


def test_erlang_b_counts_lines_and_schedules_no_heads() -> None:
    table = interval_table(B_STAFFED)
    assert table.title == "Erlang B: staffing"
    assert rows(table) == [
        ("offered load", "10.000 Erlangs"),
        ("lines", "18"),
        ("stable", "yes"),
        ("blocking", "0.71%"),
        ("occupancy", "50.00%"),
        ("one agent fewer misses", "blocking"),
    ]


def test_table_renders_as_plain_text() -> None:
    console = Console(file=io.StringIO(), width=60, color_system=None, highlight=False)
    console.print(interval_table(B_STAFFED))
    assert console.file.getvalue() == (  # type: ignore[attr-defined]
        "            Erlang B: staffing             \n"
        "┌────────────────────────┬────────────────┐\n"
        "│ offered load           │ 10.000 Erlangs │\n"
        "│ lines                  │             18 │\n"
        "│ stable                 │            yes │\n"
        "│ blocking               │          0.71% │\n"
        "│ occupancy              │         50.00% │\n"
        "│ one agent fewer misses │       blocking │\n"
        "└────────────────────────┴────────────────┘\n"
    )


def test_row_keeps_the_json_key_order_and_reports_the_result_agents() -> None:
    row = interval_row(X_STAFFED)
    assert tuple(row) == JSON_KEYS
    assert (row["agents"], row["scheduled_agents"], row["model"]) == (12, 16, "erlang_x")


def test_json_text_is_one_indented_document_with_nulls() -> None:
    assert interval_json(B_STAFFED) == (
        "{\n"
        '  "model": "erlang_b",\n'
        '  "offered_load_erlangs": 10.0,\n'
        '  "agents": 18,\n'
        '  "scheduled_agents": null,\n'
        '  "stable": true,\n'
        '  "blocking_probability": 0.0071,\n'
        '  "prob_wait": null,\n'
        '  "prob_abandon": null,\n'
        '  "service_level": null,\n'
        '  "service_level_definition": null,\n'
        '  "asa_seconds": null,\n'
        '  "occupancy": 0.5\n'
        "}\n"
    )


def test_erlang_json_output_loads_neither_rich_nor_numpy() -> None:
    code = (
        "import sys; from vendorscore.cli import main\n"
        "sys.argv = ['vendorscore', 'erlang', '--calls-per-hour', '200', '--aht-seconds', '180', "
        "'--agents', '14', '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('rich', 'numpy') if m in sys.modules)\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert '"agents": 14' in result.stdout, result.stderr
    assert result.stderr.rsplit("HEAVY=", 1)[1].strip() == ""
