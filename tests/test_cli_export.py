"""`vendorscore export` and `rank --xlsx`: end to end on the samples, and every refusal."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import ROOT, SAMPLES
from typer.testing import CliRunner

from vendorscore.cli import app

openpyxl = pytest.importorskip("openpyxl")


def invoke(*args: object) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args])


def load(path: Path, **kw: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return openpyxl.load_workbook(path, **kw)


@pytest.fixture
def vendors(tmp_path: Path) -> Path:
    """A private copy of the samples, so refusals can be tested next to real inputs."""
    folder = tmp_path / "vendors"
    shutil.copytree(SAMPLES, folder)
    return folder


def one_line(result: Any) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_export_writes_the_workbook_for_the_samples(vendors: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    result = invoke("export", vendors, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"wrote {out} (14 vendors,")
    wb = load(out, data_only=True)
    assert wb.sheetnames[:4] == ["Ranking", "Scores", "Weights", "Data"]
    assert wb.sheetnames[-3:] == ["Charts", "About", "Saved result"]
    rank_json = invoke("rank", vendors, "--format", "json")
    import json

    expected = json.loads(rank_json.stdout)["vendors"]
    got = [r for r in wb["Ranking"].iter_rows(min_row=2, values_only=True) if r[1]]
    assert [r[1] for r in got] == [v["name"] for v in expected]
    assert [r[0] for r in got] == [v["rank"] for v in expected]
    assert [r[4] for r in got] == pytest.approx([v["total"] for v in expected], abs=1e-9)


def test_about_lists_every_input_with_its_sha256(vendors: Path, tmp_path: Path) -> None:
    import hashlib

    out = tmp_path / "report.xlsx"
    assert invoke("export", vendors, "-o", out).exit_code == 0
    cells = [v for row in load(out)["About"].iter_rows(values_only=True) for v in row if v]
    for f in sorted(vendors.glob("*.yaml")):
        assert hashlib.sha256(f.read_bytes()).hexdigest() in cells


DEMAND = """\
name: Reference week
aht_seconds: 180
model: erlang_c
service_level: {target: 0.8, threshold_seconds: 20}
max_occupancy: 0.85
intervals:
  - {label: flat, calls_per_hour: 200, hours_per_week: 10}
