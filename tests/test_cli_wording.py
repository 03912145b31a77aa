"""Issue 13's smaller CLI items: formats offered, CSV precision, sensitivity notes."""

from __future__ import annotations

import csv
import io
import re

from tests.conftest import ROOT, SAMPLES
from typer.testing import CliRunner

from vendorscore.cli import app
from vendorscore.report.text import csv_decimals

DEMAND = ROOT / "samples" / "demand.yaml"


def invoke(*args: object) -> object:
    return CliRunner().invoke(app, [str(a) for a in args])


def test_staffing_offers_only_the_formats_it_writes() -> None:
    result = invoke("staffing", "--help")
    assert result.exit_code == 0
    # typer writes the choices as <table|json|csv> (0.20 on) or [table|json|csv] (0.19).
    assert re.search(r"[<\[]table\|json\|csv[>\]]", result.stdout), result.stdout
    assert "markdown" not in result.stdout
    refused = invoke("staffing", SAMPLES, "--demand", DEMAND, "--format", "markdown")
    assert refused.exit_code == 2
    assert "'markdown' is not one of 'table', 'json', 'csv'" in refused.stderr


def test_staffing_csv_rounds_each_figure_to_its_unit() -> None:
    # Before: aht_seconds 396.00000000000006 (0.99 x 400 in binary), blocking 4.64e-290.
    result = invoke("staffing", SAMPLES, "--demand", DEMAND, "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert "e-" not in result.stdout and "0000000" not in result.stdout
    for row in rows:
        for column, text in row.items():
            if text and text.replace(".", "", 1).isdigit() and "." in text:
                decimals = len(text.split(".")[1])
                assert decimals <= csv_decimals(column), (column, text)
    harborline = next(r for r in rows if r["vendor"] == "Harborline Contact Manila")
    assert harborline["aht_seconds"] == "396.0"  # 360 s baseline x aht_factor 1.1
    blocking = [r["blocking_rate"] for r in rows if r["interval"] != "TOTAL/month"]
    assert all(re.fullmatch(r"0\.\d{1,6}", b) for b in blocking), blocking
    assert "0.000001" in blocking  # 1e-06 as a spreadsheet reads it, not in e-notation


def test_csv_decimals_follow_the_unit() -> None:
    assert [csv_decimals(c) for c in ("monthly_cost", "cost_per_call", "asa_seconds")] == [2] * 3
    assert csv_decimals("offered_load_erlangs") == 4
    assert csv_decimals("service_level") == 6  # a fraction: 0.963795 = 96.3795%


def test_sensitivity_says_what_it_leaves_out_and_what_confidence_means() -> None:
    result = invoke("sensitivity", SAMPLES, "--samples", "500")
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    # 13 ranked samples: more than the 12 the pairwise table shows on screen.
    assert (
        "Pairwise winning table left out: 13 vendors is more than 12; --format json has it." in text
    )
    assert "confidence: 1.00 when the vendor's central weights (below) make it first" in text
    assert "-0.0%" not in text


def test_sensitivity_prints_the_pairwise_table_for_few_vendors() -> None:
    few = [SAMPLES / "prairie-voice-omaha.yaml", SAMPLES / "summit-home-agents.yaml"]
    result = invoke("sensitivity", *few, "--samples", "200")
    assert result.exit_code == 0, result.stderr
    assert "Pairwise winning" in result.stdout and "left out" not in result.stdout
