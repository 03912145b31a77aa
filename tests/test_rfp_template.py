"""The questionnaire: questions from the vendor schema and criteria; the workbook's checks.

Ranges and choices are compared with the schema in model/vendor.py as written there (source of
the expected values), so a template that drifts from the schema fails here.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import CRITERIA
from typer.testing import CliRunner

from vendorscore.cli import app
from vendorscore.inputs.loading import criteria_from_text, load_criteria
from vendorscore.scoring.fields import DERIVED_FIELDS, _all_paths
from vendorscore.scoring.questions import DERIVED_SOURCES, build_questionnaire

openpyxl = pytest.importorskip("openpyxl")


def invoke(*args: object) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("t") / "q.xlsx"
    result = invoke("rfp", "template", "-o", path)
    assert result.exit_code == 0, result.stderr
    assert (
        result.stdout
        == f"wrote {path}: 62 questions, 36 of them scored or required by 'Customer-service outsourcing (default)'\n"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return openpyxl.load_workbook(path)


def rows(ws: Any) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for row in range(4, ws.max_row + 1):
        qid = ws.cell(row, 1).value
        if qid:
            found.setdefault(qid, []).append(row)
    return found


def validation(ws: Any, ref: str) -> Any:
    hits = [dv for dv in ws.data_validations.dataValidation if ref in dv.sqref]
    assert len(hits) == 1, (ref, hits)
    return hits[0]


# ---- questions ---------------------------------------------------------------------------


def test_every_profile_field_is_asked_once() -> None:
    """Every leaf path of the vendor schema (scoring/fields.py's own walk) is a question."""
    questionnaire = build_questionnaire(load_criteria("default"))
    asked = set(questionnaire.lookup()) - {"languages"}
    schema = {
        p.replace(".<key>", "") for p, kind in _all_paths().items() if not isinstance(kind, str)
    }
    schema = {p for p in schema if not p.startswith(("derived.", "extra"))}
    assert asked - {"extra.trial_call_score"} == schema | {
        f"sites.{f}" for f in ("city", "country", "timezone", "seats", "home_based_share")
    }


def test_every_derived_field_names_the_answers_it_is_computed_from() -> None:
    assert set(DERIVED_SOURCES) == set(DERIVED_FIELDS)
    ids = set(build_questionnaire(load_criteria("default")).lookup())
    assert {s for sources in DERIVED_SOURCES.values() for s in sources} <= ids


def test_ranges_and_choices_are_the_schemas() -> None:
    q = build_questionnaire(load_criteria("default")).lookup()
    # model/limits.py: Workforce.shrinkage 0 to MAX_SHRINKAGE 0.9 (both included); max_occupancy
    # MIN_OCCUPANCY_CAP 0.1 to 1
    assert (q["workforce.shrinkage"].minimum, q["workforce.shrinkage"].maximum) == (0, 0.9)
    assert not q["workforce.shrinkage"].max_exclusive and not q["workforce.shrinkage"].min_exclusive
    occupancy = q["workforce.max_occupancy"]
    assert (occupancy.minimum, occupancy.maximum) == (0.1, 1)
    assert q["workforce.shrinkage"].format == "fraction 0 to 0.9: write 85% as 0.85 or 85%"
    # Culture.time_zone_overlap_hours number(ge=0, le=24); Technology.lines int(ge=1)
    assert q["culture.time_zone_overlap_hours"].format == "number, 0 to 24, in hours"
    assert q["technology.lines"].format == "whole number, 1 to 100,000"  # limits.MAX_LINES
    assert q["pricing.model"].choices == (
        "per_productive_hour",
        "per_paid_hour",
        "per_handled_minute",
        "per_call",
        "per_fte_month",
    )
    assert q["security.certifications"].many and len(q["security.certifications"].choices) == 10
    assert (
        q["headquarters"].code_list == "country" and q["pricing.currency"].code_list == "currency"
    )
    assert q["name"].required and q["delivery_model"].required and not q["headquarters"].required
    assert q["name"].max_length == 200


def test_marks_say_what_the_criteria_score_and_require() -> None:
    questionnaire = build_questionnaire(load_criteria("default"))
    q = questionnaire.lookup()
    assert q["scorecard.abandon_rate"].required_by == ("max 0.1",)
    assert q["scorecard.abandon_rate"].scored_by == ("Abandon rate",)
    assert q["pricing.rate"].scored_by == ("Cost per contact (USD)",)  # derived.cost_per_contact
    assert q["pricing.currency"].scored_by == ("Cost per contact (USD)",)
    assert q["scorecard.qa_score"].scored_by == () and q["scorecard.qa_score"].required_by == ()
    languages = next(t for t in questionnaire.tables if t.id == "languages")
    assert languages.notes == (
        "scored: en-US proficiency (US English proficiency)",
        "scored: es agents (Spanish agents (any variety))",
    )


def test_extra_questions_are_typed_by_what_reads_them() -> None:
    criteria = criteria_from_text(
        """
name: Extras
requirements:
  - {field: extra.tier, in: [gold, silver]}
  - {field: extra.audited, equals: true}
criteria:
  - {id: trial, weight: 1, field: extra.trial_call_score, scale: {linear: {worst: 0, best: 10}}}
  - {id: pilot, weight: 1, field: extra.pilot_done, scale: {boolean: {true: 100, false: 0}}}
  - {id: band, weight: 1, field: extra.band, scale: {ordinal: [c, b, a]}}
  - {id: tools, weight: 1, field: extra.tools, scale: {coverage: [crm, wfm]}}
"""
    )
    q = build_questionnaire(criteria).lookup()
    assert (q["extra.trial_call_score"].kind, q["extra.trial_call_score"].description) == (
        "number",
        "Scored: linear 0 (worst) -> 10 (best).",
    )
    assert q["extra.pilot_done"].kind == "bool"
    assert (q["extra.band"].kind, q["extra.band"].choices) == ("category", ("c", "b", "a"))
    assert (q["extra.tools"].kind, q["extra.tools"].many) == ("text", True)
    assert (q["extra.tier"].kind, q["extra.tier"].choices) == ("category", ("gold", "silver"))
    assert q["extra.audited"].kind == "bool"


# ---- the workbook --------------------------------------------------------------------------


def test_sheets_and_the_hidden_version_and_criteria_hash(workbook: Any) -> None:
    assert workbook.sheetnames == [
        "Instructions",
        "Questions",
        "Sites",
        "Languages",
        "_lists",
        "_vendorscore",
    ]
    assert [workbook[s].sheet_state for s in workbook.sheetnames[-2:]] == ["hidden", "hidden"]
    meta = {r[0]: r[1] for r in workbook["_vendorscore"].iter_rows(values_only=True)}
    criteria = load_criteria("default")
    assert meta["template_version"] == 1
    assert meta["criteria_sha256"] == criteria.sha256
    assert len(criteria.sha256) == 64
    assert workbook.security.lockStructure


def test_question_cells_are_locked_and_answer_cells_open(workbook: Any) -> None:
    ws = workbook["Questions"]
    assert ws.protection.sheet
    at = rows(ws)
    for qid, row_numbers in at.items():
        for row in row_numbers:
            assert ws.cell(row, 1).protection.locked, qid
            assert ws.cell(row, 2).protection.locked, qid
            assert not ws.cell(row, 3).protection.locked, qid
    assert len(at["security.certifications"]) == 10
    sites = workbook["Sites"]
    assert [sites.cell(5, c).value for c in range(2, 7)] == [
        "sites.city",
        "sites.country",
        "sites.timezone",
        "sites.seats",
        "sites.home_based_share",
    ]
    assert not sites["E6"].protection.locked and sites["E5"].protection.locked


def test_dropdowns_and_ranges_are_the_schemas(workbook: Any) -> None:
    ws = workbook["Questions"]
    at = {k: v[0] for k, v in rows(ws).items()}
    dm = validation(ws, f"C{at['delivery_model']}")
    assert (dm.type, dm.formula1) == ("list", '"onshore,nearshore,offshore,home_based,hosted"')
    assert validation(ws, f"C{at['headquarters']}").formula1 == "vs_countries"
    assert validation(ws, f"C{at['pricing.currency']}").formula1 == "vs_currencies"
    assert validation(ws, f"C{at['security.controls.mfa']}").formula1 == '"yes,no"'
    fit = validation(ws, f"C{at['culture.fit_rating']}")
    assert (fit.type, fit.operator, fit.formula1, fit.formula2) == ("decimal", "between", "0", "10")
    lines = validation(ws, f"C{at['technology.lines']}")
    assert (lines.type, lines.operator, lines.formula1, lines.formula2) == (
        "whole",
        "between",
        "1",
        "100000",
    )
    shrink = validation(ws, f"C{at['workforce.shrinkage']}")
    assert (shrink.type, shrink.operator, shrink.formula1, shrink.formula2) == (
        "decimal",
        "between",
        "0",
        "0.9",
    )
    name = validation(ws, f"C{at['name']}")
    assert (name.type, name.operator, name.formula1) == ("textLength", "lessThanOrEqual", "200")
    certs = rows(ws)["security.certifications"]
    dv = validation(ws, f"C{certs[0]}")
    assert str(dv.sqref) == f"C{certs[0]}:C{certs[-1]}" and dv.formula1.count(",") == 9
    countries = {workbook["_lists"].cell(r, 1).value for r in range(1, 250)}
    assert len(countries) == 249 and {"NO", "US", "CO"} <= countries


def test_template_refuses_a_wrong_suffix_and_overwriting_its_criteria(tmp_path: Path) -> None:
    result = invoke("rfp", "template", "-o", tmp_path / "q.xls")
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'q.xls'}: the output must be a .xlsx file (got 'q.xls')\n"
    criteria = tmp_path / "c.xlsx"
    criteria.write_bytes((CRITERIA / "default.yaml").read_bytes())
    result = invoke("rfp", "template", "-o", criteria, "--criteria", criteria)
    assert result.exit_code == 2
    assert "refusing to overwrite the input file" in result.stderr
