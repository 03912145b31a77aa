"""The library's whole-run call, `vendorscore.rank`, its test helpers and its public names (issue 17)."""

from __future__ import annotations

import ast
import hashlib
from pathlib import Path
from typing import get_args

import pytest
from typer.testing import CliRunner

import vendorscore
from vendorscore.cli import app
from vendorscore.cli._common import MethodChoice
from vendorscore.errors import MissingInputError, ProfileError, VendorScoreError
from vendorscore.inputs.loading import bundled_criteria, load_vendors
from vendorscore.model.results import Method
from vendorscore.scoring.methods import METHODS
from vendorscore.testing import group, leaf, make_criteria, make_vendor

ROOT = Path(__file__).resolve().parents[1]
VENDORS = ROOT / "samples" / "vendors"
DEMAND = ROOT / "samples" / "demand.yaml"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_rank_does_what_the_command_does_with_a_demand_profile() -> None:
    ranking = vendorscore.rank(str(VENDORS), criteria="tco", demand=str(DEMAND))
    assert ranking.staffing is not None
    assert [p.vendor for p in ranking.staffing.vendors] == [
        v.profile.name for v in load_vendors(VENDORS)
    ]
    # Provenance: the criteria file, then the demand, then every vendor file, with SHA-256.
    kinds = [f.kind for f in ranking.inputs]
    assert kinds == ["criteria", "demand", *["vendor"] * 14]
    demand = ranking.inputs[1]
    assert (demand.path, demand.sha256) == (str(DEMAND), _sha256(DEMAND))
    assert {f.path for f in ranking.inputs[2:]} == {str(p) for p in VENDORS.glob("*.yaml")}
    # The same ranking as the command line's JSON.
    result = CliRunner().invoke(
        app, ["rank", str(VENDORS), "-c", "tco", "-d", str(DEMAND), "-f", "json"]
    )
    import json

    shown = json.loads(result.stdout)["vendors"]
    assert [(v["rank"], v["name"]) for v in shown] == [(v.rank, v.name) for v in ranking.vendors]
    assert [v["total"] for v in shown] == [round(v.total, 10) for v in ranking.vendors]


def test_rank_takes_str_path_one_path_or_several() -> None:
    files = sorted(VENDORS.glob("*.yaml"))[:2]
    one = vendorscore.rank(VENDORS)
    assert [v.name for v in vendorscore.rank(str(VENDORS)).vendors] == [v.name for v in one.vendors]
    two = vendorscore.rank([str(files[0]), files[1]])
    assert sorted(v.file for v in two.vendors) == sorted(str(f) for f in files)
    assert two.staffing is None and two.method == "weighted_sum"


def test_rank_takes_a_loaded_criteria_set() -> None:
    fcr = leaf("fcr", "scorecard.fcr", {"linear": {"worst": 0.5, "best": 0.9}})
    ranking = vendorscore.rank(VENDORS, criteria=make_criteria([fcr], file="mine"))
    assert ranking.inputs[0].path == "mine" and ranking.criteria_file == "mine"
    # Harborline's fcr 0.72 is 55% of the way from 0.5 (worst) to 0.9 (best).
    harborline = ranking.vendor("Harborline Contact Manila")
    assert harborline.values["scorecard.fcr"] == 0.72
    assert harborline.total == pytest.approx(55.0)


def test_load_vendors_takes_a_str_as_one_path() -> None:
    assert len(load_vendors(str(VENDORS))) == len(load_vendors([str(VENDORS)])) == 14


def test_every_file_problem_is_raised_at_once(write) -> None:
    bad_vendor = write("v/bad.yaml", "name: Bad\ndelivery_model: moon\n")
    bad_demand = write("demand.yaml", "name: D\n")
    with pytest.raises(VendorScoreError) as info:
        vendorscore.rank(
            bad_vendor.parent, criteria=bad_vendor.parent / "nope.yaml", demand=bad_demand
        )
    files = [p.file for p in info.value.problems]
    assert str(bad_vendor) in files
    assert str(bad_vendor.parent / "nope.yaml") in files
    assert str(bad_demand) in files


def test_without_a_demand_the_library_asks_for_one_in_its_own_words() -> None:
    with pytest.raises(MissingInputError) as info:
        vendorscore.rank(VENDORS, criteria="tco")
    (problem,) = info.value.problems
    assert problem.message.endswith(
        "which need the buyer's demand: give a demand profile (see samples/demand.yaml)"
    )
    assert "--" not in str(info.value)


