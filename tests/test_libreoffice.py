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
from typing import Any, NamedTuple

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


class Expected(NamedTuple):
    """Totals, ranks and node utilities worked out in this file, not by vendorscore."""

    totals: dict[str, float]
    ranks: dict[str, int | None]
    nodes: dict[str, dict[str, float | None]]  # vendor -> criterion id -> utility
    order: list[str]  # criterion ids in the Scores sheet's column order


def independent(book: Path, edits: dict[str, float] | None = None) -> Expected:
    """What a correct recalculation must show, from the workbook's inputs alone.

    The inputs are the raw weights (Weights sheet, with `edits` applied), each vendor's leaf
    utilities (plain numbers or "excluded" on the Scores sheet) and eligibility (Ranking sheet).
    The rest is the rule documented in criteria/default.yaml, applied here: a group's utility is
    the weighted mean of its children present, the total the weighted mean of the top-level
    criteria present, ranks are competition ranks among eligible vendors (ties within 1e-9).
    """
    wb = load(book)
    weights = wb["Weights"]
    parent: dict[str, str | None] = {}
    raw: dict[str, float] = {}
    order: list[str] = []
    for r in range(2, weights.max_row + 1):
        cid = weights.cell(r, 2).value
        if not cid:
            continue
        order.append(cid)
        parent[cid] = weights.cell(r, 3).value or None
        raw[cid] = float((edits or {}).get(cid, weights.cell(r, 4).value))
    children = {c: [k for k in order if parent[k] == c] for c in [None, *order]}
    scores = wb["Scores"]
    eligible = {
        r[1]: r[6] == "yes" for r in wb["Ranking"].iter_rows(min_row=2, values_only=True) if r[1]
    }
    totals: dict[str, float] = {}
    nodes: dict[str, dict[str, float | None]] = {}
    for r in range(3, 3 + len(eligible)):
        name = scores.cell(r, 1).value
        leaf = {
            cid: scores.cell(r, 4 + j).value for j, cid in enumerate(order) if not children[cid]
        }
        u: dict[str, float | None] = {}

        def utility(cid: str | None, u: dict = u, leaf: dict = leaf) -> float | None:
            if cid is not None and not children[cid]:
                value = leaf[cid]
                u[cid] = value if isinstance(value, int | float) else None
                return u[cid]
            parts = [(raw[k], utility(k)) for k in children[cid]]
            weight = sum(w for w, x in parts if x is not None)
            mean = sum(w * x for w, x in parts if x is not None) / weight if weight > 0 else None
            if cid is not None:
                u[cid] = mean
            return mean

        totals[name] = utility(None) or 0.0
        nodes[name] = u
    ranked = sorted((n for n in totals if eligible[n]), key=lambda n: -totals[n])
    ranks: dict[str, int | None] = dict.fromkeys(totals)
    for n in ranked:
        ranks[n] = 1 + sum(1 for m in ranked if totals[m] > totals[n] + 1e-9)
    return Expected(totals, ranks, nodes, order)


def assert_matches(book: Path, expected: Expected) -> None:
    """Every total, rank and node utility LibreOffice computed equals the expected one."""
    wb = load(book, data_only=True)
    got = {
        r[1]: (r[0], r[4])
        for r in wb["Ranking"].iter_rows(min_row=2, values_only=True)
        if r[1] is not None
    }
    assert set(got) == set(expected.totals)
    for name, total in expected.totals.items():
        rank, shown = got[name]
        assert shown == pytest.approx(total, abs=1e-9), name
        assert (rank or None) == expected.ranks[name], name
    for row in wb["Scores"].iter_rows(min_row=3, max_row=2 + len(got), values_only=True):
        want = expected.nodes[row[0]]
        for cid, value in zip(expected.order, row[3:], strict=True):
            if want[cid] is None:
                assert value in (None, "", "excluded"), (row[0], cid, value)
            else:
                assert value == pytest.approx(want[cid], abs=1e-9), (row[0], cid)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_report(library_ranking(), tmp_path_factory.mktemp("lo") / "report.xlsx")


