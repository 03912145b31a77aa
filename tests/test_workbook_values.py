"""Every value of the workbook, sheet by sheet, against hand-computed figures (issue 18).

The ranking is tests/excel_factory.py's hand-built one (never the scoring code). Its tree:
language 20 (english 3, spanish_agents 1, excluded when missing), cost 25, security 10
(certifications 2, breaches 1, excluded when missing): 55 in all, so the effective weights are
language 20/55 = 4/11, english 3/4 of that = 3/11, spanish_agents 1/11, cost 5/11, security 2/11,
certifications 2/3 of that = 4/33, breaches 2/33.

Group utility = weighted mean of the children present; the totals below are written out as
exact fractions from the factory's leaf utilities:

  Acme      language (3x75 + 40)/4 = 66.25, cost 85.9375, security (2x200/3 + 100)/3 = 700/9
            total (20x66.25 + 25x85.9375 + 10x700/9)/55
  Beta      language (300 + 10)/4 = 77.5, cost 50, security 100: total 3800/55 = 760/11
  Gamma     the same as Beta: a tie, both rank 2
  Delta     language (75 + 90)/4 = 41.25, cost 95, security 0: total 3200/55 = 640/11, rank 4
  injection language 50 (spanish excluded), cost 70, security 100/3 (breaches excluded):
            total (1000 + 1750 + 1000/3)/55 = 9250/165, rank 5; completeness 1 - 1/11 - 2/33
  Omega     100 everywhere but knocked out: no rank
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from fractions import Fraction as F
from typing import Any

import pytest
from tests.excel_factory import INJECTION, make_ranking

openpyxl = pytest.importorskip("openpyxl")

WHEN = dt.datetime(2025, 3, 4, 5, 6, 7, tzinfo=dt.UTC)
SHOWN_INJECTION = INJECTION  # kept as text (quote prefix), never a formula
DELTA = "Delta\\x07 Bell"  # the bell character, not legal in XML, shown as its escape

W = {
    "language": F(4, 11),
    "english": F(3, 11),
    "spanish_agents": F(1, 11),
    "cost": F(5, 11),
    "security": F(2, 11),
    "certifications": F(4, 33),
    "breaches": F(2, 33),
}
LOCAL = {
    "language": F(4, 11),
    "english": F(3, 4),
    "spanish_agents": F(1, 4),
    "cost": F(5, 11),
    "security": F(2, 11),
    "certifications": F(2, 3),
    "breaches": F(1, 3),
}
ACME_TOTAL = (20 * F(6625, 100) + 25 * F(859375, 10000) + 10 * F(700, 9)) / 55
# name, rank, total, completeness, (language, english, spanish, cost, security, certs, breaches)
ROWS: list[tuple[str, int | None, F, F, tuple[Any, ...]]] = [
    ("Acme CX Cebu", 1, ACME_TOTAL, F(1), (F(265, 4), 75, 40, F(859375, 10000), F(700, 9), F(200, 3), 100)),
    ("Beta Contact", 2, F(760, 11), F(1), (F(155, 2), 100, 10, 50, 100, 100, 100)),
    ("Gamma Voice", 2, F(760, 11), F(1), (F(155, 2), 100, 10, 50, 100, 100, 100)),
    (DELTA, 4, F(640, 11), 1 - F(4, 33), (F(165, 4), 25, 90, 95, 0, 0, 0)),
    (SHOWN_INJECTION, 5, F(9250, 165), 1 - F(1, 11) - F(2, 33), (50, 50, "excluded", 70, F(100, 3), F(100, 3), "excluded")),
    ("Omega Outsourcing", None, F(100), F(1), (100, 100, 100, 100, 100, 100, 100)),
]  # fmt: skip
GROUPS = {"language": 0, "security": 4}  # positions of the group columns in ROWS' tuples
TOP_LEVEL = ("language", "cost", "security")
CRITERIA = ("language", "english", "spanish_agents", "cost", "security", "certifications", "breaches")  # fmt: skip


def _same(got: object, want: object) -> bool:
    if isinstance(want, F | int) and not isinstance(want, bool):
        return isinstance(got, int | float) and got == pytest.approx(float(want), abs=1e-12)
    return got == want


@pytest.fixture(scope="module")
def books() -> tuple[Any, Any]:
    """(formulas, cached values) of the factory ranking's workbook."""
    from vendorscore.report.excel.workbook import write_workbook

    buf = io.BytesIO()
    write_workbook(
        make_ranking(), buf, command_line="vendorscore export vendors -o r.xlsx", generated_at=WHEN
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        buf.seek(0)
        formulas = openpyxl.load_workbook(buf)
        buf.seek(0)
        cached = openpyxl.load_workbook(buf, data_only=True)
    return formulas, cached


def _formula_cells(ws: Any) -> set[str]:
    return {
        c.coordinate
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f" and not c.quotePrefix
    }


def _check(cached: Any, formulas: Any, sheet: str, expected: dict[str, object]) -> None:
    """Each expected cell holds its value, and no formula cell of the sheet goes unchecked."""
    ws = cached[sheet]
    wrong = {
        at: (ws[at].value, want) for at, want in expected.items() if not _same(ws[at].value, want)
    }
    assert wrong == {}
    unchecked = _formula_cells(formulas[sheet]) - set(expected)
    assert unchecked == set(), f"{sheet}: formula cells without a hand-computed value"


def test_ranking_sheet_every_value(books: tuple[Any, Any]) -> None:
    formulas, cached = books
    expected: dict[str, object] = {
        f"{c}1": h
        for c, h in zip(
            "ABCDEFGHI",
            ["Rank", "Vendor", "Delivery model", "Headquarters", "Total", "Completeness",
             "Eligible", "Failed requirements", "Profile file"],
            strict=True,
        )
    }  # fmt: skip
    models = ["offshore", "onshore", "nearshore", "hosted", "home_based", "offshore"]
    hqs = ["US", "CA", "MX", "-1+2", "@SUM(1+1)", "US"]
    files = [f"vendors/vendor{i}.yaml" for i in (0, 1, 2, 4, 3, 5)]
    for r, ((name, rank, total, complete, _), model, hq, file) in enumerate(
        zip(ROWS, models, hqs, files, strict=True), start=2
    ):
        expected |= {
            f"A{r}": rank,  # the knocked-out vendor's rank cell is empty text
            f"B{r}": name,
            f"C{r}": model,
            f"D{r}": hq,
            f"E{r}": total,
            f"F{r}": complete,
            f"G{r}": "yes" if rank else "no",
            f"H{r}": None if rank else "security.certifications: pci_dss missing",
            f"I{r}": file,
        }
    _check(cached, formulas, "Ranking", expected)
    assert [cached["Ranking"][f"A{r}"].value for r in range(2, 8)] == [1, 2, 2, 4, 5, None]


def test_scores_sheet_every_value_and_the_tie(books: tuple[Any, Any]) -> None:
    formulas, cached = books
    cols = "DEFGHIJ"
    expected: dict[str, object] = {
        "A1": "Effective weight:",
        "A2": "Vendor",
        "B2": "Rank",
        "C2": "Total",
    }
    labels = ["Language", "English", "Spanish agents", "Cost", "Security", "Certifications", "Breaches"]  # fmt: skip
    for c, cid, label in zip(cols, CRITERIA, labels, strict=True):
        expected[f"{c}1"] = W[cid]
        expected[f"{c}2"] = label
    for r, (name, rank, total, _, utilities) in enumerate(ROWS, start=3):
        expected |= {f"A{r}": name, f"B{r}": rank, f"C{r}": total}
        for c, u in zip(cols, utilities, strict=True):
            expected[f"{c}{r}"] = u
    _check(cached, formulas, "Scores", expected)
    # The planted bug wrote the row position as the cached rank: (2, 3) for the tie.
    assert [cached["Scores"][f"B{r}"].value for r in range(3, 9)] == [1, 2, 2, 4, 5, None]


def test_weights_sheet_every_value(books: tuple[Any, Any]) -> None:
    formulas, cached = books
    raw = {"language": 20, "english": 3, "spanish_agents": 1, "cost": 25, "security": 10,
           "certifications": 2, "breaches": 1}  # fmt: skip
    parents = {"english": "language", "spanish_agents": "language", "certifications": "security",
               "breaches": "security"}  # fmt: skip
    expected: dict[str, object] = {}
    for r, cid in enumerate(CRITERIA, start=2):
        leaf = cid not in ("language", "security")
        expected |= {
            f"B{r}": cid,
            f"C{r}": parents.get(cid),
            f"D{r}": raw[cid],
            f"E{r}": LOCAL[cid],
            f"F{r}": W[cid],
            f"H{r}": "linear 0..100" if leaf else None,
        }
    _check(cached, formulas, "Weights", expected)
    assert sum(float(W[c]) for c in CRITERIA if c not in GROUPS) == pytest.approx(1.0)


def test_data_sheet_every_value(books: tuple[Any, Any]) -> None:
    formulas, cached = books
    m = "missing"
    rows = [
        ("Acme CX Cebu", "vendors/vendor0.yaml", "near_native", 40, 12.5, "pci_dss, soc2_type2", 0),
        ("Beta Contact", "vendors/vendor1.yaml", "native", 40, 24, "pci_dss, soc2_type2", 0),
        ("Gamma Voice", "vendors/vendor2.yaml", "native", 40, 24, "pci_dss, soc2_type2", 0),
        (DELTA, "vendors/vendor4.yaml", "near_native", 40, "http://evil.example/rate", m, 0),
        (INJECTION, "vendors/vendor3.yaml", "near_native", m, "+cmd|' /C calc'!A0", "pci_dss, soc2_type2", m),
        ("Omega Outsourcing", "vendors/vendor5.yaml", "near_native", 40, 12.5, "pci_dss, soc2_type2", 0),
    ]  # fmt: skip
    expected = {
        f"{c}{r}": value
        for r, row in enumerate(rows, start=2)
        for c, value in zip("ABCDEFG", row, strict=True)
    }
    _check(cached, formulas, "Data", expected)
    assert cached["Data"].max_column == 7  # no other field


def test_charts_sheet_every_value(books: tuple[Any, Any]) -> None:
    # The five leading eligible vendors' top-level utilities, in ranking order.
    # Rows 1-2: the export-time stamp (top-level 20, 25, 10 of 55 -> 36%, 45%, 18%) and
    # its flag; row 3 blank; the table from row 4.
    formulas, cached = books
    expected: dict[str, object] = {
        "A1": "Computed when the workbook was exported, at these weights (top level): "
        "Language 36%, Cost 45%, Security 18%. Editing the Weights sheet does not recompute "
        "this sheet.",
        "A2": "Weights unchanged since export: this sheet is current.",
        "A4": "Top-level criterion",
    }
    for j, (name, _, _, _, u) in enumerate(ROWS[:5]):
        c = "BCDEF"[j]
        expected[f"{c}4"] = name
        expected[f"{c}5"], expected[f"{c}6"], expected[f"{c}7"] = u[0], u[3], u[4]
    expected |= {"A5": "Language", "A6": "Cost", "A7": "Security"}
    _check(cached, formulas, "Charts", expected)


def test_about_sheet_every_value(books: tuple[Any, Any]) -> None:
    formulas, cached = books
    expected = {
        "A1": "Vendor comparison: Factory criteria",
        "B3": "2025-03-04T05:06:07+00:00",
        "B5": "vendorscore export vendors -o r.xlsx",
        "B6": "Factory criteria",
        "B7": "criteria/factory.yaml",
        "B8": "weighted_sum",
        "B9": "worst",
        "B10": "USD",
        "B11": "6",
        "B12": "5",
        "B15": "security.certifications includes [pci_dss]",
        "B18": "criterion 'cost' compares derived.rate across pricing models",
        "A28": "criteria",
        "B28": "criteria/factory.yaml",
        "C28": "a" * 64,
        "A29": "vendor",
        "B29": "vendors/vendor0.yaml",
        "C29": "b" * 64,
    }
    _check(cached, formulas, "About", expected)
    assert str(cached["About"]["B4"].value).startswith("vendorscore ")


def test_no_other_sheet(books: tuple[Any, Any]) -> None:
    # The hidden "Saved result" sheet carries the run as JSON for `vendorscore diff`.
    names = ["Ranking", "Scores", "Weights", "Data", "Charts", "About", "Saved result"]
    assert books[1].sheetnames == names
    assert [books[1][n].sheet_state for n in names] == ["visible"] * 6 + ["hidden"]


def test_a_tie_on_the_weights_sheet_recomputes_to_the_same_figures() -> None:
    # The cached group utilities follow the raw weights: with english 1 and spanish 1 Acme's
    # language is (75 + 40) / 2 = 57.5 and Beta's (100 + 10) / 2 = 55 (cached on Scores D3, D4).
    from vendorscore.report.excel.workbook import write_workbook

    buf = io.BytesIO()
    ranking = make_ranking({"english": 1.0})
    write_workbook(ranking, buf, command_line="x", generated_at=WHEN)
    buf.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        ws = openpyxl.load_workbook(buf, data_only=True)["Scores"]
    names = [ws[f"A{r}"].value for r in range(3, 9)]
    language = {n: ws[f"D{r}"].value for n, r in zip(names, range(3, 9), strict=True)}
    assert language["Acme CX Cebu"] == pytest.approx(57.5)
    assert language["Beta Contact"] == pytest.approx(55.0)
    ranks = {n: ws[f"B{r}"].value for n, r in zip(names, range(3, 9), strict=True)}
    assert ranks["Beta Contact"] == ranks["Gamma Voice"]  # still tied with each other
