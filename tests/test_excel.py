"""The Excel workbook, reopened with openpyxl: sheets, values, formulas, styles and safety.

Expected numbers come from `tests/excel_factory.py` (hand-built rankings), never from scoring.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.excel_factory import INJECTION, V, default_vendors, make_ranking

from vendorscore.model.results import Ranking

openpyxl = pytest.importorskip("openpyxl")

WHEN = dt.datetime(2025, 3, 4, 5, 6, 7, tzinfo=dt.UTC)


def write(tmp_path: Path, ranking: Ranking, name: str = "report.xlsx") -> Path:
    from vendorscore.report.excel.workbook import write_workbook

    path = tmp_path / name
    with path.open("wb") as fh:
        write_workbook(
            ranking, fh, command_line="vendorscore export vendors -o report.xlsx", generated_at=WHEN
        )
    return path


def load(path: Path, *, data_only: bool = False) -> Any:
    with warnings.catch_warnings():  # openpyxl cannot read back the data-bar extension
        warnings.simplefilter("ignore", UserWarning)
        return openpyxl.load_workbook(path, data_only=data_only)


@pytest.fixture(scope="module")
def ranking() -> Ranking:
    return make_ranking()


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory, ranking: Ranking) -> Path:
    return write(tmp_path_factory.mktemp("xlsx"), ranking)


@pytest.fixture(scope="module")
def wb(book: Path) -> Any:
    return load(book)


@pytest.fixture(scope="module")
def values(book: Path) -> Any:
    return load(book, data_only=True)


def rows(ws: Any, first: int = 2) -> list[tuple[Any, ...]]:
    return [
        r for r in ws.iter_rows(min_row=first, values_only=True) if any(v is not None for v in r)
    ]


def ranking_rows(ws: Any) -> list[tuple[Any, ...]]:
    """The Ranking sheet's vendor rows: up to the blank row above the warnings and notes."""
    out = []
    for r in ws.iter_rows(min_row=2, values_only=True):
        if not any(v is not None for v in r):
            break
        out.append(r)
    return out


# ---------------------------------------------------------------- structure


def visible(wb: Any) -> list[str]:
    return [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]


def test_sheets_in_order_without_optional_analyses(wb: Any) -> None:
    assert visible(wb) == ["Ranking", "Scores", "Weights", "Data", "Charts", "About"]
    # The run as JSON for `vendorscore diff`, out of sight (and out of print).
    assert wb.sheetnames[-1] == "Saved result"
    assert wb["Saved result"].sheet_state == "hidden"


def test_staffing_sheet_appears_when_a_plan_is_attached(tmp_path: Path) -> None:
    @dataclass
    class Interval:
        start: str
        agents: int
        service_level: float

    @dataclass
    class Plan:
        monthly_cost: float
        intervals: list[Interval]

    plan = {
        "Acme CX Cebu": Plan(123456.5, [Interval("08:00", 12, 0.81), Interval("08:30", 14, 0.8)])
    }
    wb = load(write(tmp_path, make_ranking(staffing=plan)))
    assert wb.sheetnames[4] == "Staffing"
    assert str(wb["Staffing"]["A1"].value).startswith("Staffing and cost for the demand")
    got = rows(wb["Staffing"], 3)  # row 1: what the sheet is, row 2 blank
    # One row per vendor with its scalar figures, then the nested intervals as a long table.
    assert got[0][:2] == (None, "Monthly cost") and got[1][:2] == ("Acme CX Cebu", 123456.5)
    assert got[2][0] == "Intervals"
    assert got[3][:4] == (None, "Start", "Agents", "Service level")
    assert got[4][:4] == ("Acme CX Cebu", "08:00", 12, 0.81)
    assert wb["Staffing"].cell(8, 4).number_format == "0.0%"


def test_analysis_hook_excel_tables_is_rendered_as_given(tmp_path: Path) -> None:
    class Sensitivityish:
        def excel_tables(self) -> list[tuple[str, list[str], list[list[object]]]]:
            return [
                ("Rank acceptability", ["Vendor", "P(rank 1)"], [["=evil()", 0.61], ["Beta", 0.39]])
            ]

    wb = load(write(tmp_path, make_ranking(staffing=Sensitivityish())))
    ws = wb["Staffing"]
    got = rows(ws, 3)  # below the sheet's one-line preamble and a blank row
    assert got[0][0] == "Rank acceptability"
    assert got[1][:2] == ("Vendor", "P(rank 1)")
    assert got[2][:2] == ("=evil()", 0.61)
    assert ws.cell(5, 1).data_type == "s"


