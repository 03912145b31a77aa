"""The workbook in a real spreadsheet: LibreOffice recalculates it, before and after a weight edit.

LibreOffice keeps the cached values of an .xlsx by default ("never recalculate" on load), which
would prove nothing; each run uses a throw-away profile whose registry sets
`/org.openoffice.Office.Calc/Formula/Load/OOXMLRecalcMode` to 0 (always recalculate), then
converts xlsx -> xlsx headless:

    soffice -env:UserInstallation=file:///tmp/profile --headless --norestore \\
        --convert-to xlsx --outdir OUT report.xlsx
"""

from __future__ import annotations

import shutil
import subprocess
import warnings
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import CRITERIA, SAMPLES

pytestmark = pytest.mark.libreoffice

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
if SOFFICE is None:
    pytest.skip(
        "LibreOffice (soffice) is not on PATH: install it (apt-get install libreoffice-calc) "
        "to run the recalculation tests",
        allow_module_level=True,
    )
openpyxl = pytest.importorskip("openpyxl")

_RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lo-profile")
    (root / "user").mkdir()
    (root / "user" / "registrymodifications.xcu").write_text(_RECALC_ALWAYS)
    return root


def recalc(src: Path, profile: Path) -> Path:
    """Open `src` in LibreOffice, recalculate every formula, save as xlsx; the new path."""
    out = src.parent / f"recalc-{src.stem}"
    out.mkdir()
    cmd = [
        SOFFICE,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(out),
        str(src),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)
    result = out / src.name
    assert result.exists(), f"LibreOffice did not convert: {done.stdout} {done.stderr}"
    return result


def load(path: Path, **kw: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return openpyxl.load_workbook(path, **kw)


def library_ranking(weights: dict[str, float] | None = None) -> Any:
    """`vendorscore rank samples/vendors` with the default criteria, some raw weights changed."""
    from vendorscore.inputs.loading import input_files, load_criteria, load_vendors
    from vendorscore.scoring.pipeline import score

    vendors = load_vendors([SAMPLES])
    criteria = load_criteria(CRITERIA / "default.yaml")
    if weights:
        criteria = _reweighted(criteria, weights)
    return score(vendors, criteria, inputs=input_files(vendors, criteria))


def _reweighted(criteria: Any, weights: dict[str, float]) -> Any:
    from dataclasses import replace

    def walk(nodes: list[Any]) -> list[Any]:
        out = []
        for n in nodes:
            update: dict[str, Any] = {}
            if n.id in weights:
                update["weight"] = weights[n.id]
            if n.criteria:
                update["criteria"] = walk(n.criteria)
            out.append(n.model_copy(update=update))
        return out

    spec = criteria.spec.model_copy(update={"criteria": walk(criteria.spec.criteria)})
    return replace(criteria, spec=spec)


def write_report(ranking: Any, path: Path) -> Path:
    import datetime as dt

    from vendorscore.cli.export_cmd import write_report as write

    write(ranking, path, command_line="test", generated_at=dt.datetime(2025, 1, 1))
    return path


def assert_matches(book: Path, expected: Any) -> None:
    """Every total, rank and node utility LibreOffice computed equals the library's."""
    wb = load(book, data_only=True)
    got = {
        r[1]: (r[0], r[4])
        for r in wb["Ranking"].iter_rows(min_row=2, values_only=True)
        if r[1] is not None
    }
    assert set(got) == {v.name for v in expected.vendors}
    for v in expected.vendors:
        rank, total = got[v.name]
        assert total == pytest.approx(v.total, abs=1e-9), v.name
        assert (rank or None) == v.rank, v.name
    scores = wb["Scores"]
    ids = [c.id for c in expected.criteria]
    by_name = {v.name: v for v in expected.vendors}
    for row in scores.iter_rows(min_row=3, max_row=2 + len(expected.vendors), values_only=True):
        v = by_name[row[0]]
        for cid, value in zip(ids, row[3:], strict=True):
            want = v.scores[cid]
            if want is None:
                assert value in (None, "", "excluded"), (v.name, cid, value)
            else:
                assert value == pytest.approx(want, abs=1e-9), (v.name, cid)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_report(library_ranking(), tmp_path_factory.mktemp("lo") / "report.xlsx")


def test_recalculated_workbook_equals_the_library(
    report: Path, profile: Path, tmp_path: Path
) -> None:
    src = tmp_path / "as-written.xlsx"
    shutil.copy(report, src)
    assert_matches(recalc(src, profile), library_ranking())


@pytest.mark.parametrize(
    "edit",
    [
        {"cost": 60.0},  # a top-level group: the ranking changes
        {"travel": 9.0},  # a leaf some vendors lack (excluded, siblings renormalised)
        {"security": 0.0},  # a zero weight keeps the criterion for display only
    ],
    ids=["cost-group", "excluded-leaf", "zero-weight"],
)
def test_editing_a_raw_weight_recomputes_totals_and_ranks_like_the_library(
    report: Path, profile: Path, tmp_path: Path, edit: dict[str, float]
) -> None:
    wb = load(report)
    ws = wb["Weights"]
    rows = {ws.cell(r, 2).value: r for r in range(2, ws.max_row + 1)}
    for cid, weight in edit.items():
        ws.cell(rows[cid], 4).value = weight
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)

    expected = library_ranking(edit)
    before = [v.name for v in library_ranking().vendors]
    if "cost" in edit:
        assert [v.name for v in expected.vendors] != before, "the edit should reorder vendors"
    assert_matches(recalc(edited, profile), expected)


def test_a_viewer_that_does_not_recalculate_shows_the_library_figures(
    report: Path, tmp_path: Path
) -> None:
    """A stock LibreOffice (never recalculate on load) shows the cached values: the right ones."""
    stock = tmp_path / "stock-profile"
    stock.mkdir()
    src = tmp_path / "as-written.xlsx"
    shutil.copy(report, src)
    wb = load(recalc(src, stock), data_only=True)
    expected = library_ranking()
    assert wb["Ranking"]["E2"].value == pytest.approx(expected.vendors[0].total, abs=1e-9)
