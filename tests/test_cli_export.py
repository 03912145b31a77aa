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


def test_export_with_demand_adds_the_staffing_sheet(vendors: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    result = invoke("export", vendors, "--demand", ROOT / "samples" / "demand.yaml", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "Staffing" in load(out).sheetnames


def test_rank_xlsx_writes_the_same_workbook(vendors: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    result = invoke("rank", vendors, "--xlsx", out)
    assert result.exit_code == 0, result.stderr
    assert load(out).sheetnames[0] == "Ranking"


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
