"""One place per extension point (issue 17): derived fields, scoring methods, the tree roll-up,
workbook columns, command registration, one-line messages, and staffing that raises."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
import typer
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from vendorscore.cli import app
from vendorscore.cli._app import GuardedTyper
from vendorscore.errors import ScoringError, VendorScoreError
from vendorscore.model.demand import Demand, DemandProfile
from vendorscore.report.excel.cells import Columns
from vendorscore.report.excel.sheets import (
    R_ELIGIBLE,
    R_RANK,
    R_TOTAL,
    RANKING_COLUMNS,
    S_TOTAL_COL,
    SCORES_COLUMNS,
    W_GLOBAL,
    W_LOCAL,
    W_RAW,
    WEIGHTS_COLUMNS,
)
from vendorscore.report.safe import safe_line
from vendorscore.scoring import fields
from vendorscore.scoring.derived import DERIVED_FIELDS, DerivedField, Source
from vendorscore.scoring.methods import METHODS
from vendorscore.scoring.pipeline import score
from vendorscore.staffing.planner import plan_vendor, plan_vendors
from vendorscore.testing import group, leaf, make_criteria, make_vendor

ROOT = Path(__file__).resolve().parents[1]
LINEAR = {"linear": {"worst": 0, "best": 100}}


def _demand(model: str = "erlang_c", **extra: object) -> Demand:
    spec = {
        "name": "Week",
        "aht_seconds": 180,
        "model": model,
        "service_level": {"target": 0.8, "threshold_seconds": 20},
        "intervals": [{"label": "flat", "calls_per_hour": 200, "hours_per_week": 10}],
        **extra,
    }
    return Demand(DemandProfile.model_validate(spec), "demand.yaml")


# ---- derived fields: one registry entry each -----------------------------------------------------


def test_a_derived_field_is_one_registry_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    # A new figure from the staffing plan, e.g. the set-up fee per month: one entry, and
    # criteria can score it (kind, needs-demand check and value all follow).
    entry = DerivedField(
        "set-up fee spread per month",
        "base currency per month",
        lambda s: None if s.plan is None else s.plan.setup_fee_per_month,
        needs_demand=True,
    )
    monkeypatch.setitem(DERIVED_FIELDS, "setup_per_month", entry)
    fields._all_paths.cache_clear()
    try:
        criteria = make_criteria(
            [leaf("setup", "derived.setup_per_month", {"linear": {"worst": 2000, "best": 0}})]
        )
        vendor = make_vendor(
            pricing={
                "currency": "USD",
                "model": "per_call",
                "rate": 1,
                "setup_fee": 12000,
                "contract_min_months": 12,
            }
        )
        with pytest.raises(VendorScoreError, match=r"uses derived\.setup_per_month, which need"):
            score([vendor], criteria)
        (result,) = score(
            [vendor], criteria, staffing=plan_vendors([vendor], _demand(), criteria)
        ).vendors
        # 12,000 over 12 months = 1,000 a month: halfway from 2,000 (worst) to 0 (best).
        assert result.values["derived.setup_per_month"] == pytest.approx(1000.0)
        assert result.total == pytest.approx(50.0)
    finally:
        monkeypatch.undo()
        fields._all_paths.cache_clear()


def test_every_derived_field_says_its_unit_and_reads_the_plan_only_with_a_demand() -> None:
    vendor = make_vendor(
        sites=[
            {"country": "PH", "seats": 300, "timezone": "Asia/Manila"},
            {"country": "MX", "seats": 200, "timezone": "America/Mexico_City"},
        ],
        pricing={"currency": "USD", "model": "per_call", "rate": 2},
        technology={"programme_lines": 40},
        scorecard={"service_level": {"achieved": 0.82, "threshold_seconds": 20}},
    )
    criteria = make_criteria([leaf("fcr", "scorecard.fcr", LINEAR)])
    # Erlang X with lines: abandonment and blocking are modelled; with real times and zoned
    # sites the night and daytime shares exist too: every figure exists.
    timed = [
        {
            "label": "flat",
            "calls_per_hour": 200,
            "hours_per_week": 10,
            "when": [{"days": ["mon", "tue"], "from": "09:00", "to": "14:00"}],
        }
    ]
    demand = _demand("erlang_x", patience_seconds=120, timezone="America/New_York", intervals=timed)
    plan = plan_vendor(vendor, demand, criteria)
    for name, entry in DERIVED_FIELDS.items():
        assert entry.unit and entry.description, name
        without = entry.compute(Source(vendor, criteria, None))
        with_plan = entry.compute(Source(vendor, criteria, plan))
        if entry.needs_demand:
            assert without is None and with_plan is not None, name
        elif entry.plan_based:  # one figure on two bases: the reference, then the plan
            assert without is not None and with_plan is not None, name
        else:
            assert without == with_plan is not None, name
    assert DERIVED_FIELDS["total_seats"].compute(Source(vendor, criteria, None)) == 500
    assert DERIVED_FIELDS["agents"].compute(Source(vendor, criteria, plan)) == plan.peak_agents


def test_the_readme_lists_every_derived_field_as_the_registry_does() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = r"^\| `derived\.(\w+)` \| ([^|]+?) \| (yes|no) \| ([^|]+?) \|$"
    rows = [(n, u, d == "yes", w) for n, u, d, w in re.findall(row, readme, flags=re.MULTILINE)]
    assert rows == [
        (name, e.unit, e.needs_demand, e.description) for name, e in DERIVED_FIELDS.items()
    ]


# ---- scoring methods ------------------------------------------------------------------------------


def test_each_method_says_what_presenters_need() -> None:
    for name, method in METHODS.items():
        assert method.name == name and method.label and method.short
        # A method whose points do not add up says what its total is and how it is computed;
        # the workbook's live weighted-sum formulas can only reproduce an additive method.
        assert method.additive == (method.meaning is None)
        assert method.additive or method.formula
        assert method.additive or not method.live_formula


# ---- the tree roll-up -----------------------------------------------------------------------------


def test_a_nested_exclusion_renormalises_each_level() -> None:
    # A (1) = { B (1) = { b1: missing, excluded; b2 = 80 }, a2 = 40 };  c (2) = 100.
    # B = 80; A = (80 + 40) / 2 = 60; total = (1 x 60 + 2 x 100) / 3 = 86.67.
    # Effective weights: A 1/3, B 1/6, b1 0, b2 1/6, a2 1/6, c 2/3.
    criteria = make_criteria(
        [
            group(
                "A",
                group(
                    "B",
                    leaf("b1", "scorecard.fcr", {"linear": {"worst": 0, "best": 1}}),
                    leaf("b2", "technology.carriers", LINEAR),
                ),
                leaf("a2", "clients.count", LINEAR),
            ),
            leaf("c", "technology.lines", {"linear": {"worst": 0, "best": 10}}, weight=2),
        ],
        missing="exclude",
    )
    vendor = make_vendor(technology={"carriers": 80, "lines": 10}, clients={"count": 40})
    (v,) = score([vendor], criteria).vendors
    assert v.total == pytest.approx(260 / 3)
    assert v.scores == pytest.approx({"b1": None, "b2": 80, "a2": 40, "c": 100, "B": 80, "A": 60})
    assert list(v.scores) == ["b1", "b2", "a2", "c", "B", "A"]  # leaves, then groups last first
    effective = {leaf.id: leaf.effective_weight for leaf in v.leaves}
    assert effective == pytest.approx({"b1": 0, "b2": 1 / 6, "a2": 1 / 6, "c": 2 / 3})


# ---- workbook columns come from the header lists --------------------------------------------------


def test_columns_are_found_by_header() -> None:
    columns = Columns(["Vendor", "Rank", "Total"])
    assert (columns["Vendor"], columns["Total"], columns.number("Rank")) == ("A", "C", 2)
    assert (columns.last, columns.after) == ("C", 4)
    with pytest.raises(KeyError):
        columns["Weight"]


def test_formula_columns_sit_under_their_headers(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    result = CliRunner().invoke(
        app, ["export", str(ROOT / "samples" / "vendors"), "-o", str(out), "--samples", "0"]
    )
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    for sheet, columns, header_row in (
        ("Weights", WEIGHTS_COLUMNS, 1),
        ("Ranking", RANKING_COLUMNS, 1),
        ("Scores", SCORES_COLUMNS, 2),
    ):
        ws = wb[sheet]
        assert [ws[f"{columns[h]}{header_row}"].value for h in columns.headers] == list(
            columns.headers
        )
    named = {W_RAW: "Raw weight", W_LOCAL: "Local weight", W_GLOBAL: "Effective weight"}
    assert {wb["Weights"][f"{c}1"].value for c in named} == set(named.values())
    assert [wb["Ranking"][f"{c}1"].value for c in (R_RANK, R_TOTAL, R_ELIGIBLE)] == [
        "Rank",
        "Total",
        "Eligible",
    ]
    assert wb["Scores"][f"{S_TOTAL_COL}2"].value == "Total"
    # The Ranking's total points at the Scores total column, the local weight at the raw ones.
    assert wb["Ranking"][f"{R_TOTAL}2"].value == f"=Scores!{S_TOTAL_COL}3"
    assert f"{W_RAW}2/SUM(" in wb["Weights"][f"{W_LOCAL}2"].value


# ---- every command runs inside handle_errors --------------------------------------------------------


def test_every_registered_command_is_guarded() -> None:
    commands = [
        c
        for t in (app, *(g.typer_instance for g in app.registered_groups))
        for c in t.registered_commands
    ]
    assert len(commands) >= 11
    assert all(getattr(c.callback, "__wrapped__", None) for c in commands)


def test_a_command_without_its_own_error_handling_still_gets_exit_codes() -> None:
    demo = GuardedTyper(rich_markup_mode=None)

    @demo.command()
    def fail(kind: str) -> None:
        """Fail as told."""
        if kind == "user":
            raise VendorScoreError("a.yaml:3:1: something the user can fix")
        raise RuntimeError("boom")

    @demo.command()
    def other() -> None:
        """A second command, so that the first keeps its name."""

    runner = CliRunner()
    user = runner.invoke(demo, ["fail", "user"])
    assert (user.exit_code, user.stderr) == (2, "a.yaml:3:1: something the user can fix\n")
    internal = runner.invoke(demo, ["fail", "bug"])
    assert internal.exit_code == 1
    assert internal.stderr.startswith("internal error: RuntimeError: boom. This is a bug")
    shown = runner.invoke(demo, ["fail", "--help"]).stdout  # name, docstring and parameters kept
    assert "Fail as told." in shown and "kind" in shown.lower().split("arguments:")[1]
    assert isinstance(demo, typer.Typer)


# ---- messages stay on one line ---------------------------------------------------------------------


@given(st.text())
def test_safe_line_is_always_one_line(text: str) -> None:
    line = safe_line(text)
    assert len(line.splitlines()) <= 1


def test_safe_line_escapes_unicode_line_separators_as_its_docstring_says() -> None:
    assert safe_line("a\nb\u2028c\u2029d") == "a\\nb\\u2028c\\u2029d"


# ---- staffing raises, and still reports every vendor's problem at once -------------------------------


def test_plan_vendor_raises_and_plan_vendors_collects_every_vendor() -> None:
    criteria = make_criteria([leaf("fcr", "scorecard.fcr", LINEAR)])
    inr = make_vendor(
        name="A", file="a.yaml", pricing={"currency": "INR", "model": "per_call", "rate": 1}
    )
    brl = make_vendor(
        name="B", file="b.yaml", pricing={"currency": "BRL", "model": "per_call", "rate": 1}
    )
    with pytest.raises(ScoringError) as one:
        plan_vendor(inr, _demand(), criteria)
    assert [p.file for p in one.value.problems] == ["a.yaml"]
    with pytest.raises(ScoringError) as both:
        plan_vendors([inr, brl], _demand(), criteria)
    assert [p.message.split(":")[0] for p in both.value.problems] == [
        "no exchange rate from INR to USD",
        "no exchange rate from BRL to USD",
    ]