def test_recalculated_workbook_equals_the_library(
    report: Path, profile: Path, tmp_path: Path
) -> None:
    src = tmp_path / "as-written.xlsx"
    shutil.copy(report, src)
    expected = independent(report)
    # The samples' known shape: Prairie first; Lempira and Quetzal tied at 4; Lumina knocked out.
    assert expected.ranks["Prairie Voice Omaha"] == 1
    assert expected.ranks["Lempira Contact San Pedro Sula"] == 4
    assert expected.ranks["Quetzal Contact Guatemala"] == 4
    assert expected.ranks["Lumina Outsourcing Davao"] is None
    assert_matches(recalc(src, profile), expected)
    # ... and the library agrees with the independent figures.
    library = library_ranking()
    assert {v.name: v.rank for v in library.vendors} == expected.ranks
    for v in library.vendors:
        assert v.total == pytest.approx(expected.totals[v.name], abs=1e-9)


def test_recalculated_factory_workbook_equals_the_hand_computed_figures(
    profile: Path, tmp_path: Path
) -> None:
    """The hand-built ranking of tests/excel_factory.py, as written and after a weight edit.

    As written (tests/test_workbook_values.py): Acme 77.29, Beta and Gamma 760/11 = 69.09 (tied
    at 2), Delta 640/11 = 58.18 (4), the injection-named vendor 9250/165 = 56.06 (5), Omega
    knocked out. With cost's raw weight 25 -> 0 the totals are (20 x language + 10 x security)
    / 30: Beta and Gamma (1550 + 1000) / 30 = 85 (tied at 1), Acme (1325 + 7000/9) / 30 =
    70.09 (3), injection (1000 + 1000/3) / 30 = 44.44 (4), Delta 825 / 30 = 27.5 (5).
    """
    import datetime as dt

    from tests.excel_factory import INJECTION, make_ranking

    from vendorscore.report.excel.workbook import write_workbook

    src = tmp_path / "factory.xlsx"
    with src.open("wb") as fh:
        write_workbook(make_ranking(), fh, command_line="t", generated_at=dt.datetime(2025, 1, 1))
    names = ["Acme CX Cebu", "Beta Contact", "Gamma Voice", "Delta\\x07 Bell", INJECTION]
    acme = (20 * 66.25 + 25 * 85.9375 + 10 * 700 / 9) / 55
    as_written = Expected(
        dict(zip(names, [acme, 760 / 11, 760 / 11, 640 / 11, 9250 / 165], strict=True))
        | {"Omega Outsourcing": 100.0},
        dict(zip(names, [1, 2, 2, 4, 5], strict=True)) | {"Omega Outsourcing": None},
        independent(src).nodes,
        independent(src).order,
    )
    assert as_written.totals == pytest.approx(independent(src).totals, abs=1e-12)
    assert_matches(recalc(src, profile), as_written)

    wb = load(src)
    wb["Weights"]["D5"].value = 0.0  # cost
    edited = tmp_path / "factory-edited.xlsx"
    wb.save(edited)
    after = dict(
        zip(names, [(1325 + 7000 / 9) / 30, 85.0, 85.0, 27.5, (1000 + 1000 / 3) / 30], strict=True)
    )
    result = load(recalc(edited, profile), data_only=True)
    got = {
        r[1]: (r[0], r[4]) for r in result["Ranking"].iter_rows(min_row=2, values_only=True) if r[1]
    }
    assert {n: got[n][0] for n in names} == dict(zip(names, [3, 1, 1, 5, 4], strict=True))
    for name, total in after.items():
        assert got[name][1] == pytest.approx(total, abs=1e-9), name


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

    expected = independent(report, edit)
    before = independent(report)
    if "cost" in edit:
        assert expected.ranks != before.ranks, "the edit should reorder vendors"
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
    expected = independent(report)
    assert wb["Ranking"]["B2"].value == "Prairie Voice Omaha"
    assert wb["Ranking"]["E2"].value == pytest.approx(
        expected.totals["Prairie Voice Omaha"], abs=1e-9
    )