# ---------------------------------------------------------------- Ranking


def test_ranking_rows_in_library_order_with_cached_ranks_and_totals(
    values: Any, ranking: Ranking
) -> None:
    got = ranking_rows(values["Ranking"])
    assert [r[1] for r in got] == [v.name.replace("\x07", "\\x07") for v in ranking.vendors]
    assert [r[0] for r in got] == [v.rank for v in ranking.vendors]  # ineligible: no rank
    assert [r[4] for r in got] == pytest.approx([v.total for v in ranking.vendors], abs=1e-12)
    assert [r[5] for r in got] == pytest.approx(
        [v.completeness for v in ranking.vendors], abs=1e-12
    )
    assert [r[6] for r in got] == ["yes", "yes", "yes", "yes", "yes", "no"]


def test_tied_vendors_share_a_rank_and_the_next_rank_is_skipped(values: Any) -> None:
    ranks = [r[0] for r in ranking_rows(values["Ranking"])]
    assert ranks == [1, 2, 2, 4, 5, None]


def test_ineligible_vendor_shows_its_reason(values: Any) -> None:
    last = ranking_rows(values["Ranking"])[-1]
    assert last[1] == "Omega Outsourcing"
    assert last[7] == "security.certifications: pci_dss missing"


def test_rank_and_total_are_live_formulas(wb: Any) -> None:
    ws = wb["Ranking"]
    assert ws["A2"].value == '=IF(G2="yes",1+SUMPRODUCT(($G$2:$G$7="yes")*($E$2:$E$7>E2+1e-09)),"")'
    assert ws["E2"].value == "=Scores!C3"
    assert ws["E7"].value == "=Scores!C8"


def test_completeness_is_live_only_where_data_is_missing(wb: Any) -> None:
    ws = wb["Ranking"]
    assert ws["F2"].value == 1  # Acme: nothing missing
    # The injection-named vendor (row 6) misses spanish_agents (row 4) and breaches (row 8).
    assert ws["F6"].value == "=MAX(0,1-SUM(Weights!$F$4,Weights!$F$8))"


def test_ranking_sheet_layout(wb: Any) -> None:
    ws = wb["Ranking"]
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == "A1:I7"
    assert ws["A1"].font.bold and ws["A1"].fill.fgColor.rgb.endswith("1F4E78")
    assert ws["E2"].number_format == "0.00"
    assert ws["F3"].number_format == "0%"
    assert ws.column_dimensions["B"].width >= len("Omega Outsourcing")


def test_total_has_a_data_bar_from_0_to_100(book: Path) -> None:
    xml = zipfile.ZipFile(book).read("xl/worksheets/sheet1.xml").decode()
    assert '<conditionalFormatting sqref="E2:E7">' in xml
    # Issue 13: a plain data bar fades to white, so 85 and 53 looked alike. The fixed 0-100 scale
    # runs from no bar to the whole cell (minLength 0, maxLength 100), and the Excel 2010 rule
    # linked to it by id draws the bar solid (gradient="0").
    assert '<dataBar minLength="0" maxLength="100">' in xml
    assert '<cfvo type="num" val="0" /><cfvo type="num" val="100" />' in xml
    link = re.search(r"<x14:id>(\{[-0-9A-F]+\})</x14:id>", xml)
    assert link is not None
    ext = xml[xml.index("<x14:conditionalFormattings>") :]
    assert f'<x14:cfRule type="dataBar" id="{link.group(1)}">' in ext
    assert '<x14:dataBar minLength="0" maxLength="100" gradient="0">' in ext
    assert '<xm:f>0</xm:f></x14:cfvo><x14:cfvo type="num"><xm:f>100</xm:f>' in ext
    assert "<xm:sqref>E2:E7</xm:sqref>" in ext and xml.endswith("</extLst></worksheet>")


# ---------------------------------------------------------------- Weights


