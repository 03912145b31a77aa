"""Every output carries the run's warnings and notes, and their advice fits the options given."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vendorscore.cli import app

ROOT = Path(__file__).resolve().parents[1]
WARNING = (
    "warning: workforce.shrinkage not given by Gap Contact: its cost per contact uses the "
    "reference 0.3 instead (ask for the figure)"
)
NOTE_START = "note: derived.cost_per_contact: from each vendor's rate and workforce figures"
ASK = "pass --demand FILE to cost it"

CRITERIA = """\
name: Small
reference: {aht_seconds: 360, occupancy: 0.85, shrinkage: 0.30, paid_hours_per_fte_month: 173.3}
criteria:
  - {id: cost, weight: 2, field: derived.cost_per_contact, scale: {linear: {worst: 6, best: 1}}}
  - {id: fcr, weight: 1, field: scorecard.fcr, scale: {linear: {worst: 0.6, best: 0.85}}}
"""
GAP = """\
name: Gap Contact
delivery_model: nearshore
pricing: {currency: USD, model: per_paid_hour, rate: 14}
workforce: {aht_factor: 1.0, max_occupancy: 0.9}
scorecard: {fcr: 0.8}
"""
FULL = """\
name: Full Contact
delivery_model: onshore
pricing: {currency: USD, model: per_productive_hour, rate: 30}
workforce: {aht_factor: 1.0, max_occupancy: 0.85, shrinkage: 0.3}
scorecard: {fcr: 0.7}
"""


@pytest.fixture
def run(tmp_path: Path) -> tuple[Path, Path]:
    vendors = tmp_path / "vendors"
    vendors.mkdir()
    (vendors / "gap.yaml").write_text(GAP, encoding="utf-8")
    (vendors / "full.yaml").write_text(FULL, encoding="utf-8")
    criteria = tmp_path / "small.yaml"
    criteria.write_text(CRITERIA, encoding="utf-8")
    return vendors, criteria


def _invoke(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "400"})


def _lines(text: str) -> list[str]:
    return text.splitlines()


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_data_formats_keep_stdout_clean_and_say_it_on_stderr(run, fmt: str) -> None:
    vendors, criteria = run
    result = _invoke("rank", vendors, "-c", criteria, "-f", fmt)
    assert result.exit_code == 0, result.stderr
    lines = _lines(result.stderr)
    assert lines[0] == WARNING
    if fmt == "json":  # the notes have a key of their own
        assert len(lines) == 1
        data = json.loads(result.stdout)
        assert data["warnings"] == [WARNING.removeprefix("warning: ")]
        assert data["notes"][0].endswith(ASK)
    if fmt == "markdown":  # ... and a quote of their own
        assert len(lines) == 1
        assert "> note: derived.cost\\_per\\_contact: from each vendor" in result.stdout
    if fmt == "csv":  # CSV has no place for them
        assert lines[1].startswith(NOTE_START) and lines[1].endswith(ASK)
        assert "warning" not in result.stdout and "note" not in result.stdout


def test_the_table_explain_and_validate_say_it(run) -> None:
    vendors, criteria = run
    table = _invoke("rank", vendors, "-c", criteria)
    assert WARNING in _lines(table.stdout)
    explain = _invoke("explain", "Gap Contact", vendors, "-c", criteria)
    assert explain.exit_code == 0, explain.stderr
    out = _lines(explain.stdout)
    assert WARNING in out
    assert "note: cost per contact: workforce.shrinkage not given, reference 0.3 used" in out
    # The money figure carries its currency and unit: 14 / 0.7 x 360 / 3060 = 2.35 a contact.
    assert "2.35 USD per contact" in explain.stdout
    validate = _invoke("validate", vendors, "-c", criteria)
    assert _lines(validate.stderr)[0] == WARNING


def test_sensitivity_says_it(run) -> None:
    vendors, criteria = run
    for fmt in ("table", "json"):
        result = _invoke("sensitivity", vendors, "-c", criteria, "-n", "0", "-f", fmt)
        assert result.exit_code == 0, result.stderr
        assert _lines(result.stderr) == [WARNING]
        if fmt == "json":
            assert json.loads(result.stdout)["notes"][0].endswith(ASK)
        else:
            assert _lines(result.stdout)[-1].startswith(NOTE_START)


def test_export_says_it_on_stdout_and_on_the_ranking_sheet(run, tmp_path: Path) -> None:
    vendors, criteria = run
    book = tmp_path / "out.xlsx"
    result = _invoke("export", vendors, "-c", criteria, "-o", book, "--samples", "0")
    assert result.exit_code == 0, result.stderr
    lines = _lines(result.stdout)
    assert lines[0].startswith("wrote ") and lines[1] == WARNING
    from openpyxl import load_workbook

    data = load_workbook(book)["Data"]
    # Money carries its currency and unit in the Data sheet's header.
    assert "derived.\ncost_per_contact\n(USD per contact)" in [c.value for c in data[1]]
    sheet = load_workbook(book)["Ranking"]
    # Below the table, in column A, each message broken into lines as wide as the table.
    rows = list(sheet.iter_rows(values_only=True))
    end = next(i for i, r in enumerate(rows) if i and not any(r))
    lines = [str(r[0]) for r in rows[end + 1 :] if r[0]]
    assert all(not any(r[1:]) for r in rows[end + 1 :])
    text = " ".join(lines)
    assert WARNING in text
    assert NOTE_START in text and text.index(WARNING) < text.index(NOTE_START)


def test_with_a_demand_the_advice_does_not_ask_for_one() -> None:
    vendors = ROOT / "samples" / "vendors"
    demand = ROOT / "samples" / "demand.yaml"
    result = _invoke("rank", vendors, "--demand", demand, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert "--demand" not in result.stderr
    lines = result.stderr.splitlines()
    notes = [line for line in lines if line.startswith("note: ")]
    assert notes[0].startswith(
        "note: derived.cost_per_contact: from the staffing plan on the demand "
        "'US customer support 2027'"
    )
    # Warnings (here: vendors that cannot meet the targets, issue 12) come before the notes.
    assert lines == [line for line in lines if line.startswith("warning: ")] + notes
