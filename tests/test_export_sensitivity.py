"""The exported workbook carries the robustness analysis (issue 4, sheet 6)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from vendorscore.cli import app
from vendorscore.inputs.loading import load_criteria, load_vendors
from vendorscore.scoring.pipeline import score
from vendorscore.testing import leaf, make_criteria, make_vendor

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    out = tmp_path_factory.mktemp("wb") / "report.xlsx"
    result = CliRunner().invoke(
        app, ["export", str(ROOT / "samples" / "vendors"), "-o", str(out), "--samples", "2000"]
    )
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(out)


def _table(ws, title: str) -> list[tuple]:
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] is not None and str(r[0]).startswith(title))
    out = []
    for row in rows[start + 2 :]:
        if row[0] is None:
            break
        out.append(row)
    return out


def test_close_call_names_the_library_winner(workbook) -> None:
    ranking = score(load_vendors([ROOT / "samples" / "vendors"]), load_criteria("default"))
    ((winner, runner_up, gap, verdict, _),) = [
        r[:5] for r in _table(workbook["Sensitivity"], "Close call")
    ]
    assert (winner, runner_up) == (ranking.eligible[0].name, ranking.eligible[1].name)
    assert gap == pytest.approx(ranking.eligible[0].total - ranking.eligible[1].total)
    # By hand (tests/test_cli_sensitivity.cost_flip): cost's top-level weight from 0.17 to
    # 0.3622 (raw 17 -> 47.1, the others weigh 83) lets the runner-up catch up, a change of 19.2
    # points of the total weight: over 5, so clear.
    from tests.test_cli_sensitivity import cost_flip

    _, w, change = cost_flip()
    assert change > 0.05
    assert verdict == "clear winner"
    flip_text = next(r[4] for r in _table(workbook["Sensitivity"], "Close call"))
    assert (
        flip_text
        == f"cost: raw weight 17 -> {w * 83 / (1 - w):.3g}"
        == "cost: raw weight 17 -> 47.1"
    )


def test_rank_acceptabilities_are_shares_summing_to_one(workbook) -> None:
    rows = _table(workbook["Sensitivity"], "Rank acceptability")
    assert len(rows) == 13  # the eligible sample vendors
    for row in rows:
        shares = [x for x in row[2:] if x is not None]
        assert sum(shares) == pytest.approx(1.0)


def test_export_with_no_samples_still_has_stability_but_no_smaa(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    result = CliRunner().invoke(
        app, ["export", str(ROOT / "samples" / "vendors"), "-o", str(out), "--samples", "0"]
    )
    assert result.exit_code == 0, result.output
    titles = [r[0] for r in openpyxl.load_workbook(out)["Sensitivity"].iter_rows(values_only=True)]
    assert "Close call" in titles
    assert not any(str(t).startswith("Rank acceptability") for t in titles if t)


def test_more_than_100_ranked_vendors_get_a_warning_instead_of_the_analysis() -> None:
    from vendorscore.cli.export_cmd import with_sensitivity

    scale = {"linear": {"worst": 0, "best": 1}}
    criteria = make_criteria(
        [leaf("fcr", "scorecard.fcr", scale), leaf("csat", "scorecard.csat", scale)]
    )
    vendors = [
        make_vendor(name=f"V{i:03d}", scorecard={"fcr": i / 101, "csat": 1 - i / 101})
        for i in range(101)
    ]
    ranking = with_sensitivity(score(vendors, criteria), samples=100, seed=0)
    assert ranking.sensitivity is None
    assert ranking.warnings[-1] == (
        "no Sensitivity sheet: 101 ranked vendors is more than 100; "
        "run `vendorscore sensitivity` on a shortlist"
    )


def test_a_topsis_workbook_says_its_live_formulas_are_a_weighted_sum(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    result = CliRunner().invoke(
        app,
        ["export", str(ROOT / "samples" / "vendors"), "--method", "topsis", "-o", str(out),
         "--samples", "0"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    about = [c for r in wb["About"].iter_rows(values_only=True) for c in r if isinstance(c, str)]
    assert any(text.startswith("Method TOPSIS: the totals shown are TOPSIS") for text in about)