def test_the_command_line_asks_for_its_option_instead() -> None:
    result = CliRunner().invoke(app, ["rank", str(VENDORS), "-c", "tco"])
    assert result.exit_code == 2
    tco = bundled_criteria()["tco"]  # site-packages when installed, criteria/ in a checkout
    assert result.stderr == (
        f"{tco}:163:16: this criteria set uses derived.abandon_rate, derived.blocking_rate, "
        "derived.buyer_share_of_seats, derived.feasible, derived.monthly_cost, "
        "derived.night_share, derived.reported_service_level, derived.service_level, which need "
        "the buyer's demand: pass --demand FILE (see samples/demand.yaml)\n"
    )


def test_notes_name_the_option_on_the_command_line_only() -> None:
    (library,) = vendorscore.rank(VENDORS).notes
    assert library.endswith("not the buyer's volume: give a demand profile to cost it")
    result = CliRunner().invoke(app, ["rank", str(VENDORS), "-f", "json"])
    import json

    (cli,) = json.loads(result.stdout)["notes"]
    assert cli == library.replace("give a demand profile", "pass --demand FILE")


def test_an_unknown_method_fails_before_any_file_is_read(tmp_path: Path) -> None:
    with pytest.raises(
        VendorScoreError, match=r"^'borda' is not a scoring method; use weighted_sum or topsis$"
    ):
        vendorscore.rank(tmp_path / "missing", method="borda")


def test_method_is_an_enum_option_with_the_library_s_methods() -> None:
    assert [m.value for m in MethodChoice] == list(METHODS) == list(get_args(Method))
    result = CliRunner().invoke(app, ["rank", str(VENDORS), "--method", "borda"])
    assert result.exit_code == 2
    assert (
        "Invalid value for '--method' / '-m': 'borda' is not one of 'weighted_sum', 'topsis'."
        in result.stderr
    )


# ---- vendorscore.testing ------------------------------------------------------------------------


def test_make_vendor_defaults_the_required_fields_and_leaves_out_none() -> None:
    vendor = make_vendor(pricing=None, scorecard={"fcr": 0.8})
    assert (vendor.profile.name, vendor.profile.delivery_model) == ("Vendor", "onshore")
    assert vendor.profile.pricing is None and vendor.profile.scorecard is not None
    assert vendor.file == "<vendor>" and len(vendor.sha256) == 64


def test_make_vendor_refuses_what_a_file_would_with_every_problem_and_no_made_up_line() -> None:
    with pytest.raises(ProfileError) as info:
        make_vendor(name="B", scorecard={"fcr": 2}, bogus=1)
    assert [str(p) for p in info.value.problems] == [
        "<vendor>: scorecard.fcr: must be <= 1.0, got 2 (fractions are 0..1: write 2% as 0.02)",
        "<vendor>: unknown key 'bogus' (allowed here: name, delivery_model, headquarters, sites, "
        "languages, culture, pricing, workforce, technology, security, clients, scorecard, extra)",
    ]


def test_make_criteria_checks_the_tree_as_a_file_is_checked() -> None:
    scale = {"linear": {"worst": 0, "best": 1}}
    with pytest.raises(
        VendorScoreError, match=r"'scorecard.fcrr' is not a field of a vendor profile"
    ):
        make_criteria([leaf("x", "scorecard.fcrr", scale)])
    tree = make_criteria(
        [
            group(
                "quality",
                leaf("fcr", "scorecard.fcr", scale, weight=3),
                leaf("csat", "scorecard.csat", scale),
            )
        ],
        missing="exclude",
    )
    (quality,) = tree.spec.criteria
    assert [(c.id, c.weight) for c in quality.criteria or []] == [("fcr", 3.0), ("csat", 1.0)]
    assert tree.spec.missing == "exclude" and tree.spec.name == "Test criteria"


# ---- the package root: one table of public names -------------------------------------------------


def test_every_public_name_resolves() -> None:
    for name in vendorscore.__all__:
        assert getattr(vendorscore, name) is not None, name
    assert vendorscore.Criteria.__module__ == "vendorscore.model.criteria"
    assert "rank" in dir(vendorscore)


def test_the_typed_imports_for_type_checkers_match_the_table() -> None:
    tree = ast.parse(Path(vendorscore.__file__).read_text(encoding="utf-8"))
    (block,) = [n for n in tree.body if isinstance(n, ast.If)]
    typed = {
        a.asname: node.module
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for a in node.names
    }
    assert typed == vendorscore._EXPORTS


def test_the_readme_library_example_prints_what_the_readme_shows(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Library use") :]
    code = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)[0]
    shown = re.findall(r"```text\n(.*?)```", section, flags=re.DOTALL)[0]
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out == shown