"""


def test_export_with_demand_adds_the_staffing_sheet(vendors: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    result = invoke("export", vendors, "--demand", ROOT / "samples" / "demand.yaml", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "Staffing" in load(out).sheetnames
    # The reference week (tests/data staffing_cases[0]): 10 Erlangs, 80/20, occupancy <= 0.85:
    # Erlang C staffs 14 agents (SL 0.88835, pyworkforce's docs), 20 heads at 30% shrinkage.
    # Alpha bills 9 USD per paid hour: 20 x 10 h x 9 = 1,800 a week, x 52/12 = 7,800 a month,
    # over 2,000 x 52/12 calls = 0.90 a call. Beta bills 3 USD a call: 6,000 a week, 26,000 a
    # month.
    own = tmp_path / "own"
    own.mkdir()
    for name, pricing in (("Alpha", "per_paid_hour, rate: 9"), ("Beta", "per_call, rate: 3")):
        (own / f"{name}.yaml").write_text(
            f"name: {name}\ndelivery_model: offshore\n"
            f"pricing: {{currency: USD, model: {pricing}}}\n"
            "workforce: {shrinkage: 0.3, aht_factor: 1.0}\n"
        )
    (tmp_path / "demand.yaml").write_text(DEMAND)
    small = tmp_path / "small.xlsx"
    result = invoke(
        "export", own, "--demand", tmp_path / "demand.yaml", "--criteria", "tco", "-o", small,
        "--samples", "0",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    rows = list(load(small, data_only=True)["Staffing"].iter_rows(values_only=True))
    # The vendor table prints in parts (each repeating the Vendor column), cheapest first.
    table: dict[str, dict[object, object]] = {}
    order: list[list[object]] = []
    marks = ("Monthly cost (USD)", "Handled calls per month", "Profile file")  # one per part
    parts = [i for i, r in enumerate(rows) if r[0] == "Vendor" and any(m in r for m in marks)]
    for start in parts:
        header, vendor_rows = rows[start], rows[start + 1 : start + 3]
        order.append([r[0] for r in vendor_rows])
        for r in vendor_rows:
            table.setdefault(str(r[0]), {}).update(zip(header, r, strict=True))
    assert order == [["Alpha", "Beta"]] * len(parts) and len(parts) >= 2
    assert set(table) == {"Alpha", "Beta"}
    expected = {
        "Alpha": {
            "Weekly cost (USD)": 1800.0,
            "Monthly cost (USD)": 7800.0,
            "Cost per call (USD)": 0.9,
        },
        "Beta": {
            "Weekly cost (USD)": 6000.0,
            "Monthly cost (USD)": 26000.0,
            "Cost per call (USD)": 3.0,
        },
    }
    for name, figures in expected.items():
        got = table[name]
        assert got["Feasible"] == "yes"
        assert (got["Peak agents"], got["Peak heads (scheduled agents)"]) == (14, 20)
        assert got["Billable FTE"] == pytest.approx(5.0)  # 200 paid hours / 40
        assert got["Handled calls per month"] == pytest.approx(2000 * 52 / 12)
        assert got["Service level"] == pytest.approx(0.88835, abs=5e-6)
        assert got["Occupancy"] == pytest.approx(10 / 14)
        assert got["Rate currency"] == "USD"  # the vendor's own; money columns are in the base
        for key, value in figures.items():
            assert got[key] == pytest.approx(value), (name, key)
    # The contract over the default 36 months, part by part: no fee, training or escalation
    # given, so the run alone: 7,800 x 36 = 280,800 and 26,000 x 36 = 936,000.
    start = next(i for i, r in enumerate(rows) if r[0] == "Contract cost over the term")
    header = rows[start + 1]
    contract = {r[0]: dict(zip(header, r, strict=False)) for r in rows[start + 2 : start + 4]}
    assert contract["Alpha"]["Months"] == 36
    assert contract["Alpha"]["Run, escalated (USD)"] == pytest.approx(280_800)
    assert contract["Beta"]["Total (USD)"] == pytest.approx(936_000)
    assert contract["Beta"]["Set-up fee (USD)"] == 0


def _every_value(path: Path) -> dict[str, list[tuple[object, ...]]]:
    wb = load(path, data_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def test_rank_xlsx_writes_the_same_workbook(vendors: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    result = invoke("rank", vendors, "--xlsx", out)
    assert result.exit_code == 0, result.stderr
    exported = tmp_path / "e.xlsx"
    assert invoke("export", vendors, "-o", exported).exit_code == 0
    got, want = _every_value(out), _every_value(exported)
    assert list(got) == list(want) == [
        "Ranking", "Scores", "Weights", "Data", "Sensitivity", "Charts", "About", "Saved result",
    ]  # fmt: skip
    # Every cell the same, but for when and how each was made (About: Generated, Command line).
    for sheet in got:
        rows = zip(got[sheet], want[sheet], strict=True)
        differ = {a[0] for a, b in rows if a != b}
        assert differ <= ({"Generated", "Command line"} if sheet == "About" else set()), sheet
    # ... and the ranking is the full one (no --top cut in the workbook): 14 vendors.
    assert len([r for r in got["Ranking"][1:] if r[1]]) == 14


@pytest.mark.parametrize("name", ["report.xls", "report.csv", "report"])
def test_refuses_an_output_that_is_not_xlsx(vendors: Path, tmp_path: Path, name: str) -> None:
    result = invoke("export", vendors, "-o", tmp_path / name)
    assert result.exit_code == 2
    assert "must be a .xlsx file" in one_line(result)
    assert not (tmp_path / name).exists()


def test_refuses_to_overwrite_an_input_through_dotdot_and_a_symlink(
    vendors: Path, tmp_path: Path
) -> None:
    victim = vendors / "andes-cx-medellin.yaml"
    before = victim.read_bytes()
    link = tmp_path / "innocent.xlsx"
    link.symlink_to(victim)
    result = invoke("export", vendors, "-o", link)
    assert result.exit_code == 2
    assert "refusing to overwrite the input file" in one_line(result)
    assert victim.read_bytes() == before and link.is_symlink()


def test_refuses_an_input_named_like_a_workbook(vendors: Path, tmp_path: Path) -> None:
    criteria = tmp_path / "weights.xlsx"  # an odd but legal criteria file name
    shutil.copy(ROOT / "criteria" / "default.yaml", criteria)
    result = invoke(
        "export", vendors, "--criteria", criteria, "-o", tmp_path / "." / "weights.xlsx"
    )
    assert result.exit_code == 2
    assert "refusing to overwrite the input file" in one_line(result)


def test_reports_a_workbook_open_in_another_program(vendors: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    out.write_bytes(b"previous")
    (tmp_path / ".~lock.report.xlsx#").write_text("someone,host,2025")
    result = invoke("export", vendors, "-o", out)
    assert result.exit_code == 2
    assert "open in another program" in one_line(result)
    assert out.read_bytes() == b"previous"


def test_interrupted_export_keeps_the_previous_report(
    vendors: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report.xlsx"
    assert invoke("export", vendors, "-o", out).exit_code == 0
    before = out.read_bytes()

    import vendorscore.report.excel.workbook

    def boom(ranking: object, fh: Any, **kw: object) -> None:
        fh.write(b"PK partial")
        raise KeyboardInterrupt

    monkeypatch.setattr(vendorscore.report.excel.workbook, "write_workbook", boom)
    result = invoke("export", vendors, "-o", out)
    assert result.exit_code == 130
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx", "vendors"]


def test_rank_without_xlsx_never_imports_openpyxl() -> None:
    code = (
        "import sys\n"
        "from vendorscore.cli import main\n"
        f"sys.argv = ['vendorscore', 'rank', {str(SAMPLES)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(str(sorted(m for m in sys.modules if m.startswith('openpyxl'))[:1]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert done.stderr.strip().endswith("[]"), done.stderr
