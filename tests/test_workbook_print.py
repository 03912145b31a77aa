"""The samples' workbook as a steering committee prints it (issue 13).

Every sheet prints landscape, one page wide, its header rows repeated and panes frozen; no header
is cut (each column is at least as wide as the longest word of its header, and a wrapped header
row is tall enough for its lines); LibreOffice renders the workbook to PDF and the pages per
sheet are counted from the page header (the sheet's name, `&A`). Before issue 13 the same
export printed Ranking 1, Scores 2, Weights 1, Data 3, Staffing 4, Sensitivity 4, Charts 2,
About 2 pages (19 in all), with vendor names and their figures on different pages.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import warnings
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import ROOT, SAMPLES
from typer.testing import CliRunner

from vendorscore.cli import app
from vendorscore.report.excel.stamp import WEIGHTS_CHANGED, WEIGHTS_SAME

openpyxl = pytest.importorskip("openpyxl")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
HEADER_FILLS = {"001F4E78", "00D9E1F2"}  # the header and group-header styles (cells.Styles)
LINE_POINTS = 15.0


def load(path: Path, **kw: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return openpyxl.load_workbook(path, **kw)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`vendorscore export samples/vendors --demand samples/demand.yaml`, as the README shows."""
    out = tmp_path_factory.mktemp("print") / "report.xlsx"
    demand = ROOT / "samples" / "demand.yaml"
    args = ["export", str(SAMPLES), "--demand", str(demand), "-o", str(out), "--samples", "2000"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def wb(book: Path) -> Any:
    return load(book)


def visible(wb: Any) -> list[Any]:
    return [ws for ws in wb.worksheets if ws.sheet_state == "visible"]


def test_every_sheet_prints_landscape_one_page_wide_with_repeated_headers(wb: Any) -> None:
    names = [ws.title for ws in visible(wb)]
    assert names == [
        "Ranking", "Scores", "Weights", "Data", "Staffing", "Sensitivity", "Charts", "About",
    ]  # fmt: skip
    for ws in visible(wb):
        setup = ws.page_setup
        assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.print_title_rows, f"{ws.title}: no header rows repeated on each page"
        assert ws.freeze_panes, f"{ws.title}: no frozen panes"
        assert ws.oddHeader.left.text == "&A" and ws.oddFooter.right.text == "Page &P of &N"


def _lines(text: str, width: float) -> int:
    """Greedy word wrap, as a spreadsheet draws a wrapped cell (1 unit of padding)."""
    room, lines = width - 1, 0
    for part in text.split("\n"):
        used, lines = 0, lines + 1
        for word in part.split():
            if used and used + 1 + len(word) > room:
                lines, used = lines + 1, 0
            used += (1 if used else 0) + len(word)
    return lines


def test_no_header_is_cut(wb: Any) -> None:
    for ws in visible(wb):
        for row in ws.iter_rows():
            for cell in row:
                fill = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type else None
                if fill not in HEADER_FILLS or not isinstance(cell.value, str):
                    continue
                width = ws.column_dimensions[cell.column_letter].width
                longest = max(len(w) for w in re.split(r"[\s]+", cell.value) if w)
                where = f"{ws.title}!{cell.coordinate} {cell.value!r}"
                assert width >= longest + 1, f"{where}: column {width} wide"
                lines = _lines(cell.value, width)
                if lines > 1:
                    assert cell.alignment.wrap_text, where
                    height = ws.row_dimensions[cell.row].height
                    assert height is not None and height >= LINE_POINTS * lines, (where, height)


def test_long_text_wraps_whole_in_a_tall_enough_row(wb: Any) -> None:
    # Before: "Summit Home Agents passes Prairie Voice Omaha a..." cut at 40 characters.
    ws = wb["Sensitivity"]
    long = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    overtakes = [c for c in long if " passes " in c.value]
    assert overtakes
    for cell in overtakes:
        width = ws.column_dimensions[cell.column_letter].width
        assert cell.alignment.wrap_text
        lines = _lines(cell.value, width)
        assert (ws.row_dimensions[cell.row].height or LINE_POINTS) >= LINE_POINTS * lines


def test_text_in_a_number_column_lines_up_with_the_numbers(wb: Any) -> None:
    ws = wb["Sensitivity"]
    no_limit = [c for row in ws.iter_rows() for c in row if c.value == "no limit"]
    assert no_limit and {c.alignment.horizontal for c in no_limit} == {"right"}


def test_staffing_headers_in_words_feasible_yes_no_cheapest_first(wb: Any, book: Path) -> None:
    values = load(book, data_only=True)["Staffing"]
    rows = list(values.iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r[0] == "Vendor")
    header = rows[header_at]
    assert header[:4] == ("Vendor", "Monthly cost (USD)", "Cost per call (USD)", "Feasible")
    words = {h for r in rows for h in r if isinstance(h, str)}
    assert not words & {"Sl target", "Aht seconds", "Billable fte", "True", "False"}
    assert {"Service level target", "Handle time (seconds)", "Billable FTE"} <= words
    vendors = []
    for r in rows[header_at + 1 :]:
        if not r[0]:
            break
        vendors.append(r)
    assert len(vendors) == 14
    costs = [r[1] for r in vendors]
    assert costs == sorted(costs)  # cheapest first, not alphabetical
    assert vendors[0][0] == "Sarana Global Services Pune"
    # Caribe (70 programme lines) and Keystone (64) miss the blocking cap at the Monday peak.
    feasible = {r[0]: r[3] for r in vendors}
    assert {n for n, f in feasible.items() if f == "no"} == {
        "Caribe Connect Santo Domingo",
        "Keystone Contact Solutions Scranton",
    }
    assert set(feasible.values()) == {"yes", "no"}


def test_static_sheets_say_what_weights_they_were_computed_at(book: Path) -> None:
    wb = load(book)
    values = load(book, data_only=True)
    for title in ("Sensitivity", "Charts"):
        stamp, flag = wb[title]["A1"].value, wb[title]["A2"].value
        assert stamp.startswith("Computed when the workbook was exported, at these weights")
        # The samples' default criteria: top-level weights 15, 10, 15, 15, 8, 17, 20 (sum 100).
        assert "Cost 17%" in stamp and "Scorecard 20%" in stamp, stamp
        assert flag.startswith("=IF(SUMPRODUCT(ABS(Weights!$D$2:$D$") and WEIGHTS_CHANGED in flag
        assert values[title]["A2"].value == WEIGHTS_SAME
        # Red only for the edited message: spreadsheets compare text ignoring case, so the rule
        # must tell "WEIGHTS EDITED" from "Weights unchanged" with EXACT.
        rules = [r for cf in wb[title].conditional_formatting for r in cf.rules]
        assert [r.formula for r in rules if r.type == "expression"] == [
            ['EXACT(LEFT(A2,7),"WEIGHTS")']
        ]
        assert wb[title].print_title_rows == "$1:$2"


def test_the_leaders_chart_keeps_a_tie_at_the_last_place_whole(wb: Any, book: Path) -> None:
    # Without a demand the samples tie Lempira and Quetzal at rank 4: "leading 4" showing one
    # must show both.
    from vendorscore import rank
    from vendorscore.report.excel.charts import _ties_whole

    live = rank(ROOT / "samples" / "vendors")
    eligible = [i for i, v in enumerate(live.vendors) if v.eligible]
    four = [live.vendors[i].name for i in _ties_whole(live, eligible, 4)]
    assert [live.vendors[i].rank for i in _ties_whole(live, eligible, 4)] == [1, 2, 3, 4, 4]
    assert set(four[3:]) == {"Lempira Contact San Pedro Sula", "Quetzal Contact Guatemala"}
    # The exported sheet (with the demand: no tie) compares the five leaders, in rank order.
    ranking = load(book, data_only=True)["Ranking"]
    by_rank = sorted(
        (r[0], r[1]) for r in ranking.iter_rows(min_row=2, values_only=True) if r[1] and r[0]
    )
    ws = wb["Charts"]
    header = [c.value for c in ws[4] if c.value]
    assert header[0] == "Top-level criterion"
    assert header[1:] == [name for _, name in by_rank[:5]]
    title = ws._charts[1].title.tx.rich.p[0].r[0].t
    assert title.startswith("Top-level criteria, leading 5 vendors")


# ---------------------------------------------------------------- rendered by LibreOffice


def _pdf(book: Path, out: Path, profile: Path | None = None) -> Path:
    cmd = [str(SOFFICE), "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(out)]
    if profile is not None:
        cmd.insert(1, f"-env:UserInstallation={profile.as_uri()}")
    done = subprocess.run(
        [*cmd, str(book)], capture_output=True, text=True, timeout=300, check=False
    )
    pdf = out / (book.stem + ".pdf")
    assert pdf.exists(), done.stderr
    return pdf


def pages_per_sheet(pdf: Path) -> dict[str, int]:
    """Pages per sheet, read from each page's header (the sheet's name, first line)."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    counts: dict[str, int] = {}
    pages = text.split("\f")
    for page in pages:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if lines:
            counts[lines[0]] = counts.get(lines[0], 0) + 1
    footers = {int(m.group(2)) for m in re.finditer(r"Page (\d+) of (\d+)", text)}
    assert footers == {sum(counts.values())}  # every page numbered, out of the whole print
    return counts


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not on PATH")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) is missing")
def test_printed_pages_per_sheet(book: Path, tmp_path: Path) -> None:
    counts = pages_per_sheet(_pdf(book, tmp_path))
    # Charts: the totals on one page, the leaders compared on the next (a page break).
    # Staffing: the vendors in three parts, the contract cost and the intervals (issues 11, 12);
    # About: the run, its warnings and exchange rates, then the input files' hashes.
    assert counts == {
        "Ranking": 1, "Scores": 1, "Weights": 1, "Data": 1,
        "Staffing": 3, "Sensitivity": 1, "Charts": 2, "About": 2,
    }  # fmt: skip


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not on PATH")
def test_the_flag_turns_when_a_weight_is_edited(book: Path, tmp_path: Path) -> None:
    from tests.test_libreoffice import _RECALC_ALWAYS

    profile = tmp_path / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_RECALC_ALWAYS)
    wb = load(book)
    wb["Weights"]["D2"].value = wb["Weights"]["D2"].value + 5
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    for path, want in ((book, WEIGHTS_SAME), (edited, WEIGHTS_CHANGED)):
        out = tmp_path / f"out-{path.stem}"
        out.mkdir()
        cmd = [
            str(SOFFICE), f"-env:UserInstallation={profile.as_uri()}", "--headless",
            "--norestore", "--convert-to", "xlsx", "--outdir", str(out), str(path),
        ]  # fmt: skip
        subprocess.run(cmd, capture_output=True, timeout=300, check=False)
        got = load(out / path.name, data_only=True)
        assert got["Sensitivity"]["A2"].value == want
        assert got["Charts"]["A2"].value == want
