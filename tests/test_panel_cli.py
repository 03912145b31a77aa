"""`vendorscore panel` and `--ratings`: exit codes, exact located messages, untrusted text.

Every expected `LINE:COL` was counted by hand on the YAML the test writes (1-based, the key or
value at fault).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vendorscore.cli import app

ROOT = Path(__file__).resolve().parents[1]
VENDORS = ROOT / "samples" / "vendors"
CRITERIA = ROOT / "samples" / "panel" / "criteria.yaml"
RATINGS = ROOT / "samples" / "panel" / "ratings"


def _invoke(*args: object):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, [str(a) for a in args])


def _panel(folder: Path):  # type: ignore[no-untyped-def]
    return _invoke("panel", VENDORS, "-c", CRITERIA, "--ratings", folder)


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_bad_rating_is_reported_at_once_located_with_exit_2(tmp_path: Path) -> None:
    folder = tmp_path / "panel"
    a = _write(
        folder,
        "a.yaml",
        "evaluator: Dana Whitfield\n"
        "role: operations\n"
        "date: 2026-11-19\n"
        "conflicts:\n"
        "  - vendor: Quetzal Contact Guatemala\n"
        "ratings:\n"
        "  Quetzal Contact Guatemala: {culture_fit: 3}\n"
        "  Prairie Voice Omaa: {culture_fit: 4}\n"
        "  Summit Home Agents: {culture_fit: 7, culture_fitt: 3}\n"
        "  Liffey Home Agents: {trial_calls: {rating: 2.5, comment: ok}, english: 3}\n",
    )
    b = _write(
        folder,
        "b.yaml",
        "evaluator: dana  whitfield\nrole: quality\ndate: 2026-11-20\n"
        "ratings:\n  Prairie Voice Omaha: {culture_fit: 5}\n",
    )
    c = _write(
        folder,
        "c.yaml",
        "evaluator: Marcus Oyelaran\nrole: procurement\ndate: 2026-11-18\nratings:\n"
        "  Liffey Home Agents: {trial_calls: 4}\n"
        "  prairie voice omaha: {culture_fit: 4}\n"
        "  Prairie Voice Omaha: {culture_fit: 4}\n",
    )
    result = _panel(folder)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{a}:7:3: 'Dana Whitfield' declared a conflict of interest with 'Quetzal Contact "
        "Guatemala' (line 5) and so cannot rate it; remove these ratings or the declaration",
        f"{a}:8:3: no vendor named 'Prairie Voice Omaa' in this run; did you mean "
        "'Prairie Voice Omaha'?",
        f"{a}:9:37: rating 7 for 'culture_fit' is outside its rubric: levels 1, 2, 3, 4, 5",
        f"{a}:9:40: 'culture_fitt' is not a rated criterion of this criteria set; did you mean "
        "'culture_fit'?",
        f"{a}:10:46: rating 2.5 for 'trial_calls' is outside its rubric: levels 1, 2, 3, 4, 5",
        f"{a}:10:65: 'english' is scored from the vendor's profile, not rated by the panel; "
        "rated criteria: culture_fit, trial_calls, reference_calls",
        f"{b}:1:12: evaluator 'dana  whitfield' already has a file ({a}); one file per evaluator",
        f"{c}:5:24: role 'procurement' may not rate 'trial_calls' (its rubric allows: quality, "
        "operations)",
        f"{c}:7:3: vendor 'Prairie Voice Omaha' is rated twice (also as 'prairie voice omaha')",
    ]


def test_a_look_alike_vendor_name_is_refused_not_matched(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "panel",
        "a.yaml",
        "evaluator: Ann\nrole: quality\ndate: 2026-11-19\nconflicts:\n"
        "  - vendor: Prairie Voice \u041emaha\n",  # Cyrillic O
    )
    result = _panel(tmp_path / "panel")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{path}:5:13: vendor 'Prairie Voice \u041emaha' looks like 'Prairie Voice Omaha' but "
        "differs in look-alike letters; write the name as in its profile"
    ]


def test_a_bad_rubric_in_the_criteria_file_is_located(tmp_path: Path) -> None:
    text = CRITERIA.read_text(encoding="utf-8").replace(
        '            5: "Indistinguishable', '            7: "Indistinguishable'
    )
    path = _write(tmp_path, "criteria.yaml", text)
    line = text.splitlines().index("        rated:") + 2  # the `levels:` key under it
    result = _invoke("panel", VENDORS, "-c", path, "--ratings", RATINGS)
    assert result.exit_code == 2
    # culture_fit is the first leaf of the second top-level group; its `levels:` at column 11.
    assert result.stderr.splitlines() == [
        f"{path}:{line}:11: criteria.1.criteria.0.rated: rubric levels must be consecutive "
        "whole numbers (e.g. 1 to 5)"
    ]


def test_panel_on_the_samples_shows_disagreements_with_comments_and_leave_one_out() -> None:
    result = _panel(RATINGS)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "Disagreement: Harborline Contact Manila on Culture fit (panel, 1-5)" in text
    assert "Two of my five trial calls got our refund policy wrong." in text
    assert "Krippendorff's alpha, ordinal metric" in text
    assert "conflict of interest: Dana Whitfield does not rate Quetzal Contact Guatemala" in text
    assert "stays the same whoever is left out" in text


def test_json_carries_the_panel() -> None:
    result = _invoke("rank", VENDORS, "-c", CRITERIA, "--ratings", RATINGS, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    panel = data["panel"]
    assert panel["winners"] == ["Prairie Voice Omaha"]
    assert [a["criterion"] for a in panel["agreement"]] == [
        "culture_fit",
        "trial_calls",
        "reference_calls",
    ]
    harbor = next(
        c
        for c in panel["cells"]
        if c["vendor"] == "Harborline Contact Manila" and c["criterion"] == "culture_fit"
    )
    assert [r["rating"] for r in harbor["ratings"]] == [4, 3, 4, 2, 3]
    assert harbor["consensus"] == 3 and harbor["range"] == 2 and harbor["disagreement"]
    kinds = {i["kind"] for i in data["inputs"]}
    assert "ratings" in kinds


def test_rank_without_ratings_has_no_panel_key() -> None:
    result = _invoke("rank", VENDORS, "--format", "json")
    assert result.exit_code == 0
    assert "panel" not in json.loads(result.stdout)


def test_evaluator_text_is_escaped_in_every_output(tmp_path: Path) -> None:
    folder = tmp_path / "panel"
    for name in RATINGS.iterdir():
        _write(folder, name.name, name.read_text(encoding="utf-8"))
    # In YAML double quotes, \\x1b is the escape character itself (raw ones are refused).
    hostile = '=HYPERLINK(\\"http://x\\")\\x1b[31m [bold]red[/bold]'
    text = (folder / "priya-raman.yaml").read_text(encoding="utf-8")
    text = text.replace("Two of my five trial calls got our refund policy wrong.", hostile)
    (folder / "priya-raman.yaml").write_text(text, encoding="utf-8")
    table = _panel(folder)
    assert table.exit_code == 0, table.stderr
    assert "\x1b" not in table.stdout and "[bold]red[/bold]" in table.stdout
    csv_out = _invoke("panel", VENDORS, "-c", CRITERIA, "-r", folder, "-f", "csv")
    assert "\x1b" not in csv_out.stdout
    assert "Priya Raman: =HYPERLINK" in csv_out.stdout  # inside a cell that starts otherwise
    md = _invoke("panel", VENDORS, "-c", CRITERIA, "-r", folder, "-f", "markdown")
    assert "\\[bold\\]red\\[/bold\\]" in md.stdout and "\x1b" not in md.stdout


def test_explain_shows_the_vendors_ratings_and_comments() -> None:
    result = _invoke(
        "explain", "Kaveri BPO Hyderabad", VENDORS, "-c", CRITERIA, "--ratings", RATINGS
    )
    assert result.exit_code == 0, result.stderr
    assert "Accurate, calm and well documented on all four of my calls." in result.stdout
    assert "panel disagrees" in result.stdout


@pytest.mark.parametrize("command", ["sensitivity"])
def test_sensitivity_accepts_ratings(command: str) -> None:
    result = _invoke(
        command, VENDORS, "-c", CRITERIA, "--ratings", RATINGS, "--samples", "200", "-f", "json"
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)


def test_rank_without_ratings_loads_no_panel_module() -> None:
    """`rank` without `--ratings` imports exactly what it did before panels existed."""
    code = (
        "import sys; from vendorscore.cli import main; sys.argv = ['vendorscore', 'rank', "
        f"{str(VENDORS)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "new = sorted(m for m in sys.modules if m.startswith('vendorscore.') and any("
        "p in m for p in ('panel', 'ratings', 'consensus', 'agreement')))\n"
        "sys.stderr.write('NEW=' + ','.join(new))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True
    )
    # Not even the `panel` command's module: `main` loads only the command it runs.
    assert result.stderr.rsplit("NEW=", 1)[1].strip() == ""


def test_workbook_has_a_panel_sheet_with_untrusted_text_as_text(tmp_path: Path) -> None:
    import openpyxl

    folder = tmp_path / "panel"
    for name in RATINGS.iterdir():
        _write(folder, name.name, name.read_text(encoding="utf-8"))
    text = (folder / "sofia-brandt.yaml").read_text(encoding="utf-8")
    (folder / "sofia-brandt.yaml").write_text(
        text.replace("evaluator: Sofia Brandt", "evaluator: '=1+1'"), encoding="utf-8"
    )
    out = tmp_path / "panel.xlsx"
    result = _invoke("export", VENDORS, "-c", CRITERIA, "-r", folder, "-o", out, "--samples", "0")
    assert result.exit_code == 0, result.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames.index("Panel") == wb.sheetnames.index("Data") + 1
    rows = [list(r) for r in wb["Panel"].iter_rows()]
    header = next(r for r in rows if r[0].value == "Criterion" and r[1].value == "Vendor")
    names = [c.value for c in header[6:11]]
    assert names == ["Dana Whitfield", "Kenji Aoyama", "Marcus Oyelaran", "Priya Raman", "=1+1"]
    assert header[10].data_type == "s"  # a header cell of text, never a formula
    harbor = next(
        r for r in rows if r[0].value == "culture_fit" and r[1].value == "Harborline Contact Manila"
    )
    assert [c.value for c in harbor[2:11]] == [3, 2, 5, "DISAGREE", 4, 3, 4, 2, 3]
    assert "Twenty recorded calls" in harbor[12].value
    quetzal = next(
        r for r in rows if r[0].value == "culture_fit" and r[1].value == "Quetzal Contact Guatemala"
    )
    assert quetzal[6].value == "conflict"


def test_readme_panel_excerpts_are_a_real_run() -> None:
    """Every line of the README's `vendorscore panel` excerpt is in that command's output at
    COLUMNS=80, in the same order (the README may skip lines, marked `...`)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("$ vendorscore panel samples/vendors -c samples/panel/criteria.yaml")
    block = readme[readme.index("\n", start) + 1 : readme.index("```", start)]
    shown = [line for line in block.splitlines() if line and line != "..."]
    assert len(shown) > 40  # the agreement, disagreement, bias and leave-one-out tables
    result = CliRunner().invoke(
        app,
        ["panel", str(VENDORS), "-c", str(CRITERIA), "--ratings", str(RATINGS)],
        env={"COLUMNS": "80"},
    )
    assert result.exit_code == 0, result.stderr
    lines = iter(line.rstrip() for line in result.stdout.splitlines())
    for line in shown:
        assert any(got == line for got in lines), line


def test_ratings_with_a_criteria_set_that_rates_nothing_is_a_user_error() -> None:
    from vendorscore.inputs.loading import bundled_criteria

    result = _invoke("panel", VENDORS, "--ratings", RATINGS)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{bundled_criteria()['default']}: this criteria set has no rated criteria, so there is "
        "nothing to rate; give a leaf a `rated:` rubric (see samples/panel/criteria.yaml)\n"
    )
