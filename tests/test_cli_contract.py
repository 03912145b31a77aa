"""The CLI contract of issue 2: rank formats, validate, explain, criteria, schema, version, help."""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vendorscore import __version__
from vendorscore.cli import app
from vendorscore.inputs.loading import bundled_criteria

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "vendors"
VENDOR_KEYS = {
    "rank",
    "name",
    "file",
    "eligible",
    "total",
    "completeness",
    "failed_requirements",
    "scores",
    "contributions",
}


def _invoke(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def _rank_json(*args: object) -> dict:
    result = _invoke("rank", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # exactly one document: json.loads refuses trailing data


def test_rank_json_is_one_document_with_the_contract_keys() -> None:
    doc = _rank_json(SAMPLES)
    assert doc["criteria"]["method"] == "weighted_sum"
    assert doc["criteria"]["name"] == "Customer-service outsourcing (default)"
    assert Path(doc["criteria"]["file"]).name == "default.yaml"
    assert len(doc["vendors"]) == len(list(SAMPLES.glob("*.yaml")))
    for vendor in doc["vendors"]:
        assert vendor.keys() >= VENDOR_KEYS
        assert 0.0 <= vendor["total"] <= 100.0
        assert 0.0 <= vendor["completeness"] <= 1.0


def test_rank_json_lists_eligible_vendors_by_total_then_ineligible_by_name() -> None:
    vendors = _rank_json(SAMPLES)["vendors"]
    eligible = [v for v in vendors if v["eligible"]]
    ineligible = [v for v in vendors if not v["eligible"]]
    assert vendors == eligible + ineligible
    totals = [v["total"] for v in eligible]
    assert totals == sorted(totals, reverse=True)
    assert [v["name"] for v in ineligible] == sorted(v["name"] for v in ineligible)
    assert ineligible, "the samples include a vendor failing a knock-out"
    assert all(v["rank"] is None and v["failed_requirements"] for v in ineligible)


def test_rank_json_ties_share_a_rank_and_are_listed_by_name() -> None:
    eligible = [v for v in _rank_json(SAMPLES)["vendors"] if v["eligible"]]
    ranks = [v["rank"] for v in eligible]
    assert ranks[0] == 1
    for position, (before, after) in enumerate(itertools.pairwise(eligible), 2):
        if abs(before["total"] - after["total"]) <= 1e-9:
            assert after["rank"] == before["rank"]
            assert before["name"] < after["name"]
        else:
            assert after["rank"] == position
    assert len(set(ranks)) < len(ranks), "the samples include two vendors that tie"


def _default_tree() -> tuple[set[str], set[str]]:
    """(every criterion id, the leaf ids) of criteria/default.yaml, read with plain YAML."""
    import yaml

    nodes = yaml.safe_load((ROOT / "criteria" / "default.yaml").read_text())["criteria"]
    ids: set[str] = set()
    leaves: set[str] = set()
    stack = list(nodes)
    while stack:
        node = stack.pop()
        ids.add(node["id"])
        if "criteria" in node:
            stack.extend(node["criteria"])
        else:
            leaves.add(node["id"])
    return ids, leaves


def test_rank_json_scores_every_node_and_contributions_add_up_to_the_total() -> None:
    doc = _rank_json(SAMPLES)
    ids, leaves = _default_tree()
    assert len(ids) == 33 and len(leaves) == 26  # 7 groups
    for vendor in doc["vendors"]:
        assert set(vendor["scores"]) == ids
        assert set(vendor["contributions"]) == leaves
        assert abs(sum(vendor["contributions"].values()) - vendor["total"]) < 1e-5  # 6 decimals
    # By hand for Prairie Voice Omaha (samples/vendors/prairie-voice-omaha.yaml), culture (10 of
    # 100): fit 9 -> 90; overlap 8 h -> 100; travel 3 h on [[2, 100], [6, 70]] -> 92.5; trial
    # calls 9.0 -> 90; culture = (3 x 90 + 2 x 100 + 1 x 92.5 + 2 x 90) / 8 = 92.8125.
    # english is native (top of 5 levels) = 100, weighing 15% x 3/4: 11.25 points of the total;
    # travel adds 10% x 1/8 x 92.5 = 1.15625 points.
    prairie = next(v for v in doc["vendors"] if v["name"] == "Prairie Voice Omaha")
    assert prairie["scores"]["culture"] == pytest.approx(92.8125, abs=1e-6)
    assert prairie["scores"]["travel"] == pytest.approx(92.5, abs=1e-6)
    assert prairie["contributions"]["english"] == pytest.approx(11.25, abs=1e-6)
    assert prairie["contributions"]["travel"] == pytest.approx(1.15625, abs=1e-6)


def test_rank_csv_has_one_row_per_vendor_and_neutralises_formulas(tmp_path: Path) -> None:
    for name, text in {
        "a.yaml": 'name: "=HYPERLINK(\\"http://x\\",\\"y\\")"\ndelivery_model: onshore\n',
        "b.yaml": 'name: "@SUM(A1)"\ndelivery_model: offshore\n',
        "c.yaml": 'name: "+1+2"\ndelivery_model: hosted\n',
        "d.yaml": 'name: "-2+3"\ndelivery_model: nearshore\n',
    }.items():
        (tmp_path / name).write_text(text)
    result = _invoke("rank", tmp_path, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 4
    assert {r["vendor"] for r in rows} == {
        '\'=HYPERLINK("http://x","y")',
        "'@SUM(A1)",
        "'+1+2",
        "'-2+3",
    }
    assert list(rows[0])[:4] == ["rank", "vendor", "delivery_model", "total"]


def test_rank_csv_matches_the_json_order() -> None:
    rows = list(csv.DictReader(io.StringIO(_invoke("rank", SAMPLES, "-f", "csv").stdout)))
    names = [v["name"] for v in _rank_json(SAMPLES)["vendors"]]
    assert [r["vendor"] for r in rows] == names


def test_rank_markdown_is_a_table_with_escaped_vendor_text(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text('name: "Pipe | [link](x) *bold*"\ndelivery_model: onshore\n')
    result = _invoke("rank", tmp_path, "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    table = [line for line in result.stdout.splitlines() if line.startswith("|")]
    assert table[0].startswith("| Rank | Vendor |")
    assert len(table) == 3  # header, rule, one vendor
    assert "Pipe \\| \\[link\\](x) \\*bold\\*" in table[2]


def test_rank_table_shows_every_sample_vendor() -> None:
    result = _invoke("rank", SAMPLES)
    assert result.exit_code == 0, result.stderr
    for name in (v["name"] for v in _rank_json(SAMPLES)["vendors"]):
        assert name in result.stdout


def test_rank_top_limits_the_ranked_rows() -> None:
    # The samples rank Prairie 1, Puente 2, Harborline 3, Lempira and Quetzal both 4, Summit 6;
    # Lumina is knocked out (abandonment 0.14 against max 0.10): listed, unranked, only when
    # asked with --knocked-out (issue 13).
    top3 = _rank_json("--top", "3", SAMPLES, "--knocked-out")["vendors"]
    assert [(v["name"], v["rank"]) for v in top3] == [
        ("Prairie Voice Omaha", 1),
        ("Puente Contact Monterrey", 2),
        ("Harborline Contact Manila", 3),
        ("Lumina Outsourcing Davao", None),
    ]
    assert [v["rank"] for v in _rank_json("--top", "3", SAMPLES)["vendors"]] == [1, 2, 3]
    # A tie at the cut stays whole: the top 4 are five vendors.
    top4 = _rank_json("--top", "4", SAMPLES)["vendors"]
    assert [v["rank"] for v in top4] == [1, 2, 3, 4, 4]
    assert {v["name"] for v in top4[3:5]} == {
        "Lempira Contact San Pedro Sula",
        "Quetzal Contact Guatemala",
    }
    table = _invoke("rank", SAMPLES, "--top", "3", "--knocked-out")
    assert table.exit_code == 0
    rows = [line for line in table.stdout.splitlines() if line.startswith("│")]
    assert [row.split("│")[2].strip() for row in rows] == [v["name"] for v in top3]


def test_validate_exits_0_on_the_samples() -> None:
    result = _invoke("validate", SAMPLES)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: 14 vendor profiles and ")


def test_validate_counts_one_profile_in_the_singular() -> None:
    result = _invoke("validate", str(SAMPLES / "summit-home-agents.yaml"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: 1 vendor profile and ")


def test_validate_accepts_every_bundled_criteria_set() -> None:
    for name in ("default", "healthcare", "payments"):
        result = _invoke("validate", SAMPLES, "--criteria", name)
        assert result.exit_code == 0, (name, result.stderr)
        path = bundled_criteria()[name]  # site-packages when installed, criteria/ in a checkout
        first, *info = result.stdout.splitlines()
        assert first == f"ok: 14 vendor profiles and {path} are valid"
        assert all(": info: " in line for line in info)  # what the set makes of each profile
        lines = result.stderr.splitlines()
        assert all(line.startswith(("warning: ", "note: ")) for line in lines)
    result = _invoke("validate", SAMPLES, "--criteria", "nonesuch")
    assert result.exit_code == 2
    assert "'nonesuch' is neither a file nor a bundled criteria set" in result.stderr


def test_explain_shows_one_vendors_leaves_and_requirements() -> None:
    result = _invoke("explain", "Prairie Voice Omaha", SAMPLES)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Prairie Voice Omaha (onshore, ")
    assert "rank 1" in result.stdout
    assert "english" in result.stdout
    assert "Requirements (knock-outs)" in result.stdout


def test_explain_matches_the_name_case_insensitively() -> None:
    exact = _invoke("explain", "Prairie Voice Omaha", SAMPLES)
    for spelling in ("prairie voice omaha", "PRAIRIE VOICE OMAHA", "Prairie voice Omaha"):
        result = _invoke("explain", spelling, SAMPLES)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == exact.stdout  # the same vendor, shown under its own name
    assert exact.stdout.startswith("Prairie Voice Omaha (onshore, ")


def test_explain_unknown_vendor_suggests_the_nearest_name() -> None:
    result = _invoke("explain", "Prairie Voice Omha", SAMPLES)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "no vendor named 'Prairie Voice Omha' (did you mean 'Prairie Voice Omaha'?)\n"
    )


def test_explain_part_of_a_name_suggests_the_vendors_it_is_part_of() -> None:
    cases = {
        "Lumina": "(did you mean 'Lumina Outsourcing Davao'?)",
        "manila": "(did you mean 'Harborline Contact Manila'?)",
        "Home Agents": "(did you mean 'Summit Home Agents' or 'Liffey Home Agents'?)",
    }
    for typed, hint in cases.items():
        result = _invoke("explain", typed, SAMPLES)
        assert result.exit_code == 2
        assert result.stderr == f"no vendor named '{typed}' {hint}\n"
    # In more than three names: the list of every vendor, as for a name like none of them.
    result = _invoke("explain", "Contact", SAMPLES)
    assert result.stderr.startswith("no vendor named 'Contact'; vendors: Prairie Voice Omaha, ")


def test_criteria_list_names_the_bundled_sets() -> None:
    result = _invoke("criteria", "list")
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == ["default", "healthcare", "payments", "tco"]


def test_criteria_show_default_has_effective_weights_summing_to_100() -> None:
    result = _invoke("criteria", "show", "default")
    assert result.exit_code == 0, result.stderr
    assert "Customer-service outsourcing (default)" in result.stdout
    top = [
        float(line.rsplit("-> ", 1)[1].split("%")[0])
        for line in result.stdout.splitlines()
        if line[:4] in ("├── ", "└── ")
    ]
    assert len(top) == 7
    assert abs(sum(top) - 100.0) < 0.5
    assert "knock-out: scorecard.abandon_rate max 0.1" in result.stdout


def _check_schema(kind: str, required: set[str]) -> dict:
    result = _invoke("schema", kind)
    assert result.exit_code == 0, result.stderr
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    assert required <= set(schema["required"])
    assert schema.get("additionalProperties") is False
    # Every $ref resolves inside the document.
    text = result.stdout
    defs = schema.get("$defs", {})
    for ref in {part.split('"')[0] for part in text.split('"$ref": "#/$defs/')[1:]}:
        assert ref in defs, ref
    return schema


def test_schema_vendor_is_a_json_schema_of_the_profile() -> None:
    schema = _check_schema("vendor", {"name", "delivery_model"})
    assert {"languages", "pricing", "scorecard", "extra"} <= schema["properties"].keys()


def test_schema_criteria_is_a_json_schema_of_a_criteria_file() -> None:
    schema = _check_schema("criteria", {"name", "criteria"})
    assert {"requirements", "exchange_rates", "missing"} <= schema["properties"].keys()


def test_schema_of_an_unknown_kind_is_a_user_error() -> None:
    result = _invoke("schema", "vendors")
    assert result.exit_code == 2
    assert result.stderr == "schema: 'vendors' is not a schema; use vendor or criteria\n"


def test_version_prints_the_package_version() -> None:
    result = _invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"vendorscore {__version__}\n"


def test_python_m_vendorscore_help_lists_the_commands() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "vendorscore", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        check=False,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    for command in ("rank", "explain", "validate", "criteria", "schema"):
        assert command in proc.stdout


def test_a_narrow_terminal_keeps_every_criterion_and_never_cuts_the_total(monkeypatch) -> None:
    from rich.console import Console

    from vendorscore.inputs.loading import load_criteria, load_vendors
    from vendorscore.report.terminal import ranking_table
    from vendorscore.scoring.pipeline import score

    ranking = score(load_vendors([SAMPLES]), load_criteria("default"))
    console = Console(width=80, record=True, color_system=None)
    console.print(ranking_table(ranking, width=80))
    text = console.export_text()
    assert "87.5" in text  # Prairie Voice Omaha's total, in full
    # Issue 13: short headers with a legend instead of hiding 6 of 7 criteria.
    assert "criteria columns" not in text and "lang language" in " ".join(text.split())
