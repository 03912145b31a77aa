"""`vendorscore rfp import`: returned questionnaires back to profiles, every problem at its cell.

The round trip is the contract: for every sample vendor, its profile typed into the template (as
tests/rfp_fill.py types it, from the template's own layout) imports to an equal profile, from the
workbook and from the two-column CSV alike.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import SAMPLES
from tests.rfp_fill import fill
from typer.testing import CliRunner

from vendorscore.cli import app
from vendorscore.inputs.loading import load_vendors, load_yaml

openpyxl = pytest.importorskip("openpyxl")
SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))


def invoke(*args: object) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "questionnaire.xlsx"
    result = invoke("rfp", "template", "-o", path)
    assert result.exit_code == 0, result.stderr
    return path


def data_of(path: Path) -> dict[str, Any]:
    doc, _ = load_yaml(path)
    assert isinstance(doc.data, dict)
    return doc.data


def answered(
    template: Path, tmp_path: Path, data: dict[str, Any], name: str = "acme", **cells: object
) -> Path:
    out = tmp_path / "responses" / f"{name}.xlsx"
    out.parent.mkdir(exist_ok=True)
    fill(template, data, out, extra_cells={k.replace("_", "!", 1): v for k, v in cells.items()})
    return out


MINIMAL = {"name": "Acme CX", "delivery_model": "offshore"}


def errors(result: Any) -> list[str]:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result.stderr.strip().splitlines()


# ---- the round trip ------------------------------------------------------------------------


def test_every_sample_vendor_round_trips_through_the_workbook(
    template: Path, tmp_path: Path
) -> None:
    responses = tmp_path / "responses"
    responses.mkdir()
    for path in SAMPLE_FILES:
        fill(template, data_of(path), responses / f"{path.stem}.xlsx")
    out = tmp_path / "profiles"
    result = invoke("rfp", "import", responses, "-o", out)
    assert result.exit_code == 0, result.stderr
    original = {v.profile.name: v.profile for v in load_vendors([SAMPLES])}
    imported = {v.profile.name: v.profile for v in load_vendors([out])}
    assert imported.keys() == original.keys()
    for name, profile in original.items():
        assert imported[name] == profile, name
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{p.stem}.yaml" for p in SAMPLE_FILES)


def csv_of(data: dict[str, Any], path: Path) -> Path:
    """The profile as the two-column CSV a portal would export."""
    rows: list[tuple[str, object]] = [("question", "answer")]

    def walk(node: object, prefix: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if prefix == "languages.":
                    for field, v in value.items():
                        rows.append((f"languages.{key}.{field}", v))
                elif prefix == "" and key == "sites":
                    for n, site in enumerate(value, start=1):
                        for field, v in site.items():
                            rows.append((f"sites.{n}.{field}", v))
                else:
                    walk(value, f"{prefix}{key}.")
        elif isinstance(node, list):
            rows.extend((prefix[:-1], item) for item in node)
        else:
            rows.append((prefix[:-1], node))

    walk(data, "")
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        for qid, value in rows:
            shown = ("yes" if value else "no") if isinstance(value, bool) else value
            writer.writerow([qid, shown])
    return path


def test_every_sample_vendor_round_trips_through_the_csv(tmp_path: Path) -> None:
    responses = tmp_path / "responses"
    responses.mkdir()
    for path in SAMPLE_FILES:
        csv_of(data_of(path), responses / f"{path.stem}.csv")
    out = tmp_path / "profiles"
    result = invoke("rfp", "import", responses, "-o", out)
    assert result.exit_code == 0, result.stderr
    original = {v.profile.name: v.profile for v in load_vendors([SAMPLES])}
    imported = {v.profile.name: v.profile for v in load_vendors([out])}
    assert imported == original


def test_the_profile_names_its_source_and_lists_fields_in_schema_order(
    template: Path, tmp_path: Path
) -> None:
    data = {
        "delivery_model": "offshore",
        "name": "Acme CX",
        "pricing": {"rate": 9.5, "currency": "USD"},
    }
    response = answered(template, tmp_path, data)
    out = tmp_path / "profiles"
    result = invoke("rfp", "import", response, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"wrote {out / 'acme.yaml'}: Acme CX (4 answers)\n"
    text = (out / "acme.yaml").read_text(encoding="utf-8")
    digest = hashlib.sha256(response.read_bytes()).hexdigest()
    assert text.splitlines()[1:3] == [f"# Source: {response}", f"# Source SHA-256: {digest}"]
    body = [line for line in text.splitlines() if not line.startswith("#")]
    assert body == [
        "name: Acme CX",
        "delivery_model: offshore",
        "pricing:",
        "  currency: USD",
        "  rate: 9.5",
    ]


# ---- answers typed as people type them ------------------------------------------------------


def test_typed_values_are_read_as_the_question_asks(template: Path, tmp_path: Path) -> None:
    response = answered(
        template,
        tmp_path,
        MINIMAL,
        Questions_C17="USD",
        Questions_C19="13.20",  # a rate typed into a text-formatted cell
        Questions_C28="27%",  # shrinkage written as a percentage
        Questions_C35=2000.0,  # lines: a whole number stored as a float
        Questions_C43=dt.datetime(2025, 8, 9),  # last DR test: a date cell
        Questions_C55="Yes",  # dtmf masking
        Questions_C56=False,  # clean desk: a boolean cell
        Questions_C70=911,  # an industry that Excel took for a number
    )
    out = tmp_path / "profiles"
    result = invoke("rfp", "import", response, "-o", out)
    assert result.exit_code == 0, result.stderr
    profile = load_vendors([out / "acme.yaml"])[0].profile
    assert profile.pricing is not None and profile.pricing.rate == 13.2
    assert profile.workforce is not None and profile.workforce.shrinkage == 0.27
    assert profile.technology is not None and profile.technology.lines == 2000
    assert profile.technology.disaster_recovery is not None
    assert profile.technology.disaster_recovery.last_test == dt.date(2025, 8, 9)
    assert profile.security is not None and profile.security.controls is not None
    assert profile.security.controls.dtmf_masking is True
    assert profile.security.controls.clean_desk is False
    assert profile.clients is not None and profile.clients.industries == ["911"]


# ---- bad answers: located at their cells, YAML's wording, all at once -------------------------


def test_bad_answers_are_located_at_their_cells_all_at_once(template: Path, tmp_path: Path) -> None:
    data = {
        **MINIMAL,
        "sites": [{"city": "Cebu", "seats": 12.5}],
        "languages": {"en-US": {"proficiency": "nativ"}},
    }
    response = answered(
        template,
        tmp_path,
        data,
        Questions_C6="offshor",  # delivery_model
        Questions_C28=1.5,  # shrinkage
        Questions_C19="13,20",  # rate with a decimal comma
        Questions_C57="maybe",  # mfa
        Questions_C7="usa",  # headquarters
    )
    out = tmp_path / "profiles"
    lines = errors(invoke("rfp", "import", response, "-o", out))
    assert lines == [
        f"{response}:Questions!C6: delivery_model: 'offshor' is not allowed; use one of: onshore, nearshore, offshore, home_based, hosted (did you mean 'offshore'?)",
        f"{response}:Questions!C7: headquarters: 'usa' is not an ISO 3166 alpha-2 country code",
        f"{response}:Questions!C19: pricing.rate: must be a number, got '13,20'",
        f"{response}:Questions!C28: workforce.shrinkage: must be <= 0.9, got 1.5",
        f"{response}:Questions!C57: security.controls.mfa: must be yes or no, got 'maybe'",
        f"{response}:Sites!E6: sites.0.seats: must be a whole number, got 12.5",
        f"{response}:Languages!C6: languages.en-US.proficiency: 'nativ' is not allowed; use one of: native, near_native, bilingual, fluent, conversational (did you mean 'native'?)",
    ]
    assert not out.exists() or not any(out.iterdir()), "nothing is written for a file with errors"


def test_a_formula_is_an_error_never_its_cached_value(template: Path, tmp_path: Path) -> None:
    response = answered(template, tmp_path, MINIMAL, Questions_C19="=10+3.2", Sites_E6="=SUM(1,2)")
    lines = errors(invoke("rfp", "import", response, "-o", tmp_path / "out"))
    assert lines == [
        f"{response}:Questions!C19: pricing.rate: is a formula ('=10+3.2'); type the value itself (formulas are never calculated or trusted on import)",
        f"{response}:Sites!E6: sites.0.seats: is a formula ('=SUM(1,2)'); type the value itself (formulas are never calculated or trusted on import)",
    ]


def test_missing_required_answers_are_located_at_their_cells(
    template: Path, tmp_path: Path
) -> None:
    response = answered(template, tmp_path, {"pricing": {"currency": "USD"}})
    lines = errors(invoke("rfp", "import", response, "-o", tmp_path / "out"))
    assert lines == [
        f"{response}:Questions!C5: missing required key 'name'",
        f"{response}:Questions!C6: missing required key 'delivery_model'",
    ]


def test_control_and_bidi_characters_are_refused(template: Path, tmp_path: Path) -> None:
    response = answered(
        # OOXML stores a control character as _xHHHH_ (openpyxl writes that text as it is).
        template,
        tmp_path,
        MINIMAL,
        Questions_C5="Acme_x0007_CX",
        Questions_C70="retail\u202eliateR",
    )
    lines = errors(invoke("rfp", "import", response, "-o", tmp_path / "out"))
    assert lines == [
        f"{response}:Questions!C5: name: control character U+0007 is not allowed in text (remove it)",
        f"{response}:Questions!C70: clients.industries.0: bidirectional control character U+202E is not allowed in text (remove it)",
    ]


def test_table_rows_need_their_key_and_keys_are_unique(template: Path, tmp_path: Path) -> None:
    data = {**MINIMAL, "languages": {"es-MX": {"agents": 10}, "es-mx": {"agents": 5}}}
    response = answered(
        template, tmp_path, data, Languages_D8=20, Languages_B9="xx_YY!", Languages_D9=1
    )
    lines = errors(invoke("rfp", "import", response, "-o", tmp_path / "out"))
    assert lines == [
        f"{response}:Languages!B7: languages: language es-MX is given twice (as es-MX and es-mx)",
        f"{response}:Languages!B8: languages: this row has answers but no language tag (e.g. en-US)",
        f"{response}:Languages!B9: languages.xx_YY!: 'xx_YY!' is not a BCP-47 language tag (e.g. en-US, es-MX, fr)",
    ]


def test_an_edited_question_id_is_reported(template: Path, tmp_path: Path) -> None:
    response = answered(
        template, tmp_path, MINIMAL, Questions_A19="pricing.rates", Questions_A20="name"
    )
    lines = errors(invoke("rfp", "import", response, "-o", tmp_path / "out"))
    assert lines == [
        f"{response}:Questions!A19: unknown question id 'pricing.rates'; keep column A as the template has it",
        f"{response}:Questions!A20: question 'name' appears twice (first in Questions!A5)",
    ]


def test_list_answers_keep_their_order_and_skip_empty_rows(template: Path, tmp_path: Path) -> None:
    response = answered(
        template,
        tmp_path,
        MINIMAL,
        Questions_C47="iso27001",
        Questions_C45="pci_dss",
        Questions_C61="US",
    )
    out = tmp_path / "profiles"
    result = invoke("rfp", "import", response, "-o", out)
    assert result.exit_code == 0, result.stderr
    security = load_vendors([out])[0].profile.security
    assert security is not None
    assert security.certifications == ["pci_dss", "iso27001"]
    assert security.data_residency == ["US"]


# ---- files: never overwritten without --force, never an input, one bad file alone ----------


def test_an_existing_profile_needs_force(template: Path, tmp_path: Path) -> None:
    response = answered(template, tmp_path, MINIMAL)
    out = tmp_path / "profiles"
    out.mkdir()
    (out / "acme.yaml").write_text("name: Old\ndelivery_model: onshore\n")
    lines = errors(invoke("rfp", "import", response, "-o", out))
    assert lines == [f"{out / 'acme.yaml'}: already exists; use --force to replace it"]
    assert (out / "acme.yaml").read_text() == "name: Old\ndelivery_model: onshore\n"
    assert invoke("rfp", "import", response, "-o", out, "--force").exit_code == 0
    assert load_vendors([out])[0].profile.name == "Acme CX"


def test_good_files_are_written_when_another_has_errors(template: Path, tmp_path: Path) -> None:
    good = answered(template, tmp_path, MINIMAL, name="good")
    bad = answered(template, tmp_path, {"name": "Bad"}, name="bad")
    out = tmp_path / "profiles"
    result = invoke("rfp", "import", good, bad, "-o", out)
    assert errors(result) == [f"{bad}:Questions!C6: missing required key 'delivery_model'"]
    assert sorted(p.name for p in out.iterdir()) == ["good.yaml"]


def test_two_responses_with_one_vendor_name_are_refused(template: Path, tmp_path: Path) -> None:
    first = answered(template, tmp_path, MINIMAL, name="first")
    second = answered(template, tmp_path, {**MINIMAL, "name": "ACME cx"}, name="second")
    lines = errors(invoke("rfp", "import", first, second, "-o", tmp_path / "out"))
    assert lines == [
        f"{second}: vendor name 'ACME cx' is already used by {first}; names must be unique"
    ]


def test_a_response_from_another_template_version_is_refused(
    template: Path, tmp_path: Path
) -> None:
    response = tmp_path / "old.xlsx"
    fill(template, MINIMAL, response, extra_cells={"_vendorscore!B1": 0})
    assert errors(invoke("rfp", "import", response, "-o", tmp_path / "out")) == [
        f"{response}: was made from questionnaire template version 0; this vendorscore reads version 1: send the vendor a new questionnaire"
    ]


def test_a_response_for_other_criteria_warns_and_imports(template: Path, tmp_path: Path) -> None:
    response = answered(template, tmp_path, MINIMAL)
    result = invoke("rfp", "import", response, "-o", tmp_path / "out", "--criteria", "payments")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(
        f"{response}: warning: this questionnaire was made for other criteria"
    )


# ---- CSV ----------------------------------------------------------------------------------


def test_csv_problems_are_located_by_line(tmp_path: Path) -> None:
    path = tmp_path / "acme.csv"
    path.write_text(
        "question,answer\n"
        "name,Acme CX\n"
        "delivery_model,offshore\n"
        "pricing.rate,abc\n"
        "sites.1.seats,=2+2\n"
        "name,Other\n"
        "pricing.ratez,1\n"
        "scorecard.fcr,85\n"
        "a,b,c\n",
        encoding="utf-8",
    )
    lines = errors(invoke("rfp", "import", path, "-o", tmp_path / "out"))
    assert lines == [
        f"{path}:4: pricing.rate: must be a number, got 'abc'",
        f"{path}:5: sites.0.seats: is a formula ('=2+2'); type the value itself (formulas are never calculated or trusted on import)",
        f"{path}:6: question 'name' appears twice (first on line 2)",
        f"{path}:7: unknown question id 'pricing.ratez'",
        f"{path}:8: scorecard.fcr: must be <= 1.0, got 85 (fractions are 0..1: write 85% as 0.85)",
        f"{path}:9: expected two columns (question id, answer), found 3",
    ]
