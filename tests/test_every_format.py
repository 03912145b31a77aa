"""Every command in every output format runs on the samples and writes what it says.

`staffing --format json` once failed with an internal error ("ContractCost is not JSON
serializable") that no test saw: each format had tests, but not each command in each format.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path

import pytest
from tests.conftest import ROOT
from typer.testing import CliRunner

from vendorscore.cli import app

V, D = "samples/vendors", "samples/demand.yaml"
TCO = ["-c", "tco", "--demand", D]
PANEL = ["--ratings", "samples/panel/ratings", "-c", "samples/panel/criteria.yaml"]
ERLANG = ["erlang", "--calls-per-hour", "500", "--aht-seconds", "300", "--target", "0.8"]
COMMANDS = {
    "rank": ["rank", V],
    "rank-tco": ["rank", V, *TCO],
    "rank-baseline": ["rank", V, *TCO, "--baseline", "{baseline}"],
    "staffing": ["staffing", V, "--demand", D],
    "erlang": ERLANG,
    "sensitivity": ["sensitivity", V, *TCO, "--samples", "200"],
    "panel": ["panel", V, *PANEL],
    "diff": ["diff", "{baseline}", "{baseline}"],
    "weights": ["weights", "ahp", "samples/ahp.yaml"],
}
FORMATS = {
    "rank": ("table", "json", "csv", "markdown"),
    "rank-tco": ("table", "json", "csv", "markdown"),
    "rank-baseline": ("table", "json", "csv", "markdown"),
    "staffing": ("table", "json", "csv"),
    "erlang": ("table", "json"),
    "sensitivity": ("table", "json"),
    "panel": ("table", "json", "csv", "markdown"),
    "diff": ("table", "json", "markdown"),
    "weights": ("table", "json"),
}
CASES = [(name, fmt) for name, formats in FORMATS.items() for fmt in formats]


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("baseline") / "before.json"
    with contextlib.chdir(ROOT):
        result = CliRunner().invoke(app, ["rank", V, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    path.write_text(result.stdout, encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=[f"{n}-{f}" for n, f in CASES])
def test_the_command_writes_its_format(name: str, fmt: str, baseline: Path) -> None:
    args = [a.replace("{baseline}", str(baseline)) for a in COMMANDS[name]]
    with contextlib.chdir(ROOT):
        result = CliRunner().invoke(app, [*args, "--format", fmt], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    assert "internal error" not in result.stderr
    out = result.stdout
    assert out.strip()
    if fmt == "json":
        assert isinstance(json.loads(out), dict)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert len(rows) >= 2 and all(len(r) == len(rows[0]) for r in rows)
    elif fmt == "markdown":
        assert "|---" in out or "| ---" in out or "|:--" in out or "--:|" in out