def test_weights_raw_inputs_and_formulas(wb: Any, values: Any, ranking: Ranking) -> None:
    ws, cached = wb["Weights"], values["Weights"]
    for i, c in enumerate(ranking.criteria, start=2):
        assert ws.cell(i, 2).value == c.id
        assert ws.cell(i, 4).value == c.weight
        assert ws.cell(i, 4).style == "Input"
        assert ws.cell(i, 5).value.startswith("=IF(SUM(")
        assert cached.cell(i, 5).value == pytest.approx(c.local_weight, abs=1e-15)
        assert cached.cell(i, 6).value == pytest.approx(c.global_weight, abs=1e-15)
    # language (row 2) has top-level siblings cost (5) and security (6).
    assert ws["E2"].value == "=IF(SUM(D2,D5:D6)>0,D2/SUM(D2,D5:D6),0)"
    assert ws["F3"].value == "=E3*F2"  # english: local x parent's effective weight
    assert ws["F5"].value == "=E5"


def test_weights_refuse_negative_input(wb: Any) -> None:
    (dv,) = wb["Weights"].data_validations.dataValidation
    assert dv.type == "decimal" and dv.operator == "greaterThanOrEqual" and dv.formula1 == "0"
    assert str(dv.sqref) == "D2:D8"


# ---------------------------------------------------------------- Scores


def test_scores_leaf_values_group_formulas_and_cached_utilities(
    wb: Any, values: Any, ranking: Ranking
) -> None:
    ws, cached = wb["Scores"], values["Scores"]
    header = [c.value for c in ws[2]]
    assert header[:3] == ["Vendor", "Rank", "Total"]
    assert header[3:] == [c.label for c in ranking.criteria]  # pre-order: groups before leaves
    for i, v in enumerate(ranking.vendors, start=3):
        assert cached.cell(i, 3).value == pytest.approx(v.total, abs=1e-12)
        for j, c in enumerate(ranking.criteria, start=4):
            u = v.scores[c.id]
            got = cached.cell(i, j).value
            if u is None:
                assert got in (None, "", "excluded")
            else:
                assert got == pytest.approx(u, abs=1e-12)
            if not c.is_leaf:
                assert ws.cell(i, j).value.startswith("=IF((Weights!$E$")


def test_excluded_leaf_is_text_not_zero(wb: Any) -> None:
    ws = wb["Scores"]
    row = 7  # the injection-named vendor: spanish_agents and breaches excluded
    assert ws.cell(row, 6).value == "excluded"
    assert ws.cell(row, 10).value == "excluded"
    assert ws.cell(row, 6).font.italic


def test_group_formula_renormalises_over_present_children(wb: Any) -> None:
    f = wb["Scores"]["D3"].value  # language for Acme: english (E) and spanish_agents (F)
    assert f == (
        "=IF((Weights!$E$3*ISNUMBER(E3)+Weights!$E$4*ISNUMBER(F3))>0,"
        '(Weights!$E$3*N(E3)+Weights!$E$4*N(F3))/(Weights!$E$3*ISNUMBER(E3)+Weights!$E$4*ISNUMBER(F3)),"")'
    )


def test_scores_colour_scale_and_weights_row(wb: Any, book: Path) -> None:
    ws = wb["Scores"]
    assert ws.freeze_panes == "D3"
    assert ws["D1"].value == "=Weights!$F$2"
    xml = zipfile.ZipFile(book).read("xl/worksheets/sheet2.xml").decode()
    assert '<conditionalFormatting sqref="D3:J8">' in xml and "<colorScale>" in xml


def test_every_formula_cell_has_a_cached_value(book: Path) -> None:
    with zipfile.ZipFile(book) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = z.read(name).decode()
                for attrs, value in re.findall(
                    r"<c ([^>]*)><f>[^<]*</f>(?:<v />|<v>([^<]*)</v>)", xml
                ):
                    # Only a text result may be empty (the blank rank of an ineligible vendor).
                    assert value != "" or 't="str"' in attrs, (name, attrs)


# ---------------------------------------------------------------- Data


def test_data_shows_raw_values_sources_and_missing(wb: Any, ranking: Ranking) -> None:
    ws = wb["Data"]
    header = [c.value for c in ws[1]]
    assert header[:2] == ["Vendor", "Source file"]
    assert header[2] == "languages.\nen-US.\nproficiency"
    acme = rows(ws)[0]
    assert acme[:7] == (
        "Acme CX Cebu",
        "vendors/vendor0.yaml",
        "near_native",
        40,
        12.5,
        "pci_dss, soc2_type2",
        0,
    )
    delta = rows(ws)[3]
    assert delta[5] == "missing" and ws.cell(5, 6).font.italic  # certifications missing, not 0


# ---------------------------------------------------------------- safety


