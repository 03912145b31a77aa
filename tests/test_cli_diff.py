"""`vendorscore diff` and `rank/export --baseline` end to end: output, exit codes, messages."""

from __future__ import annotations

import csv
import io
import json
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import CRITERIA, SAMPLES
from typer.testing import CliRunner

from vendorscore.cli import app

HINT = "save one with `vendorscore rank ... --format json > FILE`"


def invoke(*args: object, columns: int = 200) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": str(columns)})


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The samples saved as they are, after a cost weight edit, and with a BAFO from Andes."""
    tmp = tmp_path_factory.mktemp("runs")
    vendors = tmp / "vendors"
    shutil.copytree(SAMPLES, vendors)
    criteria = tmp / "criteria.yaml"
    text = (CRITERIA / "default.yaml").read_text(encoding="utf-8")
    criteria.write_text(text.replace("weight: 17\n", "weight: 25\n"), encoding="utf-8")

    def save(name: str, *args: object) -> Path:
        result = invoke("rank", vendors, *args, "--format", "json")
        assert result.exit_code == 0, result.stderr
        path = tmp / name
        path.write_text(result.stdout, encoding="utf-8")
        return path

    paths = {"old": save("old.json"), "weights": save("weights.json", "--criteria", criteria)}
    andes = vendors / "andes-cx-medellin.yaml"
    andes.write_text(andes.read_text().replace("rate: 13.20", "rate: 11.60"))
    paths["bafo"] = save("bafo.json", "--criteria", criteria)
    paths["vendors"], paths["criteria"] = vendors, criteria
    return paths


def test_diff_table_explains_a_weight_edit(runs: dict[str, Path]) -> None:
    result = invoke("diff", runs["old"], runs["weights"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert f"Before: {runs['old']}: Customer-service outsourcing (default), weighted_sum" in out
    assert "│ cost       │ weight 17 -> 25 │   17.0% -> 23.1% │" in out
    assert "32 other criteria keep their weights as written" in out
    assert (
        "Andes CX Medellín: rose from 7th to 6th, total 74.9 -> 74.5 (-0.37): weights -0.37" in out
    )
    # Prairie, the dearest per contact among the leaders, gains least on cost: its cost per
    # contact (4.08 USD) scores 38 on 6 -> 1; the leaf's weight goes 17/100 x 0.8 = 13.6% ->
    # 25/108 x 0.8 = 18.5%, so it adds 0.0492 x 38.4 = 1.89.
    assert (
        "    by criterion: cost +2.93, scorecard -1.29, security -1.11, tech -1.11, "
        "language -1.11, culture -0.69, clients -0.57" in out
    )
    assert "    cost_per_contact +1.89: weight 13.6% -> 18.5% x utility 38 (+1.89)" in out
    row = next(line for line in out.splitlines() if "Prairie Voice Omaha" in line)
    assert [c.strip() for c in row.split("│")[1:9]] == [
        "=", "Prairie Voice Omaha", "1 -> 1", "84.6", "-2.95", "-2.95", "+0.00", "+0.00",
    ]  # fmt: skip


def test_diff_table_explains_a_price_cut_and_a_weight_edit_together(runs: dict[str, Path]) -> None:
    result = invoke("diff", runs["old"], runs["bafo"])
    out = result.stdout
    # Andes: 7th -> 6th. Its cost per contact is 13.20 / 0.73 x 1.06 x 360 / 3060 = 2.25496 USD
    # (utility (6 - 2.25496) / 5 = 74.9), then 11.60 ... = 1.98163 (80.4). The leaf's weight
    # goes 0.136 -> 25/108 x 0.8 = 0.18519: weights 0.04919 x 74.9 = 3.68, values 0.136 x 5.47
    # = 0.74, both 0.04919 x 5.47 = 0.27.
    assert (
        "Andes CX Medellín: rose from 7th to 6th, total 74.9 -> 75.5 (+0.65): weights -0.37, "
        "values +0.74, both +0.27" in out
    )
    assert (
        "    cost_per_contact +4.70: weight 13.6% -> 18.5% x utility 75 (+3.68); "
        "derived.cost_per_contact 2.25496 USD -> 1.98163 USD (-12.1%), utility 74.9 -> 80.4 "
        "(+0.74); both +0.27" in out
    )


def test_diff_at_80_columns_keeps_the_change_and_drops_the_split(runs: dict[str, Path]) -> None:
    result = invoke("diff", runs["old"], runs["bafo"], columns=80)
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    header = next(line for line in lines if "Vendor" in line and "Move" in line)
    assert [h.strip() for h in header.split("┃")[1:-1]] == [
        "Move", "Vendor", "Rank", "Total", "Change",
    ]  # fmt: skip
    words = " ".join(result.stdout.split())
    assert "the split into weights and values is in the lines below (or widen)" in words


@pytest.mark.parametrize("columns", [80, 100])
def test_why_lines_wrap_under_their_own_indentation(runs: dict[str, Path], columns: int) -> None:
    # A long "by criterion:" or leaf line used to wrap back to column 0, where it read as a
    # new vendor. Now: headlines at 0, their details at 4, any continuation at 8 (or 4 under a
    # headline), and no word lost.
    result = invoke("diff", runs["old"], runs["bafo"], "--leaves", "1", columns=columns)
    why = result.stdout.split("Why (largest leaf changes, in points of the total)\n", 1)[1]
    lines = why.rstrip("\n").splitlines()
    assert max(len(line) for line in lines) <= columns
    heads = [i for i, line in enumerate(lines) if not line.startswith(" ")]
    names = {v["name"] for v in json.loads(runs["old"].read_text(encoding="utf-8"))["vendors"]}
    assert heads and all(lines[i].split(":", 1)[0] in names for i in heads)
    for i, line in enumerate(lines):
        if i in heads:
            continue
        indent = len(line) - len(line.lstrip(" "))
        assert indent in (4, 8), line
        if indent == 8:  # a continuation: of a detail line, or of its headline
            assert i - 1 not in heads or not lines[i - 1].startswith(" ")
    andes = " ".join(why.split("Andes CX Medellín: ", 1)[1].split("\nSummit")[0].split())
    assert "derived.cost_per_contact 2.25496 USD -> 1.98163 USD (-12.1%)" in andes


def test_diff_json_and_markdown(runs: dict[str, Path]) -> None:
    doc = json.loads(invoke("diff", runs["old"], runs["bafo"], "--format", "json").stdout)
    assert doc["format"] == "vendorscore-diff"
    andes = next(v for v in doc["vendors"] if v["name"] == "Andes CX Medellín")
    assert (andes["status"], andes["rank_before"], andes["rank_after"], andes["move"]) == (
        "up", 7, 6, 1,
    )  # fmt: skip
    split = andes["weights_part"] + andes["values_part"] + andes["interaction_part"]
    assert split == pytest.approx(andes["total_change"], abs=1e-9)
    rate = andes["leaves"][0]
    assert (rate["id"], rate["unit"]) == ("cost_per_contact", "USD")
    assert (rate["raw_before"], rate["raw_after"]) == (
        pytest.approx(13.2 / 0.73 * 1.06 * 360 / 3060),
        pytest.approx(11.6 / 0.73 * 1.06 * 360 / 3060),
    )
    cost = next(c for c in doc["criteria"] if c["id"] == "cost")
    assert (cost["status"], cost["weight_before"], cost["weight_after"]) == ("changed", 17, 25)

    md = invoke("diff", runs["old"], runs["bafo"], "--format", "markdown").stdout
    # Markdown escapes `>` (vendor text could hold HTML); it shows as "->".
    assert "| cost | weight 17 -\\> 25 | 17.0% -> 23.1% |" in md
    assert "| ▲1 | Andes CX Medellín | 7 -> 6 | 75.5 | +0.65 | -0.37 | +0.74 | +0.27 |" in md
    assert (
        "  - cost\\_per\\_contact +4.70: weight 13.6% -\\> 18.5% x utility 75 (+3.68); derived"
        in md
    )


def test_diff_of_a_run_with_itself_says_nothing_changed(runs: dict[str, Path]) -> None:
    result = invoke("diff", runs["old"], runs["old"])
    assert result.exit_code == 0
    assert result.stdout.rstrip().endswith(
        "No differences: the same criteria and weights, vendors, ranks and totals."
    )


def test_diff_reads_exported_workbooks(runs: dict[str, Path], tmp_path: Path) -> None:
    old, new = tmp_path / "old.xlsx", tmp_path / "new.xlsx"
    assert invoke("export", runs["vendors"], "-o", old, "--samples", 0).exit_code == 0
    assert invoke("export", runs["vendors"], "-c", runs["criteria"], "-o", new,
                  "--samples", 0).exit_code == 0  # fmt: skip
    doc = json.loads(invoke("diff", old, new, "--format", "json").stdout)
    assert doc["before"]["source"] == str(old)
    andes = next(v for v in doc["vendors"] if v["name"] == "Andes CX Medellín")
    assert andes["status"] == "up"


def test_diff_bad_inputs_exit_2_with_one_line_each(runs: dict[str, Path], tmp_path: Path) -> None:
    cut = tmp_path / "cut.json"
    text = runs["old"].read_text(encoding="utf-8")
    head = text[: text.index('"scores"')]  # cut off before a key, after its indentation
    cut.write_text(head, encoding="utf-8")
    lines = head.split("\n")
    staffing = tmp_path / "staffing.json"
    staffing.write_text('{"demand_name": "week", "vendors": []}\n', encoding="utf-8")
    result = invoke("diff", cut, staffing)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{cut}:{len(lines)}:{len(lines[-1]) + 1}: the JSON ends early: the file is cut short "
        f"(truncated?); {HINT}",
        f"{staffing}:1:1: not a saved vendorscore result; {HINT}",
    ]
    newer = tmp_path / "newer.json"
    newer.write_text(text.replace('"format_version": 1', '"format_version": 7'))
    result = invoke("diff", runs["old"], newer)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{newer}:3:21: saved in result format 7 by vendorscore 0.1.0; this vendorscore (0.1.0) "
        "reads format 1 and older: upgrade vendorscore to compare it\n"
    )


# ---------------------------------------------------------------- rank --baseline


def test_rank_baseline_adds_a_move_column_that_fits_80_columns(runs: dict[str, Path]) -> None:
    result = invoke("rank", runs["vendors"], "-c", runs["criteria"], "--baseline", runs["old"],
                    columns=80)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    header = [h.strip() for h in lines[2].split("┃")[1:-1]]
    assert header[:4] == ["Rank", "Move", "Vendor", "Total"]
    row = next(line for line in lines if "Andes CX" in line)
    assert [c.strip() for c in row.split("│")[1:5]] == ["6", "▲1", "Andes CX", "75.5"]
    assert f"move since {runs['old']}" in " ".join(result.stdout.split())


def test_rank_baseline_in_json_csv_and_markdown(runs: dict[str, Path]) -> None:
    args = ("rank", runs["vendors"], "-c", runs["criteria"], "--baseline", runs["old"])
    doc = json.loads(invoke(*args, "--format", "json").stdout)
    assert doc["format"] == "vendorscore-ranking"  # still a saved ranking, plus the changes
    assert doc["changes"]["format"] == "vendorscore-diff"
    rows = list(csv.DictReader(io.StringIO(invoke(*args, "--format", "csv").stdout)))
    andes = next(r for r in rows if r["vendor"] == "Andes CX Medellín")
    assert (andes["rank"], andes["rank_before"], andes["change"]) == ("6", "7", "up")
    md = invoke(*args, "--format", "markdown").stdout
    assert md.splitlines()[2].endswith("| Knock-out reasons | Move |")
    assert "| Andes CX Medellín |" in md and md.count("| ▲1 |") == 1


def test_rank_reports_problems_in_the_baseline_and_the_inputs_together(
    runs: dict[str, Path], tmp_path: Path
) -> None:
    bad = tmp_path / "v.yaml"
    bad.write_text("name: X\ndelivery_model: orbital\n", encoding="utf-8")
    result = invoke("rank", bad, "--baseline", tmp_path / "none.json")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"{tmp_path / 'none.json'}: no such file"
    assert result.stderr.splitlines()[1].startswith(f"{bad}:2:17: delivery_model:")


def test_export_baseline_adds_the_changes_sheet(runs: dict[str, Path], tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "report.xlsx"
    result = invoke("export", runs["vendors"], "-c", runs["criteria"], "--baseline", runs["old"],
                    "-o", out, "--samples", 0)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames[:3] == ["Ranking", "Changes", "Scores"]
    rows = [r for r in book["Changes"].iter_rows(values_only=True) if any(r)]
    header = next(i for i, r in enumerate(rows) if r[0] == "Vendor")
    assert rows[header][:4] == ("Vendor", "Move", "Rank before", "Rank after")
    andes = next(r for r in rows[header:] if r[0] == "Andes CX Medellín")
    assert andes[1:4] == ("▲1", 7, 6)
    assert andes[6] == pytest.approx(andes[7] + andes[8] + andes[9], abs=1e-9)
    why = andes[10].split("\n")
    assert why[0].startswith("by criterion: cost +5.31, security -1.11, scorecard -1.11,")
    assert why[1].startswith("cost_per_contact +4.70: weight 13.6% -> 18.5% x utility 75 (+3.68)")
    # The baseline is an input: never the output.
    result = invoke("export", runs["vendors"], "--baseline", out, "-o", out)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{out}: refusing to overwrite the input file '{out}'; choose another name\n"
    )


def test_diff_loads_no_heavy_library(runs: dict[str, Path]) -> None:
    """Start-up: comparing two JSON results needs neither numpy, openpyxl, yaml nor pydantic."""
    import subprocess
    import sys

    code = (
        "import sys, io, contextlib\nfrom vendorscore.cli import main\n"
        f"sys.argv = ['vendorscore', 'diff', {str(runs['old'])!r}, {str(runs['bafo'])!r}]\n"
        "try:\n    with contextlib.redirect_stdout(io.StringIO()):\n        main()\n"
        "except SystemExit:\n    pass\n"
        "heavy = ('numpy', 'openpyxl', 'yaml', 'pydantic', 'pydantic_core')\n"
        "sys.stderr.write('HEAVY=' + ','.join(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.stderr.rsplit("HEAVY=", 1)[1].strip() == "", result.stderr