def _all_cells(wb: Any) -> list[Any]:
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def test_vendor_text_is_never_a_formula(wb: Any) -> None:
    for cell in _all_cells(wb):
        if cell.data_type == "f":
            text = str(cell.value)
            assert "HYPERLINK" not in text and "cmd" not in text and "SUM(1+1)" not in text
    ws = wb["Ranking"]
    name = ws["B6"]
    assert name.value == INJECTION and name.data_type == "s" and name.quotePrefix
    hq = ws["D6"]
    assert hq.value == "@SUM(1+1)" and hq.data_type == "s" and hq.quotePrefix
    assert ws["D5"].value == "-1+2" and ws["D5"].data_type == "s"


def test_formula_lookalike_raw_values_stay_text(wb: Any) -> None:
    ws = wb["Data"]
    cells = [c for c in ws[6] if c.value == "+cmd|' /C calc'!A0"]
    assert cells and cells[0].data_type == "s"


def test_no_hyperlinks_anywhere(wb: Any, book: Path) -> None:
    for ws in wb.worksheets:
        assert not ws._hyperlinks
    assert all(c.hyperlink is None for c in _all_cells(wb))
    with zipfile.ZipFile(book) as z:
        for name in z.namelist():
            xml = z.read(name).decode("utf-8", "replace")
            assert "<hyperlink" not in xml and "relationships/hyperlink" not in xml


def test_illegal_xml_characters_are_shown_as_escapes(tmp_path: Path) -> None:
    vendors = default_vendors()[:1]
    vendors[0] = V("Bad\x00\x01\x0b\ufffe\ud800Name", vendors[0].utilities, vendors[0].raw)
    wb = load(write(tmp_path, make_ranking(vendors=vendors)))
    assert wb["Ranking"]["B2"].value == "Bad\\x00\\x01\\x0b\\ufffe\\ud800Name"


def test_overlong_text_is_cut_to_excels_cell_limit(tmp_path: Path) -> None:
    vendors = default_vendors()[:1]
    vendors[0] = V(
        vendors[0].name, vendors[0].utilities, {**vendors[0].raw, "derived.rate": "x" * 40_000}
    )
    wb = load(write(tmp_path, make_ranking(vendors=vendors)))
    texts = [
        c.value for c in wb["Data"][2] if isinstance(c.value, str) and c.value.startswith("xxx")
    ]
    assert len(texts[0]) == 32_767 and texts[0].endswith("…")


# ---------------------------------------------------------------- Charts and About


def test_charts_are_labelled(wb: Any) -> None:
    charts = wb["Charts"]._charts
    assert [type(c).__name__ for c in charts] == ["BarChart", "BarChart"]
    titles = ["".join(r.t for p in c.title.tx.rich.p for r in (p.r or [])) for c in charts]
    assert titles[0] == "Total score, top 5 (0-100)"
    assert titles[1].startswith("Top-level criteria, leading 5 vendors")
    assert charts[0].y_axis.title is not None and charts[1].x_axis.title is not None


def test_chart_table_follows_scores(wb: Any, values: Any, ranking: Ranking) -> None:
    ws = wb["Charts"]  # rows 1-2: the export-time stamp, row 3 blank, row 4 the header
    assert ws["B5"].value == "=Scores!D3"
    assert values["Charts"]["B5"].value == pytest.approx(ranking.vendors[0].scores["language"])


def test_about_records_provenance(values: Any) -> None:
    got = {r[0]: r[1] for r in rows(values["About"], 1) if r[0] and r[1]}
    assert got["Generated"] == "2025-03-04T05:06:07+00:00"
    assert got["Command line"] == "vendorscore export vendors -o report.xlsx"
    assert got["Method"] == "weighted_sum"
    assert got["Missing-data policy"] == "worst"
    assert got["criteria"] == "criteria/factory.yaml"
    assert got["vendor"] == "vendors/vendor0.yaml"
    cells = [v for r in rows(values["About"], 1) for v in r]
    assert "a" * 64 in cells and "b" * 64 in cells


def test_document_properties_use_the_given_time(wb: Any) -> None:
    assert wb.properties.created == dt.datetime(2025, 3, 4, 5, 6, 7)
    assert wb.properties.creator.startswith("vendorscore ")


def test_empty_ranking_still_writes_a_valid_workbook(tmp_path: Path) -> None:
    wb = load(write(tmp_path, make_ranking(vendors=[])))
    assert visible(wb) == ["Ranking", "Scores", "Weights", "Data", "Charts", "About"]
    assert ranking_rows(wb["Ranking"]) == []
